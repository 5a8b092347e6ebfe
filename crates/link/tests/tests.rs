//! Integration tests of redflag-link.

mod exports;
mod linking;
mod properties;
mod quality;
mod state;
