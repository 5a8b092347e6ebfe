//! Integration tests of redflag-imagehash.
mod hashing;
mod index_props;
mod pdq_edge;
mod pdq_reference;
mod robust_input;
