//! JPEG decoding with libjpeg-turbo's decoder (through the `mozjpeg` crate, which builds MozJPEG, a
//! libjpeg-turbo fork whose decoder is unchanged).
//!
//! Why not `image`'s own JPEG decoder (zune-jpeg): its integer IDCT (from stb_image) and its
//! 14-bit YCbCr→RGB conversion round differently from libjpeg-turbo's `JDCT_ISLOW` IDCT and 16-bit
//! conversion tables, so pixels differ by ±1–2 here and there (on the upstream `wee.jpg`, 12–13
//! samples per YCbCr plane, and 47,502 of the 16.7 M YCbCr triples convert differently). The
//! published PDQ hashes were computed on libjpeg-turbo's pixels (Pillow, the C++ reference's CImg
//! build), and such differences move PDQ bits; with this decoder and libjpeg's defaults (accurate
//! integer IDCT, "fancy" triangle chroma upsampling) our pixels are libjpeg-turbo's.
//!
//! libjpeg reports fatal errors through a callback that cannot return; the `mozjpeg` crate turns
//! them into an unwind (`resume_unwind`, no panic hook runs) that is caught here and becomes an
//! [`Error::Decode`].
//!
//! Before libjpeg sees the data, a marker walk ([`layout`]) checks the structure: end-of-image
//! present (libjpeg pads a truncated scan with grey and only warns), the number of scans (each
//! progressive scan re-visits every block, so a file of many tiny scans is a CPU bomb), the frame
//! type (progressive frames keep every coefficient in memory: 128 bytes per 8×8 block, counted
//! against `max_alloc` before decoding) and the EXIF segment.

use crate::{Error, Limits, Orientation};
use image::{DynamicImage, GrayImage, RgbImage};
use mozjpeg::{ColorSpace, Decompress};
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What the marker walk found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    /// A start-of-frame marker was seen.
    pub(crate) frame: bool,
    /// The frame is progressive (SOF2, SOF6, SOF10, SOF14).
    pub(crate) progressive: bool,
    /// Start-of-scan markers seen.
    pub(crate) scans: u32,
    /// The end-of-image marker was reached.
    pub(crate) end: bool,
    /// The TIFF payload of the first `Exif` APP1 segment.
    pub(crate) exif: Option<Range<usize>>,
}

/// Walks the marker segments of a JPEG file (without decoding anything).
///
/// Truncation is not an error here: the walk stops and `end` stays false.
pub(crate) fn layout(bytes: &[u8]) -> Result<Layout, &'static str> {
    if !bytes.starts_with(&[0xff, 0xd8]) {
        return Err("no start-of-image marker");
    }
    let mut out = Layout::default();
    let mut pos = 2;
    loop {
        // Find the next marker: 0xFF followed by a byte that is neither a fill 0xFF nor 0x00.
        let Some(ff) = bytes[pos..].iter().position(|&b| b == 0xff) else {
            return Ok(out);
        };
        pos += ff;
        while bytes.get(pos + 1) == Some(&0xff) {
            pos += 1;
        }
        let Some(&marker) = bytes.get(pos + 1) else {
            return Ok(out);
        };
        pos += 2;
        match marker {
            0x00 | 0x01 | 0xd0..=0xd8 => continue,
            0xd9 => {
                out.end = true;
                return Ok(out);
            }
            _ => {}
        }
        let Some(len) = bytes.get(pos..pos + 2) else {
            return Ok(out);
        };
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        if len < 2 {
            return Err("marker segment shorter than its length field");
        }
        let body = pos + 2..pos + len;
        if body.end > bytes.len() {
            return Ok(out);
        }
        match marker {
            0xc0..=0xcf if !matches!(marker, 0xc4 | 0xc8 | 0xcc) => {
                out.frame = true;
                out.progressive = matches!(marker, 0xc2 | 0xc6 | 0xca | 0xce);
            }
            0xe1 if out.exif.is_none() && bytes[body.clone()].starts_with(b"Exif\0\0") => {
                out.exif = Some(body.start + 6..body.end);
            }
            0xda => {
                out.scans = out.scans.saturating_add(1);
                // Entropy-coded data follows; its 0xFF bytes are stuffed (0xFF00) or restart
                // markers, which the search above skips.
            }
            _ => {}
        }
        pos = body.end;
    }
}

/// Decodes a JPEG with libjpeg-turbo's decoder under `limits`.
///
/// Returns `Ok(None)` for CMYK/YCCK files, which libjpeg cannot convert to RGB; the caller decodes
/// those with `image`.
pub(crate) fn decode_jpeg(
    bytes: &[u8],
    limits: &Limits,
    orientation: Orientation,
    source: &str,
) -> Result<Option<DynamicImage>, Error> {
    let decode_error = |message: String| Error::Decode {
        path: source.to_owned(),
        message,
    };
    let layout = layout(bytes).map_err(|m| decode_error(format!("jpeg: {m}")))?;
    if !layout.end {
        // libjpeg fills a truncated scan with grey and only warns; a hash of half an image is
        // worse than an error.
        return Err(decode_error(
            "truncated jpeg (no end-of-image marker)".to_owned(),
        ));
    }
    if !layout.frame || layout.scans == 0 {
        return Err(decode_error("jpeg without a frame or a scan".to_owned()));
    }
    if u64::from(layout.scans) > u64::from(limits.max_jpeg_scans) {
        return Err(Error::LimitExceeded {
            path: source.to_owned(),
            what: "jpeg scan count",
            actual: u64::from(layout.scans),
            limit: u64::from(limits.max_jpeg_scans),
        });
    }
    let decoded = catch_unwind(AssertUnwindSafe(|| {
        decode_pixels(bytes, limits, &layout, source)
    }));
    let image = match decoded {
        Ok(Ok(Some(image))) => image,
        Ok(Ok(None)) => return Ok(None),
        Ok(Err(e)) => return Err(e),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("libjpeg fatal error");
            return Err(decode_error(message.to_owned()));
        }
    };
    let mut image = image;
    if orientation == Orientation::ApplyExif
        && let Some(o) = layout
            .exif
            .and_then(|r| image::metadata::Orientation::from_exif_chunk(&bytes[r]))
    {
        image.apply_orientation(o);
    }
    Ok(Some(image))
}

/// The libjpeg part; may unwind on a libjpeg fatal error.
fn decode_pixels(
    bytes: &[u8],
    limits: &Limits,
    layout: &Layout,
    source: &str,
) -> Result<Option<DynamicImage>, Error> {
    let decode_error = |e: std::io::Error| Error::Decode {
        path: source.to_owned(),
        message: format!("jpeg: {e}"),
    };
    let decompress = Decompress::builder()
        .from_mem(bytes)
        .map_err(decode_error)?;
    let grey = match decompress.color_space() {
        ColorSpace::JCS_GRAYSCALE => true,
        ColorSpace::JCS_YCbCr | ColorSpace::JCS_RGB => false,
        ColorSpace::JCS_CMYK | ColorSpace::JCS_YCCK => return Ok(None),
        other => {
            return Err(Error::UnsupportedFormat {
                path: source.to_owned(),
                message: format!("jpeg colour space {other:?}"),
            });
        }
    };
    let (width, height) = decompress.size();
    let (width, height) = (width as u64, height as u64);
    let channels = if grey { 1 } else { 3 };
    // A progressive frame keeps all its coefficients (64 × i16 per block) while decoding.
    let coefficients: u64 = if layout.progressive {
        decompress
            .components()
            .iter()
            .map(|c| u64::from(c.width_in_blocks) * u64::from(c.height_in_blocks) * 128)
            .sum()
    } else {
        0
    };
    crate::decode::check_dimensions(
        source,
        limits,
        width,
        height,
        width * height * channels + coefficients,
    )?;
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(Error::LimitExceeded {
            path: source.to_owned(),
            what: "width or height",
            actual: width.max(height),
            limit: u64::from(limits.max_width.max(limits.max_height)),
        });
    };
    let mut started = if grey {
        decompress.grayscale()
    } else {
        decompress.rgb()
    }
    .map_err(decode_error)?;
    let pixels: Vec<u8> = started.read_scanlines().map_err(decode_error)?;
    started.finish().map_err(decode_error)?;
    let short = || Error::Decode {
        path: source.to_owned(),
        message: "jpeg: fewer pixels than the frame declares".to_owned(),
    };
    Ok(Some(if grey {
        DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, pixels).ok_or_else(short)?)
    } else {
        DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, pixels).ok_or_else(short)?)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![0xff, marker];
        v.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
        v.extend_from_slice(body);
        v
    }

    /// A small baseline JPEG written by `image`'s encoder.
    fn small_jpeg() -> Vec<u8> {
        let img = image::RgbImage::from_fn(40, 24, |x, y| {
            image::Rgb([(x * 6) as u8, (y * 10) as u8, 90])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&img)
            .expect("encode");
        out
    }

    fn run(bytes: &[u8], limits: &Limits) -> Result<Option<DynamicImage>, Error> {
        decode_jpeg(bytes, limits, Orientation::AsStored, "t.jpg")
    }

    #[test]
    fn decodes_and_libjpeg_fatal_errors_become_typed_errors() {
        let good = small_jpeg();
        let img = run(&good, &Limits::default())
            .expect("decodes")
            .expect("not cmyk");
        assert_eq!((img.width(), img.height()), (40, 24));
        // Sample precision 7 in the frame header: libjpeg's error_exit ("Unsupported JPEG data
        // precision"), which unwinds out of C and is caught.
        let sof = good
            .windows(2)
            .position(|w| w == [0xff, 0xc0])
            .expect("baseline frame");
        let mut bad = good.clone();
        bad[sof + 4] = 7;
        let e = run(&bad, &Limits::default()).unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e}");
        assert!(e.to_string().contains("precision"), "{e}");
        // A zero height: also refused by libjpeg, not by a panic.
        let mut bad = good.clone();
        bad[sof + 5] = 0;
        bad[sof + 6] = 0;
        let e = run(&bad, &Limits::default()).unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e}");
        // Garbage Huffman table.
        let dht = good
            .windows(2)
            .position(|w| w == [0xff, 0xc4])
            .expect("huffman table");
        let mut bad = good.clone();
        for b in &mut bad[dht + 5..dht + 21] {
            *b = 0xff;
        }
        assert!(run(&bad, &Limits::default()).is_err());
    }

    #[test]
    fn limits_apply_before_decoding() {
        let good = small_jpeg();
        let limits = Limits {
            max_jpeg_scans: 0,
            ..Limits::default()
        };
        let e = run(&good, &limits).unwrap_err();
        assert!(
            matches!(
                e,
                Error::LimitExceeded {
                    what: "jpeg scan count",
                    actual: 1,
                    ..
                }
            ),
            "{e}"
        );
        let limits = Limits {
            max_pixels: 40 * 24 - 1,
            ..Limits::default()
        };
        let e = run(&good, &limits).unwrap_err();
        assert!(
            matches!(
                e,
                Error::LimitExceeded {
                    what: "pixel count",
                    ..
                }
            ),
            "{e}"
        );
        let limits = Limits {
            max_alloc: 40 * 24 * 3 - 1,
            ..Limits::default()
        };
        let e = run(&good, &limits).unwrap_err();
        assert!(
            matches!(
                e,
                Error::LimitExceeded {
                    what: "decoded size",
                    ..
                }
            ),
            "{e}"
        );
        // Truncated: refused, not padded with grey.
        let e = run(&good[..good.len() - 40], &Limits::default()).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
    }

    #[test]
    fn layout_counts_scans_and_finds_the_end_and_exif() {
        let mut f = vec![0xff, 0xd8];
        f.extend(segment(0xe1, b"Exif\0\0II*\0"));
        f.extend(segment(0xc2, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
        for _ in 0..3 {
            f.extend(segment(0xda, &[1, 1, 0, 0, 63, 0]));
            // entropy-coded data with a stuffed 0xFF and a restart marker
            f.extend_from_slice(&[0x12, 0xff, 0x00, 0x34, 0xff, 0xd3, 0x56]);
        }
        f.extend_from_slice(&[0xff, 0xd9]);
        let l = layout(&f).unwrap();
        assert!(l.frame && l.progressive && l.end);
        assert_eq!(l.scans, 3);
        assert_eq!(&f[l.exif.unwrap()], b"II*\0");
        // Cut before the end: no end marker, no error.
        let l = layout(&f[..f.len() - 3]).unwrap();
        assert!(!l.end);
        assert_eq!(l.scans, 3);
        assert!(layout(b"\x89PNG").is_err());
        let mut bad = vec![0xff, 0xd8, 0xff, 0xc0, 0x00, 0x01];
        bad.extend_from_slice(&[0xff, 0xd9]);
        assert!(layout(&bad).is_err());
    }
}
