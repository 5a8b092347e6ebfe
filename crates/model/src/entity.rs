//! Entities: identifiers, prices and ages found in a document.

use crate::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of an [`Entity`], without its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntityKind {
    /// A phone number, normalized to E.164.
    Phone,
    /// An email address, lower-cased.
    Email,
    /// A URL or bare domain.
    Url,
    /// A social-media or messenger handle.
    Handle,
    /// A cryptocurrency address with a valid checksum.
    Crypto,
    /// A price or rate.
    Price,
    /// A person's stated age.
    Age,
}

impl EntityKind {
    /// Every kind, in a fixed order.
    pub const ALL: [EntityKind; 7] = [
        EntityKind::Phone,
        EntityKind::Email,
        EntityKind::Url,
        EntityKind::Handle,
        EntityKind::Crypto,
        EntityKind::Price,
        EntityKind::Age,
    ];

    /// The kind's wire name (`"phone"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Phone => "phone",
            EntityKind::Email => "email",
            EntityKind::Url => "url",
            EntityKind::Handle => "handle",
            EntityKind::Crypto => "crypto",
            EntityKind::Price => "price",
            EntityKind::Age => "age",
        }
    }

    /// The lexicon signals an entity of this kind raises: `entity.<kind>`, and
    /// `entity.<kind>.obfuscated` when the text disguised it.
    ///
    /// ```
    /// use redflag_model::EntityKind;
    /// assert_eq!(EntityKind::Phone.signal_names(), ("entity.phone", "entity.phone.obfuscated"));
    /// ```
    pub fn signal_names(&self) -> (&'static str, &'static str) {
        match self {
            EntityKind::Phone => ("entity.phone", "entity.phone.obfuscated"),
            EntityKind::Email => ("entity.email", "entity.email.obfuscated"),
            EntityKind::Url => ("entity.url", "entity.url.obfuscated"),
            EntityKind::Handle => ("entity.handle", "entity.handle.obfuscated"),
            EntityKind::Crypto => ("entity.crypto", "entity.crypto.obfuscated"),
            EntityKind::Price => ("entity.price", "entity.price.obfuscated"),
            EntityKind::Age => ("entity.age", "entity.age.obfuscated"),
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown entity kind `{s}`"))
    }
}

/// The platform a handle belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Platform {
    /// Instagram.
    Instagram,
    /// Snapchat.
    Snapchat,
    /// Telegram.
    Telegram,
    /// WhatsApp.
    Whatsapp,
    /// Kik.
    Kik,
    /// X (formerly Twitter).
    X,
    /// OnlyFans.
    Onlyfans,
    /// TikTok.
    Tiktok,
    /// Facebook.
    Facebook,
    /// Viber.
    Viber,
    /// Signal.
    Signal,
}

impl Platform {
    /// The platform's wire name (`"snapchat"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Platform::Instagram => "instagram",
            Platform::Snapchat => "snapchat",
            Platform::Telegram => "telegram",
            Platform::Whatsapp => "whatsapp",
            Platform::Kik => "kik",
            Platform::X => "x",
            Platform::Onlyfans => "onlyfans",
            Platform::Tiktok => "tiktok",
            Platform::Facebook => "facebook",
            Platform::Viber => "viber",
            Platform::Signal => "signal",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The blockchain a crypto address belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Chain {
    /// Bitcoin (base58check P2PKH/P2SH, bech32, bech32m).
    Btc,
    /// Ethereum (EIP-55).
    Eth,
    /// Litecoin.
    Ltc,
    /// TRON.
    Trx,
    /// Monero.
    Xmr,
    /// Bitcoin Cash (cashaddr).
    Bch,
}

impl Chain {
    /// The chain's wire name (`"btc"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Chain::Btc => "btc",
            Chain::Eth => "eth",
            Chain::Ltc => "ltc",
            Chain::Trx => "trx",
            Chain::Xmr => "xmr",
            Chain::Bch => "bch",
        }
    }
}

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The unit a price is quoted per.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RateUnit {
    /// A "quick visit" (`qv`, `quickie`): a short visit of unstated length, usually 15 minutes.
    QuickVisit,
    /// Half an hour (`hh`, `30 min`).
    HalfHour,
    /// One hour (`hr`, `h`, `hour`, `60 min`, `год`).
    Hour,
    /// Two hours.
    TwoHours,
    /// A night (`overnight`, `ночь`).
    Night,
    /// A day.
    Day,
    /// Fifteen minutes, stated as such (`15 min`, `15min`).
    QuarterHour,
    /// Twenty minutes (`20 min`).
    TwentyMinutes,
    /// Forty-five minutes (`45 mins`).
    FortyFiveMinutes,
    /// Ninety minutes (`90 min`, `1.5 hours`).
    NinetyMinutes,
}

impl RateUnit {
    /// The unit's wire name (`"half_hour"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            RateUnit::QuickVisit => "quick_visit",
            RateUnit::HalfHour => "half_hour",
            RateUnit::Hour => "hour",
            RateUnit::TwoHours => "two_hours",
            RateUnit::Night => "night",
            RateUnit::Day => "day",
            RateUnit::QuarterHour => "quarter_hour",
            RateUnit::TwentyMinutes => "twenty_minutes",
            RateUnit::FortyFiveMinutes => "forty_five_minutes",
            RateUnit::NinetyMinutes => "ninety_minutes",
        }
    }
}

impl fmt::Display for RateUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an entity is, with its normalized value. In JSON the variant is the `kind` field and its
/// fields sit beside the span on the entity.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntityValue {
    /// A phone number.
    Phone {
        /// E.164, e.g. `+17025551234`.
        value: String,
    },
    /// An email address.
    Email {
        /// Lower-cased address, e.g. `jen@gmail.com`.
        value: String,
    },
    /// A URL or a bare domain.
    Url {
        /// The URL as written (scheme added for bare domains is not invented).
        value: String,
    },
    /// A handle on a platform.
    Handle {
        /// The platform.
        platform: Platform,
        /// The handle without `@`, lower-cased where the platform is case-insensitive.
        value: String,
    },
    /// A cryptocurrency address.
    Crypto {
        /// The chain.
        chain: Chain,
        /// The address (checksummed form for Ethereum).
        value: String,
    },
    /// A price or rate.
    Price {
        /// The amount as a decimal string, e.g. `150` or `79.99`.
        value: String,
        /// ISO 4217 currency code when known (`USD`, `EUR`, `UAH`, …).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        currency: Option<String>,
        /// The unit the price is quoted per, when stated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per: Option<RateUnit>,
    },
    /// A stated age in years.
    Age {
        /// The age as a decimal string, e.g. `19`.
        value: String,
    },
}

impl EntityValue {
    /// The kind of this value.
    pub fn kind(&self) -> EntityKind {
        match self {
            EntityValue::Phone { .. } => EntityKind::Phone,
            EntityValue::Email { .. } => EntityKind::Email,
            EntityValue::Url { .. } => EntityKind::Url,
            EntityValue::Handle { .. } => EntityKind::Handle,
            EntityValue::Crypto { .. } => EntityKind::Crypto,
            EntityValue::Price { .. } => EntityKind::Price,
            EntityValue::Age { .. } => EntityKind::Age,
        }
    }

    /// The normalized value. This may be personal data: do not log it.
    pub fn value(&self) -> &str {
        match self {
            EntityValue::Phone { value }
            | EntityValue::Email { value }
            | EntityValue::Url { value }
            | EntityValue::Handle { value, .. }
            | EntityValue::Crypto { value, .. }
            | EntityValue::Price { value, .. }
            | EntityValue::Age { value } => value,
        }
    }

    /// A key that identifies the same real-world identifier across documents: `phone:+1702…`,
    /// `handle:snapchat:jenny_22`, `crypto:btc:bc1q…`. Prices and ages are not identifiers but get
    /// a key of the same shape.
    pub fn link_key(&self) -> String {
        match self {
            EntityValue::Handle { platform, value } => format!("handle:{platform}:{value}"),
            EntityValue::Crypto { chain, value } => format!("crypto:{chain}:{value}"),
            other => format!("{}:{}", other.kind(), other.value()),
        }
    }
}

impl fmt::Debug for EntityValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("EntityValue");
        d.field("kind", &self.kind());
        match self {
            EntityValue::Handle { platform, .. } => {
                d.field("platform", platform);
            }
            EntityValue::Crypto { chain, .. } => {
                d.field("chain", chain);
            }
            EntityValue::Price { currency, per, .. } => {
                d.field("currency", currency).field("per", per);
            }
            _ => {}
        }
        d.field("value_len", &self.value().len()).finish()
    }
}

/// One entity found in a document: what it is, where it is, and whether the text disguised it.
///
/// ```json
/// {"kind": "phone", "value": "+17025551234", "start": 40, "end": 54, "matched": "(7o2) 555-l234",
///  "obfuscated": true}
/// ```
///
/// `Debug` shows the kind, span and lengths, never the value or the matched text: phone numbers,
/// emails and handles are personal data.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Entity {
    /// Kind and normalized value (`kind`, `value`, and `platform`/`chain`/`currency`/`per`).
    #[serde(flatten)]
    pub value: EntityValue,
    /// Where in the original text, flattened to `start` and `end`.
    #[serde(flatten)]
    pub span: Span,
    /// Exactly `text[start..end]` of the original text.
    pub matched: String,
    /// Whether the written form hid the value (number words, look-alike digits, `[at]`, …).
    /// Omitted from JSON when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub obfuscated: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Entity {
    /// An entity from its value, span and matched text.
    pub fn new(
        value: EntityValue,
        span: Span,
        matched: impl Into<String>,
        obfuscated: bool,
    ) -> Entity {
        Entity {
            value,
            span,
            matched: matched.into(),
            obfuscated,
        }
    }

    /// The entity's kind.
    pub fn kind(&self) -> EntityKind {
        self.value.kind()
    }
}

impl fmt::Debug for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entity")
            .field("value", &self.value)
            .field("span", &self.span)
            .field("matched_len", &self.matched.len())
            .field("obfuscated", &self.obfuscated)
            .finish()
    }
}
