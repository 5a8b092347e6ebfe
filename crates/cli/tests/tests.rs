//! End-to-end tests of the `redflag` binary.

mod bad_corpus;
// The fuzz targets' checks, shared with `fuzz/fuzz_targets/`.
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
