//! Integration tests of redflag-imagehash.
