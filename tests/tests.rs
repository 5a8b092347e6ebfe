//! Integration tests of the `redflag` facade.

mod detector;
mod properties;
