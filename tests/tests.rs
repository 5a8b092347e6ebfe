//! Facade integration tests.
