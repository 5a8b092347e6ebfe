//! End-to-end tests of the `redflag` binary.

mod bad_corpus;
#[path = "../../../fuzz/checks.rs"]
mod checks;
mod common;
mod eval;
mod explain;
mod hostile;
mod images;
mod lexicon;
mod link;
mod scan;
mod synth;
