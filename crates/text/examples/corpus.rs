//! Writes the seeded benchmark corpus (one document per line) and the default lexicon's terms (one per
//! line), for the side-by-side comparison in `benches/compare/text_compare.py`:
//! `cargo run -p redflag-text --release --example corpus -- OUT_DIR [MiB]`.

use redflag_text::Lexicon;
use redflag_text::synth::{Style, corpus};
use std::io::Write;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().map_or("target/text-compare", String::as_str));
    let mib: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(8);
    std::fs::create_dir_all(&dir)?;
    let lexicon = Lexicon::embedded();
    for (name, style) in [("plain", Style::Plain), ("obfuscated", Style::Obfuscated)] {
        let mut f = std::io::BufWriter::new(std::fs::File::create(
            dir.join(format!("corpus-{name}.txt")),
        )?);
        for doc in corpus(&lexicon, 42, mib << 20, style) {
            writeln!(f, "{}", doc.replace(['\n', '\r'], " "))?;
        }
        f.flush()?;
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("terms.txt"))?);
    for rule in lexicon.rules() {
        for t in rule.terms.iter().chain(&rule.emoji) {
            writeln!(f, "{}\t{t}", rule.id)?;
        }
    }
    f.flush()?;
    Ok(())
}
