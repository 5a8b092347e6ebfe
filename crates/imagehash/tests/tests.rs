//! Integration tests of redflag-imagehash.
mod pdq_edge;
mod pdq_reference;
