//! The sub-windows hashed for crop-robust matching.
//!
//! PDQ moves past distance 31 when a photo loses a few percent per side. So for every known image
//! and every query we also hash a fixed set of sub-windows; a crop of the known image then lines
//! up (closely enough) with one of the known image's windows, or one of the query's windows lines
//! up with the known image. The set:
//!
//! | name | rectangle (fractions of width and height) | catches |
//! |---|---|---|
//! | `full` | the whole image | rescaling, recompression, small edits |
//! | `c95`, `c90`, `c85`, `c80` | centred, 95/90/85/80% of each side | centred crops of 0–10% per side |
//! | `tl95`, `tr95`, `bl95`, `br95` | 95% of each side anchored at a corner | a 5% crop of two adjacent sides (one corner) |
//! | `tl90`, `tr90`, `bl90`, `br90` | 90% of each side anchored at a corner | up to 10% off two adjacent sides |
//! | `l95`, `r95`, `t95`, `b95` | 95% of one side (left, right, top or bottom part), the other side whole | 5% off one side |
//! | `l90`, `r90`, `t90`, `b90` | 90% of one side, the other side whole | 10% off one side |
//!
//! Window hashes are computed on a reduced copy of the luma plane: when the longer side exceeds
//! [`WINDOW_MAX_SIDE`] pixels, the plane is first averaged over `f`×`f` blocks with
//! `f = ⌈longer side / 256⌉` (this makes 20 windows cost about as much as one 1024×768
//! hash). Pixel rectangles are the fractions times the reduced size, rounded to the nearest pixel;
//! a window smaller than 5 pixels on a side is skipped. Window hashes are ordinary PDQ hashes of
//! the window's luma; they are our convention, not the reference's (the `full` hash is the
//! reference's, computed at full resolution).

/// One sub-window, as fractions of the image's width and height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Its name in outputs (`c90`, `tl95`, …).
    pub name: &'static str,
    /// Left edge, fraction of the width.
    pub x0: f64,
    /// Top edge, fraction of the height.
    pub y0: f64,
    /// Right edge, fraction of the width.
    pub x1: f64,
    /// Bottom edge, fraction of the height.
    pub y1: f64,
}

impl Window {
    /// The pixel rectangle `(x, y, width, height)` of this window in a `width`×`height` image.
    pub fn rect(&self, width: usize, height: usize) -> (usize, usize, usize, usize) {
        let px = |f: f64, n: usize| ((f * n as f64).round() as usize).min(n);
        let (x0, x1) = (px(self.x0, width), px(self.x1, width));
        let (y0, y1) = (px(self.y0, height), px(self.y1, height));
        (x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0))
    }
}

const fn centred(name: &'static str, keep: f64) -> Window {
    let m = (1.0 - keep) / 2.0;
    Window {
        name,
        x0: m,
        y0: m,
        x1: 1.0 - m,
        y1: 1.0 - m,
    }
}

const fn corner(name: &'static str, keep: f64, right: bool, bottom: bool) -> Window {
    let (x0, x1) = if right {
        (1.0 - keep, 1.0)
    } else {
        (0.0, keep)
    };
    let (y0, y1) = if bottom {
        (1.0 - keep, 1.0)
    } else {
        (0.0, keep)
    };
    Window {
        name,
        x0,
        y0,
        x1,
        y1,
    }
}

/// The name of the whole-image "window".
pub const FULL: &str = "full";

/// The longer side above which window hashes are computed on a block-averaged copy.
pub const WINDOW_MAX_SIDE: usize = 256;

const fn side(name: &'static str, keep: f64, which: u8) -> Window {
    let (x0, y0, x1, y1) = match which {
        0 => (0.0, 0.0, keep, 1.0),
        1 => (1.0 - keep, 0.0, 1.0, 1.0),
        2 => (0.0, 0.0, 1.0, keep),
        _ => (0.0, 1.0 - keep, 1.0, 1.0),
    };
    Window {
        name,
        x0,
        y0,
        x1,
        y1,
    }
}

/// The standard sub-windows (the whole image, `full`, is not in this list).
pub const STANDARD_WINDOWS: [Window; 20] = [
    centred("c95", 0.95),
    centred("c90", 0.90),
    centred("c85", 0.85),
    centred("c80", 0.80),
    corner("tl95", 0.95, false, false),
    corner("tr95", 0.95, true, false),
    corner("bl95", 0.95, false, true),
    corner("br95", 0.95, true, true),
    corner("tl90", 0.90, false, false),
    corner("tr90", 0.90, true, false),
    corner("bl90", 0.90, false, true),
    corner("br90", 0.90, true, true),
    side("l95", 0.95, 0),
    side("r95", 0.95, 1),
    side("t95", 0.95, 2),
    side("b95", 0.95, 3),
    side("l90", 0.90, 0),
    side("r90", 0.90, 1),
    side("t90", 0.90, 2),
    side("b90", 0.90, 3),
];

/// Which windows a hasher computes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Windows {
    /// Only the whole image. The default.
    #[default]
    None,
    /// The whole image and [`STANDARD_WINDOWS`].
    Standard,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rectangles_stay_inside_the_image() {
        for w in STANDARD_WINDOWS {
            for (width, height) in [(5, 5), (640, 480), (17, 1031)] {
                let (x, y, ww, hh) = w.rect(width, height);
                assert!(
                    x + ww <= width && y + hh <= height,
                    "{} {width}x{height}",
                    w.name
                );
            }
        }
        assert_eq!(STANDARD_WINDOWS[1].rect(1000, 500), (50, 25, 900, 450));
        assert_eq!(STANDARD_WINDOWS[7].rect(1000, 500), (50, 25, 950, 475));
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = STANDARD_WINDOWS.iter().map(|w| w.name).collect();
        names.push(FULL);
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
