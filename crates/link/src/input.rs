//! What the linker reads about one document.

use redflag_model::{Entity, Report, RiskLevel};

/// One image of a document, by its PDQ hash.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImageInput {
    /// 64 hex digits.
    pub pdq: String,
    /// PDQ quality 0–100, when known; hashes below the configured minimum are not linked.
    pub quality: Option<u8>,
    /// The crop window this hash was computed on (`None` for the whole image).
    pub window: Option<String>,
}

impl ImageInput {
    /// A whole-image hash.
    pub fn new(pdq: impl Into<String>, quality: Option<u8>) -> ImageInput {
        ImageInput {
            pdq: pdq.into(),
            quality,
            window: None,
        }
    }

    /// A hash of a crop window.
    pub fn window(
        pdq: impl Into<String>,
        quality: Option<u8>,
        window: impl Into<String>,
    ) -> ImageInput {
        ImageInput {
            pdq: pdq.into(),
            quality,
            window: Some(window.into()),
        }
    }
}

/// One document as the [`Linker`](crate::Linker) sees it: its id, optionally its text (for
/// template detection), its entities, its image hashes, and the level and categories of its report
/// (carried into the cluster summary).
///
/// The linker keeps neither the text nor the entities: only keys, a MinHash signature and hashes.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct LinkInput<'a> {
    /// The document id, unique within a linker.
    pub id: &'a str,
    /// The original text; entity spans are byte offsets into it. `None` turns template linking
    /// off for this document.
    pub text: Option<&'a str>,
    /// Entities found in the text (phones, emails, handles and crypto addresses link).
    pub entities: &'a [Entity],
    /// PDQ hashes of the document's images.
    pub images: Vec<ImageInput>,
    /// The report's risk level.
    pub level: RiskLevel,
    /// The categories of the indicators that fired.
    pub categories: Vec<&'a str>,
}

impl<'a> LinkInput<'a> {
    /// A document with an id and nothing else.
    pub fn new(id: &'a str) -> LinkInput<'a> {
        LinkInput {
            id,
            text: None,
            entities: &[],
            images: Vec::new(),
            level: RiskLevel::None,
            categories: Vec::new(),
        }
    }

    /// Sets the text.
    pub fn with_text(mut self, text: &'a str) -> LinkInput<'a> {
        self.text = Some(text);
        self
    }

    /// Sets the entities.
    pub fn with_entities(mut self, entities: &'a [Entity]) -> LinkInput<'a> {
        self.entities = entities;
        self
    }

    /// Adds an image hash.
    pub fn with_image(mut self, image: ImageInput) -> LinkInput<'a> {
        self.images.push(image);
        self
    }

    /// Sets the risk level.
    pub fn with_level(mut self, level: RiskLevel) -> LinkInput<'a> {
        self.level = level;
        self
    }

    /// Adds an indicator category.
    pub fn with_category(mut self, category: &'a str) -> LinkInput<'a> {
        self.categories.push(category);
        self
    }

    /// The input for a `redflag scan` report: its id, entities, PDQ hashes and qualities of its
    /// images and of their crop windows (when the report has them, `redflag scan --windows`),
    /// level, and the categories of its indicators. Pass the document's text when you have it, so
    /// templates link too; the report's entity spans must refer to that text.
    pub fn from_report(report: &'a Report, text: Option<&'a str>) -> LinkInput<'a> {
        let mut categories: Vec<&str> = report
            .indicators
            .iter()
            .map(|h| h.category.as_str())
            .collect();
        categories.sort_unstable();
        categories.dedup();
        LinkInput {
            id: &report.id,
            text,
            entities: &report.entities,
            images: report
                .images
                .iter()
                .flat_map(|f| {
                    let whole = f
                        .pdq
                        .as_ref()
                        .map(|p| ImageInput::new(p.clone(), f.quality));
                    let windows = f.windows.iter().map(|w| {
                        ImageInput::window(w.pdq.clone(), Some(w.quality), w.window.clone())
                    });
                    whole.into_iter().chain(windows)
                })
                .collect(),
            level: report.level,
            categories,
        }
    }
}
