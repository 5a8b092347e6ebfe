//! Integration tests of redflag-text.
