//! ISO 3166-1 alpha-2 region codes.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An ISO 3166-1 alpha-2 region code such as `UA` or `GB`, stored upper-case.
///
/// It is the default region for phone numbers written in national format. Parsing accepts either case
/// and checks the shape (two ASCII letters), not membership in the ISO list, so codes that phone
/// metadata knows but ISO does not (`XK`, Kosovo) still work.
///
/// ```
/// use redflag_model::Region;
/// let ua: Region = "ua".parse()?;
/// assert_eq!(ua.as_str(), "UA");
/// assert!("Ukraine".parse::<Region>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Region([u8; 2]);

/// The error returned for a string that is not two ASCII letters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRegion {
    /// The rejected input (at most 16 bytes of it are kept).
    pub input: String,
}

impl fmt::Display for InvalidRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid region `{}`: expected an ISO 3166-1 alpha-2 code such as `UA`",
            self.input
        )
    }
}

impl std::error::Error for InvalidRegion {}

impl Region {
    /// The code as an upper-case `&str`.
    pub fn as_str(&self) -> &str {
        // Construction only admits ASCII letters.
        std::str::from_utf8(&self.0).expect("region codes are ASCII")
    }
}

impl FromStr for Region {
    type Err = InvalidRegion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_alphabetic) {
            Ok(Region([
                b[0].to_ascii_uppercase(),
                b[1].to_ascii_uppercase(),
            ]))
        } else {
            let mut input: String = s.chars().take(16).collect();
            if input.len() < s.len() {
                input.push('…');
            }
            Err(InvalidRegion { input })
        }
    }
}

impl TryFrom<String> for Region {
    type Error = InvalidRegion;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Region> for String {
    fn from(r: Region) -> String {
        r.as_str().to_owned()
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({})", self.as_str())
    }
}
