//! Input documents.

use crate::Region;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One ad, job offer or post to scan.
///
/// The JSONL input format is one object per line:
/// `{"id": "ad-17", "text": "…", "region": "UA", "lang": "uk", "images": ["img/17a.jpg"]}`.
/// Only `text` is required by the CLI (it fills a missing `id` from the line number); `region` is the
/// default region for phone numbers written in national format, `lang` a hint (ISO 639-1), `images`
/// paths relative to the JSONL file.
///
/// `Debug` prints the text's length, never its content: ad text may hold personal data.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// Caller's identifier, echoed in the report.
    pub id: String,
    /// The ad text, UTF-8. All spans in the report are byte offsets into it.
    pub text: String,
    /// Default region for national phone numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// Language hint, ISO 639-1 (`en`, `uk`, `ru`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Image paths attached to the ad.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
}

impl Document {
    /// A document with an id and text and no region, language or images.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            region: None,
            lang: None,
            images: Vec::new(),
        }
    }

    /// Sets the default region for national phone numbers.
    pub fn with_region(mut self, region: Region) -> Document {
        self.region = Some(region);
        self
    }

    /// Sets the language hint.
    pub fn with_lang(mut self, lang: impl Into<String>) -> Document {
        self.lang = Some(lang.into());
        self
    }

    /// Adds an image path.
    pub fn with_image(mut self, path: impl Into<String>) -> Document {
        self.images.push(path.into());
        self
    }
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("id", &self.id)
            .field("text_len", &self.text.len())
            .field("region", &self.region)
            .field("lang", &self.lang)
            .field("images", &self.images.len())
            .finish()
    }
}
