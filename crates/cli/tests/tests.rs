//! End-to-end tests of the `redflag` binary.

mod common;
mod eval;
mod explain;
mod lexicon;
mod scan;
