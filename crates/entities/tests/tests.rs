//! Integration tests of redflag-entities.
