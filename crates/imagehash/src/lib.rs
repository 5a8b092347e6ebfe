//! tmp
#![deny(missing_docs)]
pub mod pdq;
pub use image;
