//! End-to-end tests of the `redflag` binary.

mod common;
mod eval;
mod explain;
mod hostile;
mod images;
mod lexicon;
mod link;
mod scan;
mod synth;
