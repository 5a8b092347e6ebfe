//! Indicator matching for redflag: lexicons of trafficking indicators, a compiled [`Matcher`] that
//! reports hits as byte spans into the original text, and scoring.
//!
//! This is the foundation version: lexicons parse and validate, and the matcher finds each term as a
//! case-insensitive whole word (ASCII case only, no deobfuscation yet). Normalization with offset maps
//! lands with the text issue.
//!
//! ```
//! use redflag_text::{Lexicon, Matcher};
//! let lexicon = Lexicon::from_toml(r#"
//! name = "example"
//! version = "1"
//! [[indicator]]
//! id = "fee.upfront"
//! category = "upfront_fee"
//! weight = 0.5
//! terms = ["deposit first"]
//! "#, "example.toml")?;
//! let matcher = Matcher::new(&lexicon)?;
//! let text = "Deposit first pls";
//! let analysis = matcher.scan(text, &[]);
//! assert_eq!(analysis.hits[0].rule.as_str(), "fee.upfront");
//! assert_eq!(&text[analysis.hits[0].span.range()], "Deposit first");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod error;
mod lexicon;
mod matcher;
mod normalize;
pub mod score;

pub use error::{Error, ErrorKind};
pub use lexicon::{Counts, DEFAULT_LEXICON_NAME, Lexicon, LexiconBuilder, LexiconReport, Rule};
pub use matcher::{Analysis, MatchKind, Matcher, MatcherBuilder, Scratch, Sensitive};
pub use score::CategoryScore;
pub use normalize::{Normalized, Normalizer, NormalizerBuilder};
pub use redflag_model::Transform;
