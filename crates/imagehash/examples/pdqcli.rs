//! Prints PDQ hash and quality of image files (development helper).
use redflag_imagehash::pdq::{Luma, PdqHasher};
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let hasher = PdqHasher::new();
    for p in std::env::args().skip(1) {
        let img = image::open(&p)?;
        let r = hasher.hash(&Luma::from_image(&img));
        println!("{p} {:?} {}x{} {} {}", img.color(), img.width(), img.height(), r.hash.to_hex(), r.quality);
    }
    Ok(())
}
