//! Integration tests of redflag-model: the wire format is a contract.

mod properties;
mod wire;
