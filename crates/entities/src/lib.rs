//! Entity extraction for redflag: phones, emails, URLs, handles, crypto addresses, prices and ages,
//! seen through the obfuscation that ads use to hide them.
//!
//! Investigators link ads into networks through the identifiers in them, and an obscured phone
//! number is itself an indicator. An [`Extractor`] is built once (enabled kinds, default region),
//! is `Send + Sync`, and [`Extractor::extract`] returns [`Entity`] values from `redflag-model`:
//! kind and normalized value, a byte span into the original text, the matched text, and whether the
//! written form hid the value.
//!
//! - **Phones**: a digit-aware scan sees through number words (nine languages), `O`/`l` for
//!   digits, fullwidth, mathematical, circled and keycap digits, and digits split by spaces, dots,
//!   dashes, slashes or emoji; candidates are validated and formatted to E.164 with
//!   libphonenumber metadata ([`PhoneNumber`]) for the document's region, the extractor's default,
//!   the number's own `+`/`00` prefix, or regions inferred from the document (cities, currencies,
//!   dialling prefixes, letters, TLDs).
//! - **Emails**, also `name [at] gmail [dot] com`; **URLs** and bare domains; **handles** with their
//!   platform from cue words and links; **crypto addresses** with checksums ([`CryptoAddress`]);
//!   **prices** with currency and unit (a price written without a currency, such as `150 roses`,
//!   takes the one currency the ad's other prices state, else its region's, else none: see the
//!   crate README); **ages**, also `I'm Kira, 23`.
//! - [`corpus`]: a seeded generator of labelled ad-like documents and per-kind scoring, the
//!   benchmark behind the crate's quality figures.
//!
//! Overlaps are resolved once for all kinds: an email's domain is not also a URL, digits inside an
//! email, URL or crypto address are not a phone, a phone is never also a price or an age, and a
//! `wa.me/<number>` link yields both the URL and the phone (a `t.me/<name>` link, the URL and the
//! Telegram handle).
//!
//! ```
//! use redflag_entities::Extractor;
//! use redflag_model::EntityValue;
//!
//! let extractor = Extractor::builder().region("US".parse()?).build()?;
//! let text = "new in town 💋 call 7o2-555-Ol34, snap: jenny_22, 150 roses/hr";
//! let entities = extractor.extract(text, None);
//! let phone = entities.iter().find(|e| matches!(e.value, EntityValue::Phone { .. }))
//!     .ok_or("no phone")?;
//! assert_eq!(phone.value.value(), "+17025550134");
//! assert_eq!(phone.matched, "7o2-555-Ol34");
//! assert!(phone.obfuscated);
//! assert_eq!(&text[phone.span.range()], phone.matched);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Performance
//! Build the extractor once and share it: construction compiles regular expressions and tables.
//! Extraction is one pass per kind over the text; candidate windows are bounded, so time grows
//! linearly with the input. Prices and ages are only looked for around digits that no phone,
//! email, URL or crypto address has claimed; links only in stretches between spaces that hold a
//! `.` or `:`; and the phone scan collects region cues only when the document's region is unknown,
//! so giving a region (per document or [`ExtractorBuilder::region`]) also saves time. Restrict
//! [`ExtractorBuilder::kinds`] to compute only what you need.
//!
//! # Untrusted input
//! Extraction never panics and never fails: any `&str` is accepted and every span lies on `char`
//! boundaries of the input. Only configuration can fail ([`Error`]).
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

pub mod corpus;
mod crypto;
mod digits;
mod money;
mod phone;
mod tld;
mod web;

pub use crypto::CryptoAddress;
pub use phone::PhoneNumber;

use redflag_model::{Entity, EntityKind, EntityValue, Region, Span};

/// The error type of this crate: configuration mistakes and values that fail validation.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The builder was given an empty list of kinds.
    #[error("no entity kind enabled")]
    NoKinds,
    /// The text is not a valid phone number for the region (the number is not repeated here: it
    /// is personal data).
    #[error("invalid phone number")]
    InvalidPhone,
    /// The text is not an address of the chain, or its checksum is wrong.
    #[error("invalid {chain} address")]
    InvalidCryptoAddress {
        /// The chain tried (`any` when none was given).
        chain: &'static str,
    },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

/// Finds entities in text. Build once, share across threads.
#[derive(Clone, Debug)]
pub struct Extractor {
    region: Option<Region>,
    kinds: Vec<EntityKind>,
    phones: phone::PhoneTables,
    web: web::WebTables,
    crypto: crypto::CryptoTables,
    money: money::MoneyTables,
}

/// Configures an [`Extractor`].
#[derive(Clone, Debug)]
pub struct ExtractorBuilder {
    region: Option<Region>,
    kinds: Vec<EntityKind>,
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor for every kind with no default region.
    pub fn new() -> Extractor {
        Extractor::with(None, EntityKind::ALL.to_vec())
    }

    fn with(region: Option<Region>, kinds: Vec<EntityKind>) -> Extractor {
        Extractor {
            region,
            kinds,
            phones: phone::PhoneTables::new(),
            // The patterns are constants of this crate; a unit test compiles every one of them.
            web: web::WebTables::new().expect("built-in web patterns compile"),
            crypto: crypto::CryptoTables::new(),
            money: money::MoneyTables::new().expect("built-in price and age patterns compile"),
        }
    }

    /// A builder.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder {
            region: None,
            kinds: EntityKind::ALL.to_vec(),
        }
    }

    /// The default region for national phone numbers.
    pub fn region(&self) -> Option<Region> {
        self.region
    }

    /// The kinds this extractor looks for.
    pub fn kinds(&self) -> &[EntityKind] {
        &self.kinds
    }

    /// The version of the phone-number metadata in use, for provenance.
    pub fn phone_metadata(&self) -> Option<&str> {
        Some(phone::PHONE_METADATA)
    }

    fn wants(&self, kind: EntityKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Entities in `text`, in text order. `region` overrides the extractor's default region.
    pub fn extract(&self, text: &str, region: Option<Region>) -> Vec<Entity> {
        let region = region.or(self.region);
        // Room for the entities of a typical ad: no regrowing for the common case.
        let mut out: Vec<Entity> = Vec::with_capacity(8);
        // Spans that other kinds must not overlap: emails, crypto addresses and URLs win over the
        // digits and words inside them; phones win over prices and ages.
        let mut taken: Vec<(usize, usize)> = Vec::with_capacity(16);

        for m in self.web.emails(text) {
            taken.push((m.start, m.end));
            if self.wants(EntityKind::Email) {
                let value = EntityValue::Email { value: m.value };
                push(&mut out, text, m.start, m.end, value, m.obfuscated);
            }
        }
        for c in self.crypto.find(text) {
            if overlaps(&taken, c.start, c.end) {
                continue;
            }
            taken.push((c.start, c.end));
            if self.wants(EntityKind::Crypto) {
                let value = EntityValue::Crypto {
                    chain: c.chain,
                    value: c.value,
                };
                push(&mut out, text, c.start, c.end, value, false);
            }
        }
        let mut phone_spans: Vec<(usize, usize)> = Vec::new();
        let mut url_spans: Vec<(usize, usize)> = Vec::new();
        for u in self.web.urls(text) {
            if overlaps(&taken, u.start, u.end) {
                continue;
            }
            url_spans.push((u.start, u.end));
            if self.wants(EntityKind::Url) {
                let value = EntityValue::Url {
                    value: text[u.start..u.end].to_string(),
                };
                push(&mut out, text, u.start, u.end, value, false);
            }
            if let Some((platform, s, e, name)) = u.handle
                && self.wants(EntityKind::Handle)
            {
                let value = EntityValue::Handle {
                    platform,
                    value: name,
                };
                push(&mut out, text, s, e, value, false);
            }
            if let Some((s, e, digits)) = u.phone
                && let Ok(n) = PhoneNumber::parse(&format!("+{digits}"), None)
            {
                phone_spans.push((s, e));
                if self.wants(EntityKind::Phone) {
                    let value = EntityValue::Phone {
                        value: n.e164().to_string(),
                    };
                    push(&mut out, text, s, e, value, false);
                }
            }
        }
        taken.extend(url_spans);
        let want_money = self.wants(EntityKind::Price) || self.wants(EntityKind::Age);
        if self.wants(EntityKind::Phone) || want_money {
            for p in phone::find(&self.phones, text, region, &taken) {
                if overlaps(&taken, p.start, p.end) {
                    continue;
                }
                phone_spans.push((p.start, p.end));
                if self.wants(EntityKind::Phone) {
                    let value = EntityValue::Phone { value: p.e164 };
                    push(&mut out, text, p.start, p.end, value, p.obfuscated);
                }
            }
        }
        taken.extend(phone_spans);
        // Handles come after phones: "WhatsApp O95 2o7 …" is a phone, not a handle.
        if self.wants(EntityKind::Handle) {
            for h in self.web.handles(text) {
                if overlaps(&taken, h.start, h.end) {
                    continue;
                }
                let value = EntityValue::Handle {
                    platform: h.platform,
                    value: h.value,
                };
                push(&mut out, text, h.start, h.end, value, false);
            }
        }
        if !want_money {
            out.sort_by_key(|e| (e.span.start(), e.span.end()));
            return out;
        }
        // Prices and ages need a digit that is not part of an email, URL, crypto address or
        // phone: the patterns run only in windows around such digits.
        taken.sort_unstable();
        let windows = money::digit_windows(text, &taken);
        // Prices are found for ages too: "I'm new, 25 roses" is a price, not an age.
        let md = region.is_some_and(|r| r.as_str() == "MD");
        let mut prices = self.money.prices(text, &windows, md);
        prices.retain(|p| !overlaps(&taken, p.start, p.end));
        money::fill_currency(&mut prices, region);
        for p in &prices {
            taken.push((p.start, p.end));
        }
        if self.wants(EntityKind::Price) {
            for p in prices {
                let value = EntityValue::Price {
                    value: p.value,
                    currency: p.currency.map(str::to_string),
                    per: p.per,
                };
                push(&mut out, text, p.start, p.end, value, false);
            }
        }
        if self.wants(EntityKind::Age) {
            for a in self.money.ages(text, &windows) {
                if overlaps(&taken, a.start, a.end) {
                    continue;
                }
                let value = EntityValue::Age {
                    value: a.value.to_string(),
                };
                push(&mut out, text, a.start, a.end, value, false);
            }
        }
        out.sort_by_key(|e| (e.span.start(), e.span.end()));
        out
    }
}

/// Appends an entity when the span is valid for `text` (always, by construction; checked anyway so
/// that a bug can never produce a span that slices badly).
fn push(
    out: &mut Vec<Entity>,
    text: &str,
    start: usize,
    end: usize,
    value: EntityValue,
    obfuscated: bool,
) {
    if let (Some(span), Some(matched)) = (Span::new(start, end), text.get(start..end))
        && !matched.is_empty()
    {
        out.push(Entity::new(value, span, matched, obfuscated));
    }
}

impl ExtractorBuilder {
    /// Sets the default region.
    pub fn region(&mut self, region: Region) -> &mut Self {
        self.region = Some(region);
        self
    }

    /// Sets the kinds to extract.
    pub fn kinds(&mut self, kinds: &[EntityKind]) -> &mut Self {
        self.kinds = kinds.to_vec();
        self
    }

    /// Builds the extractor.
    ///
    /// # Errors
    /// [`ErrorKind::NoKinds`] when no kind is enabled.
    pub fn build(&self) -> Result<Extractor, Error> {
        if self.kinds.is_empty() {
            return Err(Error::new(ErrorKind::NoKinds));
        }
        Ok(Extractor::with(self.region, self.kinds.clone()))
    }
}

/// Whether `s..e` overlaps any of the `taken` spans.
pub(crate) fn overlaps(taken: &[(usize, usize)], s: usize, e: usize) -> bool {
    taken.iter().any(|&(a, b)| a < e && s < b)
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
