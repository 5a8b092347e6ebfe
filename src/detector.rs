//! The [`Detector`]: one object that runs every part on a document.

#[cfg(feature = "imagehash")]
use redflag_model::Warning;
use redflag_model::{Document, Part, Provenance, Region, Report, ScanOptions, Signal};
use sha2::{Digest, Sha256};
use std::path::Path;

/// An error building a [`Detector`]. Scanning itself never fails.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The image hasher could not be configured.
    #[cfg(feature = "imagehash")]
    #[error(transparent)]
    Images(#[from] redflag_imagehash::Error),
    /// The lexicon could not be compiled.
    #[cfg(feature = "text")]
    #[error(transparent)]
    Text(#[from] redflag_text::Error),
    /// The entity extractor could not be built.
    #[cfg(feature = "entities")]
    #[error(transparent)]
    Entities(#[from] redflag_entities::Error),
}

/// Builds a [`Detector`]: which lexicon, default region, known images and parts.
///
/// Setters take `&mut self` and return `&mut Self`; [`DetectorBuilder::build`] can be called more
/// than once.
#[derive(Clone, Debug)]
pub struct DetectorBuilder {
    #[cfg(feature = "text")]
    lexicon: Option<redflag_text::Lexicon>,
    #[cfg(feature = "text")]
    excluded_categories: Vec<String>,
    #[cfg(feature = "text")]
    sensitive: redflag_text::Sensitive,
    #[cfg(feature = "text")]
    max_hits_per_rule: Option<usize>,
    #[cfg(feature = "text")]
    max_hits: Option<usize>,
    #[cfg(feature = "imagehash")]
    known: Option<std::sync::Arc<redflag_imagehash::HashIndex>>,
    #[cfg(feature = "imagehash")]
    max_distance: u32,
    #[cfg(feature = "imagehash")]
    limits: redflag_imagehash::Limits,
    #[cfg(feature = "imagehash")]
    windows: redflag_imagehash::Windows,
    #[cfg(feature = "imagehash")]
    report_windows: redflag_imagehash::Windows,
    region: Option<Region>,
    parts: Vec<Part>,
    tool: String,
}

/// Runs lexicon matching, entity extraction and image matching on documents and returns reports.
///
/// Build it once with [`Detector::builder`]; it is `Send + Sync` and every method takes `&self`.
#[derive(Debug)]
pub struct Detector {
    #[cfg(feature = "text")]
    matcher: Option<redflag_text::Matcher>,
    #[cfg(feature = "entities")]
    extractor: Option<redflag_entities::Extractor>,
    #[cfg(feature = "imagehash")]
    hasher: Option<redflag_imagehash::Hasher>,
    #[cfg(feature = "imagehash")]
    known: Option<std::sync::Arc<redflag_imagehash::HashIndex>>,
    #[cfg(feature = "imagehash")]
    max_distance: u32,
    /// Whether window hashes are matched against the known index (they may be computed only to
    /// be reported).
    #[cfg(feature = "imagehash")]
    match_windows: bool,
    /// Whether window hashes are written into the report.
    #[cfg(feature = "imagehash")]
    report_windows: bool,
    region: Option<Region>,
    parts: Vec<Part>,
    provenance: Provenance,
}

impl Default for DetectorBuilder {
    fn default() -> Self {
        DetectorBuilder {
            #[cfg(feature = "text")]
            lexicon: None,
            #[cfg(feature = "text")]
            excluded_categories: Vec::new(),
            #[cfg(feature = "text")]
            sensitive: redflag_text::Sensitive::Include,
            #[cfg(feature = "text")]
            max_hits_per_rule: None,
            #[cfg(feature = "text")]
            max_hits: None,
            #[cfg(feature = "imagehash")]
            known: None,
            #[cfg(feature = "imagehash")]
            max_distance: redflag_imagehash::DEFAULT_MAX_DISTANCE,
            #[cfg(feature = "imagehash")]
            limits: redflag_imagehash::Limits::default(),
            #[cfg(feature = "imagehash")]
            windows: redflag_imagehash::Windows::Standard,
            #[cfg(feature = "imagehash")]
            report_windows: redflag_imagehash::Windows::None,
            region: None,
            parts: Part::ALL.to_vec(),
            tool: concat!("redflag ", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl DetectorBuilder {
    /// Uses `lexicon` instead of the embedded default lexicon.
    #[cfg(feature = "text")]
    pub fn lexicon(&mut self, lexicon: redflag_text::Lexicon) -> &mut Self {
        self.lexicon = Some(lexicon);
        self
    }

    /// Leaves a lexicon category out (e.g. `ethnicity`); repeatable.
    #[cfg(feature = "text")]
    pub fn exclude_category(&mut self, category: impl Into<String>) -> &mut Self {
        self.excluded_categories.push(category.into());
        self
    }

    /// Whether bias-sensitive rules (`sensitive = true`: ethnicity, nationality cues) run. They are
    /// included by default because published evidence found stated ethnicity predictive, but they
    /// risk profiling people by origin; leave them out where that risk outweighs the signal.
    #[cfg(feature = "text")]
    pub fn sensitive(&mut self, sensitive: redflag_text::Sensitive) -> &mut Self {
        self.sensitive = sensitive;
        self
    }

    /// Known image hashes to match document images against.
    #[cfg(feature = "imagehash")]
    pub fn known(&mut self, index: redflag_imagehash::HashIndex) -> &mut Self {
        self.known = Some(std::sync::Arc::new(index));
        self
    }

    /// The largest Hamming distance that counts as a match (PDQ default: 31).
    #[cfg(feature = "imagehash")]
    pub fn max_distance(&mut self, distance: u32) -> &mut Self {
        self.max_distance = distance;
        self
    }

    /// Most indicator hits reported per rule and document (default 32, as
    /// [`redflag_text::MatcherBuilder::max_hits_per_rule`]); a `hit_cap` warning says when reached.
    #[cfg(feature = "text")]
    pub fn max_hits_per_rule(&mut self, n: usize) -> &mut Self {
        self.max_hits_per_rule = Some(n);
        self
    }

    /// Most indicator hits reported per document (default 512, as
    /// [`redflag_text::MatcherBuilder::max_hits`]); a `hit_cap` warning says when reached.
    #[cfg(feature = "text")]
    pub fn max_hits(&mut self, n: usize) -> &mut Self {
        self.max_hits = Some(n);
        self
    }

    /// Decoding limits for document images (default: 64 megapixels, 512 MiB, 128 MiB files).
    #[cfg(feature = "imagehash")]
    pub fn image_limits(&mut self, limits: redflag_imagehash::Limits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// Whether document images are also hashed in crop windows and matched window by window
    /// (default: [`redflag_imagehash::Windows::Standard`], crop-robust). Only matters with known
    /// images.
    #[cfg(feature = "imagehash")]
    pub fn image_windows(&mut self, windows: redflag_imagehash::Windows) -> &mut Self {
        self.windows = windows;
        self
    }

    /// Which crop-window hashes of document images are written into each report's
    /// [`ImageFinding::windows`](redflag_model::ImageFinding::windows) (default
    /// [`redflag_imagehash::Windows::None`]). With [`redflag_imagehash::Windows::Standard`] the 20
    /// standard windows are hashed even without known images, so that linking (`redflag link`,
    /// `redflag-link`) can join a photo to a cropped copy of it; this costs about
    /// 7× the hashing time of a plain PDQ hash and about 1.6 kB of JSON per image.
    #[cfg(feature = "imagehash")]
    pub fn report_windows(&mut self, windows: redflag_imagehash::Windows) -> &mut Self {
        self.report_windows = windows;
        self
    }

    /// The default region for national phone numbers; a document's own `region` wins.
    pub fn region(&mut self, region: Region) -> &mut Self {
        self.region = Some(region);
        self
    }

    /// The parts to run (all by default). Parts whose cargo feature is off never run.
    pub fn parts(&mut self, parts: &[Part]) -> &mut Self {
        let mut parts = parts.to_vec();
        parts.sort();
        parts.dedup();
        self.parts = parts;
        self
    }

    /// The tool name and version written into provenance (default `redflag <version>`).
    pub fn tool(&mut self, tool: impl Into<String>) -> &mut Self {
        self.tool = tool.into();
        self
    }

    /// Compiles the lexicon and builds the extractor.
    ///
    /// # Errors
    /// When the lexicon cannot be compiled or the extractor cannot be built.
    // With every component feature off there is nothing to add to `parts` or `provenance`.
    #[cfg_attr(
        not(any(feature = "text", feature = "entities", feature = "imagehash")),
        allow(unused_mut)
    )]
    pub fn build(&self) -> Result<Detector, Error> {
        let wants = |p: Part| self.parts.contains(&p);
        let mut parts = Vec::new();
        let mut provenance = Provenance::new(self.tool.clone());

        #[cfg(feature = "text")]
        let matcher = if wants(Part::Indicators) {
            let lexicon = match &self.lexicon {
                Some(l) => l.clone(),
                None => redflag_text::Lexicon::embedded(),
            };
            let mut builder = redflag_text::Matcher::builder();
            builder.sensitive(self.sensitive);
            if let Some(n) = self.max_hits_per_rule {
                builder.max_hits_per_rule(n);
            }
            if let Some(n) = self.max_hits {
                builder.max_hits(n);
            }
            for c in &self.excluded_categories {
                builder.exclude_category(c.clone());
            }
            let matcher = builder.build(&lexicon)?;
            provenance.lexicons = matcher.lexicons().to_vec();
            parts.push(Part::Indicators);
            Some(matcher)
        } else {
            None
        };

        #[cfg(feature = "entities")]
        let extractor = if wants(Part::Entities) {
            let mut builder = redflag_entities::Extractor::builder();
            if let Some(region) = self.region {
                builder.region(region);
            }
            let extractor = builder.build()?;
            provenance.phone_metadata = extractor.phone_metadata().map(str::to_owned);
            parts.push(Part::Entities);
            Some(extractor)
        } else {
            None
        };

        #[cfg(feature = "imagehash")]
        let hasher = if wants(Part::Images) {
            let mut builder = redflag_imagehash::Hasher::builder();
            builder.limits(self.limits);
            // Windows cost about 7× a plain hash: compute them only when there is something to
            // match them against, or when they are to be reported.
            if self.report_windows != redflag_imagehash::Windows::None {
                builder.windows(self.report_windows);
            } else if self.known.as_ref().is_some_and(|k| !k.is_empty()) {
                builder.windows(self.windows);
            }
            parts.push(Part::Images);
            Some(builder.build()?)
        } else {
            None
        };

        provenance.options = ScanOptions::new(self.region, parts.clone());
        #[cfg(feature = "text")]
        if let Some(m) = &matcher {
            provenance.options.excluded_categories = m.excluded_categories().to_vec();
        }
        let _ = wants;
        Ok(Detector {
            #[cfg(feature = "text")]
            matcher,
            #[cfg(feature = "entities")]
            extractor,
            #[cfg(feature = "imagehash")]
            hasher,
            #[cfg(feature = "imagehash")]
            known: self.known.clone(),
            #[cfg(feature = "imagehash")]
            max_distance: self.max_distance,
            #[cfg(feature = "imagehash")]
            match_windows: self.windows != redflag_imagehash::Windows::None,
            #[cfg(feature = "imagehash")]
            report_windows: self.report_windows != redflag_imagehash::Windows::None,
            region: self.region,
            parts,
            provenance,
        })
    }
}

/// Longest text scanned with the thread's reused buffers.
#[cfg(feature = "text")]
const SCRATCH_MAX_TEXT: usize = 1 << 20;

#[cfg(feature = "text")]
thread_local! {
    /// The text matcher's buffers, reused by every scan on this thread.
    static SCRATCH: std::cell::RefCell<redflag_text::Scratch> =
        std::cell::RefCell::new(redflag_text::Scratch::new());
}

impl Detector {
    /// A builder with the embedded lexicon, no default region, no known images and every part.
    pub fn builder() -> DetectorBuilder {
        DetectorBuilder::default()
    }

    /// The parts this detector runs.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The provenance written into every report.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// Scans a document; image paths are read relative to the current directory.
    pub fn scan(&self, doc: &Document) -> Report {
        self.scan_in(doc, Path::new(""))
    }

    /// Scans a document whose relative image paths are relative to `base` (the folder of the JSONL
    /// file it came from).
    pub fn scan_in(&self, doc: &Document, base: &Path) -> Report {
        let mut report = self.scan_unstamped_in(doc, base);
        report.provenance = self.provenance.clone();
        report
    }

    /// [`Detector::scan_in`] without the provenance: the report's `provenance` is left empty
    /// ([`Provenance::default`]). For callers that write many reports and add
    /// [`Detector::provenance`] themselves (it is the same in every report), instead of copying it
    /// into each one.
    pub fn scan_unstamped_in(&self, doc: &Document, base: &Path) -> Report {
        let sha = Sha256::digest(doc.text.as_bytes());
        // With every component feature off there is nothing to add to the report.
        #[cfg_attr(
            not(any(feature = "text", feature = "entities", feature = "imagehash")),
            allow(unused_mut)
        )]
        let mut report = Report::new(doc.id.clone(), redflag_model::to_hex(&sha));
        // Evidence from entities and images that lexicon rules can bind to.
        #[cfg_attr(
            not(any(feature = "entities", feature = "imagehash")),
            allow(unused_mut)
        )]
        let mut signals: Vec<Signal> = Vec::new();
        let region = doc.region.or(self.region);
        let _ = (region, base);

        #[cfg(feature = "entities")]
        if let Some(extractor) = &self.extractor {
            report.entities = extractor.extract(&doc.text, region);
            for e in &report.entities {
                let (plain, obfuscated) = e.kind().signal_names();
                if e.obfuscated {
                    signals.push(Signal::new(obfuscated, Some(e.span)));
                }
                signals.push(Signal::new(plain, Some(e.span)));
            }
        }

        #[cfg(feature = "imagehash")]
        if let Some(hasher) = &self.hasher {
            for path in &doc.images {
                let finding = self.image_finding(hasher, path, base, &mut report.warnings);
                if !finding.matches.is_empty() {
                    signals.push(Signal::new("image.known_match", None));
                }
                report.images.push(finding);
            }
        }

        #[cfg(feature = "text")]
        if let Some(matcher) = &self.matcher {
            // One scratch per thread (rayon workers live for the whole run): no buffers are
            // allocated per document. A long document gets its own, so that the thread does not
            // keep its buffers.
            let analysis = SCRATCH.with(|cell| match cell.try_borrow_mut() {
                Ok(mut scratch) if doc.text.len() <= SCRATCH_MAX_TEXT => {
                    matcher.scan_with(&mut scratch, &doc.text, &signals)
                }
                _ => matcher.scan(&doc.text, &signals),
            });
            report.indicators = analysis.hits;
            report.score = analysis.score;
            report.level = analysis.level;
            report.contributions = analysis.contributions;
            report.warnings.extend(analysis.warnings);
        }
        #[cfg(not(feature = "text"))]
        drop(signals);
        report
    }

    /// Hashes one image (under the decoding limits) and matches it against the known index.
    /// The image itself is never kept: only its SHA-256 and perceptual hash.
    #[cfg(feature = "imagehash")]
    fn image_finding(
        &self,
        hasher: &redflag_imagehash::Hasher,
        path: &str,
        base: &Path,
        warnings: &mut Vec<Warning>,
    ) -> redflag_model::ImageFinding {
        match hasher.hash_file(&base.join(path)) {
            Ok(digest) => {
                let mut finding = digest.finding(path);
                if self.report_windows
                    && let Some(p) = &digest.pdq
                {
                    finding.windows = p
                        .windows
                        .iter()
                        .map(|w| {
                            redflag_model::ImageWindow::new(w.window, w.hash.to_hex(), w.quality)
                        })
                        .collect();
                }
                if let Some(known) = &self.known {
                    // Windows computed only to be reported are not matched.
                    let unmatched;
                    let digest = if self.match_windows {
                        &digest
                    } else {
                        let mut d = digest.clone();
                        if let Some(p) = &mut d.pdq {
                            p.windows.clear();
                        }
                        unmatched = d;
                        &unmatched
                    };
                    finding.matches = known.match_digest(
                        digest,
                        self.max_distance,
                        redflag_imagehash::MIN_QUALITY,
                    );
                }
                if finding
                    .quality
                    .is_some_and(|q| q < redflag_imagehash::MIN_QUALITY)
                {
                    warnings.push(Warning::new(
                        "low_quality_image",
                        format!(
                            "{path}: PDQ quality below {}, not matched",
                            redflag_imagehash::MIN_QUALITY
                        ),
                    ));
                }
                finding
            }
            Err(e) => {
                let mut finding = redflag_model::ImageFinding::new(path);
                let message = e.to_string();
                warnings.push(Warning::new("image_error", message.clone()));
                finding.error = Some(e.code());
                finding.message = Some(message);
                finding
            }
        }
    }
}
