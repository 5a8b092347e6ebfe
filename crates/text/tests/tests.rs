//! Integration tests of redflag-text.

mod calibration;
mod corpus;
mod negatives;
mod props;
mod recall;
mod wordlist;

/// The compiled matcher and every error type can be shared across threads and survive unwinding.
#[test]
fn matcher_and_errors_are_send_sync_unwind_safe() {
    fn check<T: Send + Sync + std::panic::UnwindSafe>() {}
    check::<redflag_text::Matcher>();
    check::<redflag_text::Lexicon>();
    check::<redflag_text::Error>();
    check::<redflag_text::Normalizer>();
}
