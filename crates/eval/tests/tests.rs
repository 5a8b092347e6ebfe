//! Integration tests of redflag-eval.

mod metrics;
mod reading;
