//! Decoding under explicit limits.

use crate::Error;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, error::LimitErrorKind};
use std::io::{Cursor, Read};
use std::path::Path;

/// Caps applied before and while decoding an untrusted image. Nothing is allocated from a size the
/// file declares before that size has been checked against these limits.
///
/// The defaults (64 Mi pixels, 512 MiB decoder allocation, 128 MiB file, 65,535 px per side)
/// accept every photo a camera produces.
///
/// **Peak memory per image** with [`crate::Hasher`]: the file bytes, plus the decoded pixels
/// (3 bytes per pixel for 8-bit RGB, 4 for RGBA, 1 for grey) and the float luma plane (4 bytes per
/// pixel) while the plane is built; the decoded pixels are then released and PDQ filters the plane
/// in place (plus one row group, a ring of `⌈height/128⌉ + 1` rows and a 64-column strip; window
/// hashes work on a copy reduced to at most 256 px per side). So about 7–8 bytes per pixel plus the
/// file: at the default 64 Mi-pixel limit about 0.45–0.5 GiB plus the file, for a 12 MP photo about
/// 90 MiB. `--jobs N` hashes need N times that at worst: 8 parallel worst-case images fit in 4 GiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Maximum width × height.
    pub max_pixels: u64,
    /// Maximum width.
    pub max_width: u32,
    /// Maximum height.
    pub max_height: u32,
    /// Maximum bytes the decoder may allocate (passed to `image::Limits::max_alloc`; the decoded
    /// buffer counts).
    pub max_alloc: u64,
    /// Maximum file size in bytes.
    pub max_file_bytes: u64,
    /// Maximum number of scans in a JPEG file. Each scan of a progressive JPEG visits every block
    /// of the image again, so many tiny scans make a small file cost minutes of CPU; real
    /// progressive files have about 10.
    pub max_jpeg_scans: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_pixels: 64 * 1024 * 1024,
            max_width: 65_535,
            max_height: 65_535,
            max_alloc: 512 * 1024 * 1024,
            max_file_bytes: 128 * 1024 * 1024,
            max_jpeg_scans: 1000,
        }
    }
}

/// Whether EXIF orientation is applied after decoding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Orientation {
    /// Hash the pixels as stored, ignoring EXIF orientation (the PDQ reference and
    /// python-threatexchange do this; hashes then agree with theirs). The default.
    #[default]
    AsStored,
    /// Rotate/flip the image as its EXIF orientation says before hashing.
    ApplyExif,
}

/// Reads a file, refusing it when it exceeds `limits.max_file_bytes`.
pub(crate) fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, Error> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::io(&name, &e))?;
    let len = file.metadata().map_err(|e| Error::io(&name, &e))?.len();
    if len > limits.max_file_bytes {
        return Err(Error::LimitExceeded {
            path: name,
            what: "file size",
            actual: len,
            limit: limits.max_file_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&name, &e))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Error::LimitExceeded {
            path: name,
            what: "file size",
            actual: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    Ok(bytes)
}

/// Decodes `bytes` (named `source` in errors) under `limits`.
///
/// The format is guessed from the content. The declared dimensions are checked against the pixel
/// and side limits before any pixel buffer is allocated, and the decoder itself runs under
/// `image::Limits` with `max_alloc`.
///
/// JPEG files are decoded with libjpeg-turbo's decoder (accurate integer IDCT, fancy chroma
/// upsampling: the pixels Pillow and the PDQ reference see), after a marker walk that refuses
/// truncated files and more than `max_jpeg_scans` scans, and a check that the pixels plus a
/// progressive frame's coefficients (2 bytes per sample) fit in `max_alloc`. CMYK/YCCK JPEGs,
/// which libjpeg does not convert to RGB, go to `image`'s decoder. So does every JPEG in a build
/// with `panic = "abort"`: libjpeg's fatal errors are caught as an unwind, which such a build
/// cannot do, and a corrupt file must never abort the process (PDQ may then differ from the
/// reference by a few bits on some JPEGs; keep the default `panic = "unwind"` for exact hashes).
///
/// # Errors
/// [`Error::UnsupportedFormat`] when the format is not recognised, [`Error::LimitExceeded`] when a
/// limit is hit, [`Error::Decode`] for corrupt or truncated data.
pub fn decode(
    bytes: &[u8],
    limits: &Limits,
    orientation: Orientation,
    source: &str,
) -> Result<DynamicImage, Error> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Error::LimitExceeded {
            path: source.to_owned(),
            what: "file size",
            actual: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Error::io(source, &e))?;
    if reader.format().is_none() {
        return Err(Error::UnsupportedFormat {
            path: source.to_owned(),
            message: "unrecognised file signature".to_owned(),
        });
    }
    // libjpeg's fatal errors reach us as an unwind; in a `panic = "abort"` build that would abort
    // the process, so such builds decode JPEG with `image`'s decoder instead (never aborts, but
    // its pixels, and so a few PDQ bits, may differ from the reference's on some JPEGs).
    #[cfg(panic = "unwind")]
    if reader.format() == Some(image::ImageFormat::Jpeg)
        && let Some(image) = crate::jpeg::decode_jpeg(bytes, limits, orientation, source)?
    {
        return Ok(image);
    }
    let mut reader = reader;
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_width);
    image_limits.max_image_height = Some(limits.max_height);
    image_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(image_limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| map_image_error(e, source, limits))?;
    let (w, h) = decoder.dimensions();
    check_dimensions(
        source,
        limits,
        u64::from(w),
        u64::from(h),
        decoder.total_bytes(),
    )?;
    let exif = match orientation {
        Orientation::AsStored => None,
        Orientation::ApplyExif => decoder.orientation().ok(),
    };
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|e| map_image_error(e, source, limits))?;
    if let Some(o) = exif {
        image.apply_orientation(o);
    }
    Ok(image)
}

/// Checks declared dimensions and the bytes decoding will allocate against `limits`.
pub(crate) fn check_dimensions(
    source: &str,
    limits: &Limits,
    width: u64,
    height: u64,
    decoded_bytes: u64,
) -> Result<(), Error> {
    let check = |what: &'static str, actual: u64, limit: u64| {
        if actual > limit {
            Err(Error::LimitExceeded {
                path: source.to_owned(),
                what,
                actual,
                limit,
            })
        } else {
            Ok(())
        }
    };
    check("width", width, u64::from(limits.max_width))?;
    check("height", height, u64::from(limits.max_height))?;
    check(
        "pixel count",
        width.saturating_mul(height),
        limits.max_pixels,
    )?;
    check("decoded size", decoded_bytes, limits.max_alloc)
}

fn map_image_error(e: ImageError, source: &str, limits: &Limits) -> Error {
    let path = source.to_owned();
    match e {
        ImageError::Limits(l) => {
            let (what, limit) = match l.kind() {
                LimitErrorKind::DimensionError => (
                    "width or height",
                    u64::from(limits.max_width.max(limits.max_height)),
                ),
                LimitErrorKind::InsufficientMemory => ("decoded size", limits.max_alloc),
                _ => ("decoder limit", 0),
            };
            Error::LimitExceeded {
                path,
                what,
                actual: 0,
                limit,
            }
        }
        ImageError::Unsupported(u) => Error::UnsupportedFormat {
            path,
            message: u.to_string().to_lowercase(),
        },
        ImageError::IoError(io) => Error::Decode {
            path,
            message: format!("truncated or unreadable data: {io}"),
        },
        other => Error::Decode {
            path,
            message: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(width: u32, height: u32) -> Vec<u8> {
        // A PNG signature, an IHDR declaring the size, and an IDAT with almost no pixel data.
        let mut v = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(b"IHDR");
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        v.extend_from_slice(&13u32.to_be_bytes());
        v.extend_from_slice(&ihdr);
        v.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        for (kind, body) in [
            (&b"IDAT"[..], &[0x78u8, 0x9c, 0x03, 0x00][..]),
            (&b"IEND"[..], &[][..]),
        ] {
            let mut chunk = kind.to_vec();
            chunk.extend_from_slice(body);
            v.extend_from_slice(&(body.len() as u32).to_be_bytes());
            v.extend_from_slice(&chunk);
            v.extend_from_slice(&crc32(&chunk).to_be_bytes());
        }
        v
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn huge_declared_size_is_refused_before_allocation() {
        let bytes = png_header(60_000, 60_000);
        let err = decode(&bytes, &Limits::default(), Orientation::AsStored, "big.png").unwrap_err();
        assert_eq!(err.code(), redflag_model::ErrorCode::LimitExceeded, "{err}");
    }

    #[test]
    fn garbage_is_unsupported_and_truncation_is_a_decode_error() {
        let err = decode(
            b"hello world, not an image",
            &Limits::default(),
            Orientation::AsStored,
            "x",
        )
        .unwrap_err();
        assert_eq!(err.code(), redflag_model::ErrorCode::UnsupportedFormat);
        let err = decode(
            &png_header(10, 10),
            &Limits::default(),
            Orientation::AsStored,
            "t.png",
        )
        .unwrap_err();
        assert_eq!(err.code(), redflag_model::ErrorCode::Decode, "{err}");
    }

    #[test]
    fn file_size_limit_applies() {
        let limits = Limits {
            max_file_bytes: 10,
            ..Limits::default()
        };
        let err = decode(&png_header(10, 10), &limits, Orientation::AsStored, "t.png").unwrap_err();
        assert!(
            matches!(
                err,
                Error::LimitExceeded {
                    what: "file size",
                    ..
                }
            ),
            "{err}"
        );
    }
}
