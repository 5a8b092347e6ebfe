//! Byte spans into the original text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Half-open byte range `start..end` into the **original** input text.
///
/// Invariant: `start <= end`. Every span that redflag reports also lands on `char` boundaries of the
/// text it was found in, so `&text[span.range()]` is exactly what a user sees highlighted.
///
/// In JSON a span is two flat fields on the hit or entity that carries it: `"start": 12, "end": 20`.
/// Deserializing re-checks the invariant, so a hand-edited report with `end < start` is rejected.
///
/// ```
/// use redflag_model::Span;
/// let text = "call me";
/// let span = Span::new(0, 4).ok_or("end before start")?;
/// assert_eq!(&text[span.range()], "call");
/// assert!(Span::new(5, 2).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "SpanRepr", into = "SpanRepr")]
pub struct Span {
    start: usize,
    end: usize,
}

/// The wire form of [`Span`], checked on the way in.
#[derive(Serialize, Deserialize)]
struct SpanRepr {
    start: usize,
    end: usize,
}

impl Span {
    /// A span from `start` to `end`, or `None` when `end < start`.
    pub fn new(start: usize, end: usize) -> Option<Span> {
        (start <= end).then_some(Span { start, end })
    }

    /// The first byte of the span.
    pub fn start(&self) -> usize {
        self.start
    }

    /// One past the last byte of the span.
    pub fn end(&self) -> usize {
        self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a range, for slicing: `&text[span.range()]`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Whether the two spans share at least one byte (empty spans overlap nothing).
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this span covers in `text`, or `None` when the span is out of bounds or does not
    /// fall on `char` boundaries of `text`.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.range())
    }
}

/// The error returned when a span would end before it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidSpan {
    /// The requested start.
    pub start: usize,
    /// The requested end, smaller than `start`.
    pub end: usize,
}

impl fmt::Display for InvalidSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "span end {} is before its start {}",
            self.end, self.start
        )
    }
}

impl std::error::Error for InvalidSpan {}

impl TryFrom<SpanRepr> for Span {
    type Error = InvalidSpan;
    fn try_from(r: SpanRepr) -> Result<Self, Self::Error> {
        Span::new(r.start, r.end).ok_or(InvalidSpan {
            start: r.start,
            end: r.end,
        })
    }
}

impl From<Span> for SpanRepr {
    fn from(s: Span) -> Self {
        SpanRepr {
            start: s.start,
            end: s.end,
        }
    }
}

impl TryFrom<std::ops::Range<usize>> for Span {
    type Error = InvalidSpan;
    fn try_from(r: std::ops::Range<usize>) -> Result<Self, Self::Error> {
        SpanRepr {
            start: r.start,
            end: r.end,
        }
        .try_into()
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}
