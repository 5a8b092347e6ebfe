//! End-to-end tests of the `redflag` binary.

mod common;
mod explain;
mod lexicon;
mod scan;
