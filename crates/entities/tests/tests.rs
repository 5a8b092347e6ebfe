//! Integration tests of redflag-entities.

mod corpus;
mod extract;
mod props;
