//! `--redact SALT`: reports that can be shared without the personal data in them.

use redflag::model::{EntityValue, Report, Warning};
use sha2::{Digest, Sha256};

/// Replaces identifier values (phones, emails, URLs, handles, crypto addresses) with
/// `sha256:<hex of SHA-256(salt, 0, link key)>` and blanks the matched text of those entities and of
/// the indicator hits that overlap them. The same identifier under the same salt gives the same
/// token, so redacted reports can still be linked; without the salt the values cannot be recovered
/// by hashing guesses. Prices and ages are kept. A `redacted` warning records that `matched` no
/// longer equals `text[start..end]` for the redacted spans.
pub(crate) fn redact(report: &mut Report, salt: &str) {
    let mut spans = Vec::new();
    for e in &mut report.entities {
        let token = |key: &str| {
            let mut h = Sha256::new();
            h.update(salt.as_bytes());
            h.update([0u8]);
            h.update(key.as_bytes());
            let digest = h.finalize();
            let hex = redflag::model::to_hex(&digest);
            format!("sha256:{hex}")
        };
        let key = e.value.link_key();
        let redacted = match &mut e.value {
            EntityValue::Phone { value }
            | EntityValue::Email { value }
            | EntityValue::Url { value }
            | EntityValue::Handle { value, .. }
            | EntityValue::Crypto { value, .. } => {
                *value = token(&key);
                true
            }
            _ => false,
        };
        if redacted {
            e.matched = REDACTED.to_owned();
            spans.push(e.span);
        }
    }
    for hit in &mut report.indicators {
        if spans
            .iter()
            .any(|s| s.overlaps(&hit.span) || *s == hit.span)
        {
            hit.matched = REDACTED.to_owned();
        }
    }
    if !spans.is_empty() {
        report.warnings.push(Warning::new(
            "redacted",
            format!(
                "{} identifier values replaced by salted SHA-256 tokens; their `matched` text is withheld",
                spans.len()
            ),
        ));
    }
}

const REDACTED: &str = "[redacted]";
