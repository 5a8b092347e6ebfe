//! PDQ, implemented to reproduce Meta's C++ reference bit for bit.
//!
//! The pipeline is the reference's (`pdqhashing.cpp`, `downscaling.cpp`, `torben.cpp` in
//! facebook/ThreatExchange): float32 luma, two rounds of horizontal-then-vertical running-sum box
//! filters (the Jarosz tent filter), decimation to 64×64, the image-domain quality metric, the
//! 16×16 DCT (rows 1..16 of the 64-point DCT matrix), Torben's median and strict `>` thresholding.
//! Every floating-point operation happens in the same order and precision as in the reference, so
//! the hashes are identical, including on degenerate inputs where float rounding decides the bits.
//!
//! The memory layout differs from the reference (which keeps two full float buffers and walks
//! columns with a row-length stride): we keep one float buffer, filter columns a whole row at a
//! time with a vector of running sums, and in the second round only compute the 64 columns and 64
//! rows that the decimation keeps. Each running sum still sees exactly the reference's sequence of
//! additions and subtractions, so the results do not change.

use image::DynamicImage;

/// Images smaller than this in either dimension hash to all zeros with quality 0 (reference
/// `MIN_HASHABLE_DIM`).
pub const MIN_DIMENSION: usize = 5;

/// Names of the eight dihedral hashes, in the reference's order.
pub const DIHEDRAL_NAMES: [&str; 8] = [
    "original",
    "rotate90",
    "rotate180",
    "rotate270",
    "flipx",
    "flipy",
    "flipplus1",
    "flipminus1",
];

/// A 256-bit PDQ hash in the reference's layout: bit `k` of the hash is DCT coefficient
/// `(k / 16, k % 16)`, and the bytes are the big-endian form of the 256-bit integer (so the hex of
/// the bytes is the reference's `Hash256::format()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Pdq256(pub [u8; 32]);

impl Pdq256 {
    /// Whether bit `k` (0..256, reference numbering) is set.
    pub fn bit(&self, k: usize) -> bool {
        k < 256 && self.0[31 - k / 8] & (1 << (k % 8)) != 0
    }

    /// Lowercase hex, 64 characters, as the reference prints it.
    pub fn to_hex(&self) -> String {
        redflag_model::to_hex(&self.0)
    }

    /// The hash as four big-endian words (the form the index stores).
    pub fn words(&self) -> [u64; 4] {
        let mut w = [0u64; 4];
        for (i, chunk) in self.0.chunks_exact(8).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            w[i] = u64::from_be_bytes(b);
        }
        w
    }

    /// Hamming distance.
    pub fn distance(&self, other: &Pdq256) -> u32 {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a ^ b).count_ones())
            .sum()
    }
}

/// The result of hashing one image with PDQ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdqResult {
    /// The hash of the image as given.
    pub hash: Pdq256,
    /// The reference's quality metric, 0 to 100. Hashes below 50 are not trustworthy for matching.
    pub quality: u8,
}

/// A single-channel float image (the input of PDQ), row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Luma {
    width: usize,
    height: usize,
    data: Vec<f32>,
}

impl Luma {
    /// Wraps row-major luma values.
    ///
    /// Returns `None` when `data.len() != width * height`.
    pub fn new(width: usize, height: usize, data: Vec<f32>) -> Option<Luma> {
        (width.checked_mul(height) == Some(data.len())).then_some(Luma {
            width,
            height,
            data,
        })
    }

    /// The luma PDQ hashes for a decoded image, as the reference's Python binding computes it:
    /// `R·0.299 + G·0.587 + B·0.114` in double precision, rounded to float (this equals the grey
    /// value for grey pixels). Grey images use the grey value directly; alpha is ignored; images
    /// with more than 8 bits per channel are first reduced to 8-bit RGB.
    pub fn from_image(image: &DynamicImage) -> Luma {
        let (width, height) = (image.width() as usize, image.height() as usize);
        let t = LumaTables::new();
        let rgb_luma = |p: &[u8]| t.luma(p[0], p[1], p[2]);
        let data: Vec<f32> = match image {
            DynamicImage::ImageLuma8(g) => g.as_raw().iter().map(|&v| f32::from(v)).collect(),
            DynamicImage::ImageLumaA8(g) => g
                .as_raw()
                .chunks_exact(2)
                .map(|p| f32::from(p[0]))
                .collect(),
            DynamicImage::ImageRgb8(rgb) => rgb.as_raw().chunks_exact(3).map(rgb_luma).collect(),
            DynamicImage::ImageRgba8(rgba) => rgba.as_raw().chunks_exact(4).map(rgb_luma).collect(),
            other => other
                .to_rgb8()
                .as_raw()
                .chunks_exact(3)
                .map(rgb_luma)
                .collect(),
        };
        Luma {
            width,
            height,
            data,
        }
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The values, row-major.
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    /// A copy of the rectangle `x0..x0+w` × `y0..y0+h` (clamped to the image).
    pub fn crop(&self, x0: usize, y0: usize, w: usize, h: usize) -> Luma {
        let x0 = x0.min(self.width);
        let y0 = y0.min(self.height);
        let w = w.min(self.width - x0);
        let h = h.min(self.height - y0);
        let mut data = Vec::with_capacity(w * h);
        for r in y0..y0 + h {
            let start = r * self.width + x0;
            data.extend_from_slice(&self.data[start..start + w]);
        }
        Luma {
            width: w,
            height: h,
            data,
        }
    }
}

/// The products `v·0.299`, `v·0.587`, `v·0.114` for every byte value, in double precision: a
/// table lookup gives exactly the product the multiplication would, so
/// `(r[R] + g[G]) + b[B]` rounded to float is the binding's `R·0.299 + G·0.587 + B·0.114`.
struct LumaTables {
    r: [f64; 256],
    g: [f64; 256],
    b: [f64; 256],
}

impl LumaTables {
    fn new() -> LumaTables {
        let mut t = LumaTables {
            r: [0.0; 256],
            g: [0.0; 256],
            b: [0.0; 256],
        };
        for v in 0..256usize {
            let x = v as f64;
            t.r[v] = x * 0.299;
            t.g[v] = x * 0.587;
            t.b[v] = x * 0.114;
        }
        t
    }

    #[inline]
    fn luma(&self, r: u8, g: u8, b: u8) -> f32 {
        (self.r[usize::from(r)] + self.g[usize::from(g)] + self.b[usize::from(b)]) as f32
    }
}

/// The PDQ hasher: holds the reference's DCT matrix (computed once).
#[derive(Clone, Debug)]
pub struct PdqHasher {
    /// `dct[i][j]`, i in 0..16 (DCT rows 1..16), j in 0..64.
    dct: Box<[[f32; 64]; 16]>,
    /// Its transpose, `dct_t[k][j] = dct[j][k]`.
    dct_t: Box<[[f32; 16]; 64]>,
}

impl Default for PdqHasher {
    fn default() -> Self {
        PdqHasher::new()
    }
}

impl PdqHasher {
    /// Builds the DCT tables exactly as the reference does: a float scale factor `sqrt(2/64)`
    /// times a double cosine, rounded to float.
    pub fn new() -> PdqHasher {
        let scale = (2.0f64 / 64.0).sqrt() as f32;
        let mut dct = Box::new([[0f32; 64]; 16]);
        let mut dct_t = Box::new([[0f32; 16]; 64]);
        for i in 0..16 {
            for j in 0..64 {
                let angle =
                    (std::f64::consts::PI / 2.0 / 64.0) * (i as f64 + 1.0) * (2.0 * j as f64 + 1.0);
                let v = (f64::from(scale) * angle.cos()) as f32;
                dct[i][j] = v;
                dct_t[j][i] = v;
            }
        }
        PdqHasher { dct, dct_t }
    }

    /// The hash and quality of `luma`, as the reference's `pdqHash256FromFloatLuma` computes them
    /// (an exactly 64×64 input skips the tent filter).
    pub fn hash(&self, luma: &Luma) -> PdqResult {
        self.hash_input(Input::Borrowed(luma))
    }

    /// As [`PdqHasher::hash`], filtering in the luma plane's own buffer (no copy of the image).
    pub fn hash_owned(&self, luma: Luma) -> PdqResult {
        self.hash_input(Input::Owned(luma))
    }

    fn hash_input(&self, luma: Input<'_>) -> PdqResult {
        match self.dct16(luma, SkipFilterAt64::Yes) {
            None => PdqResult {
                hash: Pdq256::default(),
                quality: 0,
            },
            Some((coeffs, quality)) => PdqResult {
                hash: bits(&coeffs),
                quality,
            },
        }
    }

    /// The eight dihedral hashes (order: [`DIHEDRAL_NAMES`]) and the quality, as the reference's
    /// `pdqDihedralHash256esFromFloatLuma` computes them from one DCT. Element 0 is the hash of the
    /// image as given.
    pub fn dihedral(&self, luma: &Luma) -> ([Pdq256; 8], u8) {
        self.dihedral_input(Input::Borrowed(luma))
    }

    /// As [`PdqHasher::dihedral`], filtering in the luma plane's own buffer (no copy of the image).
    pub fn dihedral_owned(&self, luma: Luma) -> ([Pdq256; 8], u8) {
        self.dihedral_input(Input::Owned(luma))
    }

    fn dihedral_input(&self, luma: Input<'_>) -> ([Pdq256; 8], u8) {
        match self.dct16(luma, SkipFilterAt64::No) {
            None => ([Pdq256::default(); 8], 0),
            Some((a, quality)) => {
                let mut out = [Pdq256::default(); 8];
                let mut b = [[0f32; 16]; 16];
                for (slot, hash) in out.iter_mut().enumerate() {
                    for i in 0..16 {
                        for j in 0..16 {
                            let v = a[i][j];
                            let odd_i = i & 1 == 1;
                            let odd_j = j & 1 == 1;
                            let odd_ij = (i + j) & 1 == 1;
                            match slot {
                                0 => b[i][j] = v,
                                1 => b[j][i] = if odd_j { v } else { -v },
                                2 => b[i][j] = if odd_ij { -v } else { v },
                                3 => b[j][i] = if odd_i { v } else { -v },
                                4 => b[i][j] = if odd_i { v } else { -v },
                                5 => b[i][j] = if odd_j { v } else { -v },
                                6 => b[j][i] = v,
                                _ => b[j][i] = if odd_ij { -v } else { v },
                            }
                        }
                    }
                    *hash = bits(&b);
                }
                (out, quality)
            }
        }
    }

    /// Blur, decimate, quality and the 16×16 DCT; `None` below the minimum size.
    fn dct16(&self, luma: Input<'_>, skip: SkipFilterAt64) -> Option<([[f32; 16]; 16], u8)> {
        let (rows, cols) = match &luma {
            Input::Borrowed(l) => (l.height, l.width),
            Input::Owned(l) => (l.height, l.width),
        };
        if rows < MIN_DIMENSION || cols < MIN_DIMENSION {
            return None;
        }
        let mut a = [[0f32; 64]; 64];
        if rows == 64 && cols == 64 && skip == SkipFilterAt64::Yes {
            let data = match &luma {
                Input::Borrowed(l) => &l.data,
                Input::Owned(l) => &l.data,
            };
            for (i, row) in a.iter_mut().enumerate() {
                row.copy_from_slice(&data[i * 64..(i + 1) * 64]);
            }
        } else {
            let buf = match luma {
                Input::Borrowed(l) => l.data.clone(),
                Input::Owned(l) => l.data,
            };
            downsample(buf, rows, cols, &mut a);
        }
        let quality = quality(&a);
        Some((self.dct64_to_16(&a), quality))
    }

    /// `B = D·A·Dᵀ` with sequential float sums over k = 0..64, as `dct64To16`.
    fn dct64_to_16(&self, a: &[[f32; 64]; 64]) -> [[f32; 16]; 16] {
        // T = D·A: T[i][j] = sum_k D[i][k]·A[k][j]; vectorised over j, each sum in k order.
        let mut t = [[0f32; 64]; 16];
        for (i, trow) in t.iter_mut().enumerate() {
            let d = &self.dct[i];
            for (k, arow) in a.iter().enumerate() {
                let dk = d[k];
                for (tv, av) in trow.iter_mut().zip(arow) {
                    *tv += dk * av;
                }
            }
        }
        // B = T·Dᵀ: B[i][j] = sum_k T[i][k]·D[j][k]; vectorised over j, each sum in k order.
        let mut b = [[0f32; 16]; 16];
        for (i, brow) in b.iter_mut().enumerate() {
            for (k, dtk) in self.dct_t.iter().enumerate() {
                let tv = t[i][k];
                for (bv, dv) in brow.iter_mut().zip(dtk) {
                    *bv += tv * dv;
                }
            }
        }
        b
    }
}

enum Input<'a> {
    Borrowed(&'a Luma),
    Owned(Luma),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SkipFilterAt64 {
    Yes,
    No,
}

/// The reference's `computeJaroszFilterWindowSize(dim, 64)`.
fn window_size(dim: usize) -> usize {
    dim.div_ceil(128)
}

/// The decimation indices `floor((i + 0.5)·dim/64)`, computed in double as the reference does.
fn decimation(dim: usize) -> [usize; 64] {
    let mut idx = [0usize; 64];
    for (i, v) in idx.iter_mut().enumerate() {
        *v = (((i as f64 + 0.5) * dim as f64) / 64.0) as usize;
    }
    idx
}

/// Phase lengths of the reference's `box1DFloat` for a vector of `n` samples and window `w`.
struct Phases {
    p1: usize,
    p2: usize,
    p3: usize,
    p4: usize,
}

fn phases(n: usize, w: usize) -> Phases {
    let half = (w + 2) / 2;
    Phases {
        p1: half - 1,
        p2: w - half + 1,
        p3: n - w,
        p4: half - 1,
    }
}

/// One 1-D running-sum box filter along a contiguous vector, as `box1DFloat` with stride 1.
fn box_row(input: &[f32], out: &mut [f32], w: usize) {
    let n = input.len();
    let ph = phases(n, w);
    let mut sum = 0f32;
    let mut count = 0usize;
    let (mut li, mut ri, mut oi) = (0usize, 0usize, 0usize);
    for _ in 0..ph.p1 {
        sum += input[ri];
        count += 1;
        ri += 1;
    }
    for _ in 0..ph.p2 {
        sum += input[ri];
        count += 1;
        out[oi] = sum / count as f32;
        ri += 1;
        oi += 1;
    }
    for _ in 0..ph.p3 {
        sum += input[ri];
        sum -= input[li];
        out[oi] = sum / count as f32;
        li += 1;
        ri += 1;
        oi += 1;
    }
    for _ in 0..ph.p4 {
        sum -= input[li];
        count -= 1;
        out[oi] = sum / count as f32;
        li += 1;
        oi += 1;
    }
}

/// [`box_row`] on `R` rows at once (`input` and `out` hold `R` rows of `cols` each). Each row sees
/// exactly `box_row`'s sequence of operations; interleaving independent rows hides the latency of
/// the running sums.
fn box_rows<const R: usize>(input: &[f32], out: &mut [f32], cols: usize, w: usize) {
    let ph = phases(cols, w);
    let mut sum = [0f32; R];
    let mut count = 0usize;
    let (mut li, mut ri, mut oi) = (0usize, 0usize, 0usize);
    for _ in 0..ph.p1 {
        for (r, s) in sum.iter_mut().enumerate() {
            *s += input[r * cols + ri];
        }
        count += 1;
        ri += 1;
    }
    for _ in 0..ph.p2 {
        count += 1;
        let c = count as f32;
        for (r, s) in sum.iter_mut().enumerate() {
            *s += input[r * cols + ri];
            out[r * cols + oi] = *s / c;
        }
        ri += 1;
        oi += 1;
    }
    let c = count as f32;
    for _ in 0..ph.p3 {
        for (r, s) in sum.iter_mut().enumerate() {
            *s += input[r * cols + ri];
            *s -= input[r * cols + li];
            out[r * cols + oi] = *s / c;
        }
        li += 1;
        ri += 1;
        oi += 1;
    }
    for _ in 0..ph.p4 {
        count -= 1;
        let c = count as f32;
        for (r, s) in sum.iter_mut().enumerate() {
            *s -= input[r * cols + li];
            out[r * cols + oi] = *s / c;
        }
        li += 1;
        oi += 1;
    }
}

/// [`box_rows`] for the second round: the same running sums, but the division is done only at the
/// columns the decimation keeps (`keep`, ascending), written to `narrow` (`R` rows of 64).
fn box_rows_select<const R: usize>(
    input: &[f32],
    narrow: &mut [f32],
    cols: usize,
    w: usize,
    keep: &[usize; 64],
) {
    let ph = phases(cols, w);
    let mut sum = [0f32; R];
    let mut count = 0usize;
    let (mut li, mut ri, mut oi) = (0usize, 0usize, 0usize);
    let mut next = 0usize;
    let mut emit = |oi: usize, sum: &[f32; R], count: usize, next: &mut usize| {
        let c = count as f32;
        while *next < 64 && keep[*next] == oi {
            for (r, s) in sum.iter().enumerate() {
                narrow[r * 64 + *next] = s / c;
            }
            *next += 1;
        }
    };
    for _ in 0..ph.p1 {
        for (r, s) in sum.iter_mut().enumerate() {
            *s += input[r * cols + ri];
        }
        count += 1;
        ri += 1;
    }
    for _ in 0..ph.p2 {
        for (r, s) in sum.iter_mut().enumerate() {
            *s += input[r * cols + ri];
        }
        count += 1;
        emit(oi, &sum, count, &mut next);
        ri += 1;
        oi += 1;
    }
    for _ in 0..ph.p3 {
        for (r, s) in sum.iter_mut().enumerate() {
            *s += input[r * cols + ri];
            *s -= input[r * cols + li];
        }
        emit(oi, &sum, count, &mut next);
        li += 1;
        ri += 1;
        oi += 1;
    }
    for _ in 0..ph.p4 {
        for (r, s) in sum.iter_mut().enumerate() {
            *s -= input[r * cols + li];
        }
        count -= 1;
        emit(oi, &sum, count, &mut next);
        li += 1;
        oi += 1;
    }
}

/// Rows this many at a time in the horizontal passes.
const ROW_GROUP: usize = 8;

fn add_row(sums: &mut [f32], row: &[f32]) {
    for (s, v) in sums.iter_mut().zip(row) {
        *s += v;
    }
}

fn sub_row(sums: &mut [f32], row: &[f32]) {
    for (s, v) in sums.iter_mut().zip(row) {
        *s -= v;
    }
}

fn div_row(out: &mut [f32], sums: &[f32], count: usize) {
    let c = count as f32;
    for (o, s) in out.iter_mut().zip(sums) {
        *o = s / c;
    }
}

/// The column box filter on a `rows`×`cols` buffer, in place: every column sees the reference's
/// `box1DFloat` sequence, all columns advance together a row at a time. Rows that are overwritten
/// but still needed for subtraction are kept in a ring of `w + 1` rows.
fn box_cols_in_place(buf: &mut [f32], rows: usize, cols: usize, w: usize) {
    let ph = phases(rows, w);
    let ring_len = w + 1;
    let mut ring = vec![0f32; ring_len * cols];
    let mut sums = vec![0f32; cols];
    let mut count = 0usize;
    let (mut li, mut ri, mut oi) = (0usize, 0usize, 0usize);
    // Original (unfiltered) row r: from the ring once overwritten (r < oi), else from the buffer.
    macro_rules! original {
        ($r:expr) => {{
            let r = $r;
            if r < oi {
                let s = (r % ring_len) * cols;
                &ring[s..s + cols]
            } else {
                &buf[r * cols..(r + 1) * cols]
            }
        }};
    }
    let write = |buf: &mut [f32], ring: &mut [f32], sums: &[f32], oi: usize, count: usize| {
        let s = (oi % ring_len) * cols;
        ring[s..s + cols].copy_from_slice(&buf[oi * cols..(oi + 1) * cols]);
        div_row(&mut buf[oi * cols..(oi + 1) * cols], sums, count);
    };
    for _ in 0..ph.p1 {
        add_row(&mut sums, original!(ri));
        count += 1;
        ri += 1;
    }
    for _ in 0..ph.p2 {
        add_row(&mut sums, original!(ri));
        count += 1;
        write(buf, &mut ring, &sums, oi, count);
        ri += 1;
        oi += 1;
    }
    for _ in 0..ph.p3 {
        add_row(&mut sums, original!(ri));
        sub_row(&mut sums, original!(li));
        write(buf, &mut ring, &sums, oi, count);
        li += 1;
        ri += 1;
        oi += 1;
    }
    for _ in 0..ph.p4 {
        sub_row(&mut sums, original!(li));
        count -= 1;
        write(buf, &mut ring, &sums, oi, count);
        li += 1;
        oi += 1;
    }
}

/// The column box filter on a `rows`×64 buffer, emitting only the rows in `keep` (ascending) into
/// the 64×64 output.
fn box_cols_select(
    input: &[f32],
    rows: usize,
    w: usize,
    keep: &[usize; 64],
    out: &mut [[f32; 64]; 64],
) {
    const C: usize = 64;
    let ph = phases(rows, w);
    let mut sums = [0f32; C];
    let mut count = 0usize;
    let (mut li, mut ri, mut oi) = (0usize, 0usize, 0usize);
    let mut next = 0usize;
    let row = |r: usize| &input[r * C..(r + 1) * C];
    let mut emit = |oi: usize, sums: &[f32; C], count: usize, next: &mut usize| {
        while *next < 64 && keep[*next] == oi {
            div_row(&mut out[*next], sums, count);
            *next += 1;
        }
    };
    for _ in 0..ph.p1 {
        add_row(&mut sums, row(ri));
        count += 1;
        ri += 1;
    }
    for _ in 0..ph.p2 {
        add_row(&mut sums, row(ri));
        count += 1;
        emit(oi, &sums, count, &mut next);
        ri += 1;
        oi += 1;
    }
    for _ in 0..ph.p3 {
        add_row(&mut sums, row(ri));
        sub_row(&mut sums, row(li));
        emit(oi, &sums, count, &mut next);
        li += 1;
        ri += 1;
        oi += 1;
    }
    for _ in 0..ph.p4 {
        sub_row(&mut sums, row(li));
        count -= 1;
        emit(oi, &sums, count, &mut next);
        li += 1;
        oi += 1;
    }
}

/// Two rounds of (rows box, columns box), then decimation to 64×64: the reference's
/// `jaroszFilterFloat` + `decimateFloat`, computing only what the decimation keeps in round two.
fn downsample(mut buf: Vec<f32>, rows: usize, cols: usize, out: &mut [[f32; 64]; 64]) {
    let wr = window_size(cols);
    let wc = window_size(rows);
    let keep_cols = decimation(cols);
    let keep_rows = decimation(rows);
    let mut scratch = vec![0f32; cols * ROW_GROUP];
    let grouped = rows - rows % ROW_GROUP;
    // Round 1: full rows pass (ROW_GROUP rows at a time) and full columns pass.
    for r in (0..grouped).step_by(ROW_GROUP) {
        let block = &mut buf[r * cols..(r + ROW_GROUP) * cols];
        scratch.copy_from_slice(block);
        box_rows::<ROW_GROUP>(&scratch, block, cols, wr);
    }
    for r in grouped..rows {
        let row = &mut buf[r * cols..(r + 1) * cols];
        scratch[..cols].copy_from_slice(row);
        box_row(&scratch[..cols], row, wr);
    }
    box_cols_in_place(&mut buf, rows, cols, wc);
    // Round 2: the rows pass, keeping only the decimated columns.
    let mut narrow = vec![0f32; rows * 64];
    for r in (0..grouped).step_by(ROW_GROUP) {
        box_rows_select::<ROW_GROUP>(
            &buf[r * cols..(r + ROW_GROUP) * cols],
            &mut narrow[r * 64..(r + ROW_GROUP) * 64],
            cols,
            wr,
            &keep_cols,
        );
    }
    for r in grouped..rows {
        box_rows_select::<1>(
            &buf[r * cols..(r + 1) * cols],
            &mut narrow[r * 64..(r + 1) * 64],
            cols,
            wr,
            &keep_cols,
        );
    }
    drop(buf);
    // Round 2: the columns pass on the kept columns, emitting the kept rows.
    box_cols_select(&narrow, rows, wc, &keep_rows, out);
}

/// The reference's `pdqImageDomainQualityMetric`.
fn quality(a: &[[f32; 64]; 64]) -> u8 {
    let mut sum: i64 = 0;
    let grad = |u: f32, v: f32| -> i64 {
        let d = ((u - v) * 100.0f32) / 255.0f32;
        i64::from((d as i32).unsigned_abs())
    };
    // Integer sums: the order of the pairs does not matter.
    for pair in a.windows(2) {
        for (&u, &v) in pair[0].iter().zip(&pair[1]) {
            sum += grad(u, v);
        }
    }
    for row in a.iter() {
        for p in row.windows(2) {
            sum += grad(p[0], p[1]);
        }
    }
    (sum / 90).min(100) as u8
}

/// Torben's median as in the reference's `torben.cpp` (order-independent; for 256 distinct values
/// the lower median). Falls back to the lower median by sorting if it ever fails to converge.
fn torben(m: &[f32]) -> f32 {
    let n = m.len();
    let half = n.div_ceil(2);
    let mut min = m[0];
    let mut max = m[0];
    for &v in &m[1..] {
        if v < min {
            min = v;
        }
        if v > max {
            max = v;
        }
    }
    for _ in 0..4 * n + 64 {
        let guess = (min + max) / 2.0;
        let (mut less, mut greater, mut equal) = (0usize, 0usize, 0usize);
        let mut maxltguess = min;
        let mut mingtguess = max;
        for &v in m {
            if v < guess {
                less += 1;
                if v > maxltguess {
                    maxltguess = v;
                }
            } else if v > guess {
                greater += 1;
                if v < mingtguess {
                    mingtguess = v;
                }
            } else {
                equal += 1;
            }
        }
        if less <= half && greater <= half {
            return if less >= half {
                maxltguess
            } else if less + equal >= half {
                guess
            } else {
                mingtguess
            };
        } else if less > greater {
            max = maxltguess;
        } else {
            min = mingtguess;
        }
    }
    let mut sorted = m.to_vec();
    sorted.sort_by(f32::total_cmp);
    sorted[(n - 1) / 2]
}

/// Bit `i·16 + j` set iff `B[i][j] > median`.
fn bits(b: &[[f32; 16]; 16]) -> Pdq256 {
    let mut flat = [0f32; 256];
    for (i, row) in b.iter().enumerate() {
        flat[i * 16..(i + 1) * 16].copy_from_slice(row);
    }
    let median = torben(&flat);
    let mut out = Pdq256::default();
    for (k, &v) in flat.iter().enumerate() {
        if v > median {
            out.0[31 - k / 8] |= 1 << (k % 8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_cover_every_output_once() {
        for n in 5..300 {
            let w = window_size(n);
            let p = phases(n, w);
            assert_eq!(p.p2 + p.p3 + p.p4, n, "n={n} w={w}");
            assert_eq!(p.p1 + p.p2 + p.p3, n);
        }
    }

    #[test]
    fn box_row_averages_a_constant_to_itself() {
        let input = vec![3.0f32; 300];
        let mut out = vec![0f32; 300];
        box_row(&input, &mut out, 3);
        assert!(out.iter().all(|&v| v == 3.0));
    }

    #[test]
    fn columns_in_place_equal_per_column_reference_order() {
        // Column filter in place must equal running box_row on each column separately.
        let (rows, cols) = (37usize, 5usize);
        let data: Vec<f32> = (0..rows * cols)
            .map(|i| ((i * 7919) % 251) as f32 * 0.37)
            .collect();
        for w in 1..8 {
            let mut buf = data.clone();
            box_cols_in_place(&mut buf, rows, cols, w);
            for c in 0..cols {
                let col: Vec<f32> = (0..rows).map(|r| data[r * cols + c]).collect();
                let mut out = vec![0f32; rows];
                box_row(&col, &mut out, w);
                for r in 0..rows {
                    assert_eq!(
                        buf[r * cols + c].to_bits(),
                        out[r].to_bits(),
                        "w={w} r={r} c={c}"
                    );
                }
            }
        }
    }

    #[test]
    fn grouped_rows_equal_single_rows_bit_for_bit() {
        let cols = 203;
        let data: Vec<f32> = (0..cols * ROW_GROUP)
            .map(|i| ((i * 7919) % 251) as f32 * 0.37)
            .collect();
        for w in [1, 2, 3, 7, 8] {
            let mut grouped = vec![0f32; data.len()];
            box_rows::<ROW_GROUP>(&data, &mut grouped, cols, w);
            for r in 0..ROW_GROUP {
                let mut single = vec![0f32; cols];
                box_row(&data[r * cols..(r + 1) * cols], &mut single, w);
                let got: Vec<u32> = grouped[r * cols..(r + 1) * cols]
                    .iter()
                    .map(|v| v.to_bits())
                    .collect();
                let want: Vec<u32> = single.iter().map(|v| v.to_bits()).collect();
                assert_eq!(got, want, "w={w} row={r}");
            }
        }
    }

    #[test]
    fn selected_columns_equal_the_full_filter() {
        for cols in [5usize, 17, 64, 203, 1031] {
            let data: Vec<f32> = (0..cols * ROW_GROUP)
                .map(|i| ((i * 7919) % 251) as f32 * 0.37)
                .collect();
            let keep = decimation(cols);
            let w = window_size(cols);
            let mut full = vec![0f32; data.len()];
            box_rows::<ROW_GROUP>(&data, &mut full, cols, w);
            let mut narrow = vec![0f32; ROW_GROUP * 64];
            box_rows_select::<ROW_GROUP>(&data, &mut narrow, cols, w, &keep);
            for r in 0..ROW_GROUP {
                for (j, &c) in keep.iter().enumerate() {
                    assert_eq!(
                        narrow[r * 64 + j].to_bits(),
                        full[r * cols + c].to_bits(),
                        "cols={cols} r={r} j={j}"
                    );
                }
            }
        }
    }

    #[test]
    fn luma_tables_equal_the_formula() {
        let t = LumaTables::new();
        for (r, g, b) in [
            (0u8, 0u8, 0u8),
            (255, 255, 255),
            (12, 200, 77),
            (1, 2, 3),
            (254, 0, 128),
        ] {
            let direct =
                (f64::from(r) * 0.299 + f64::from(g) * 0.587 + f64::from(b) * 0.114) as f32;
            assert_eq!(t.luma(r, g, b).to_bits(), direct.to_bits());
        }
        for v in 0..=255u8 {
            assert_eq!(t.luma(v, v, v), f32::from(v), "grey {v}");
        }
    }

    #[test]
    fn torben_is_the_lower_median_of_distinct_values() {
        let v: Vec<f32> = (0..256).map(|i| ((i * 97) % 256) as f32 - 100.5).collect();
        let mut s = v.clone();
        s.sort_by(f32::total_cmp);
        assert_eq!(torben(&v), s[127]);
    }

    #[test]
    fn below_minimum_size_is_all_zero_with_quality_zero() {
        let hasher = PdqHasher::new();
        let luma = Luma::new(4, 100, vec![10.0; 400]).expect("sized");
        let r = hasher.hash(&luma);
        assert_eq!(r.hash, Pdq256::default());
        assert_eq!(r.quality, 0);
    }
}
