//! A seeded corpus of planted operations, and pairwise scores of a clustering against it.
//!
//! An **operation** is a group of ads written from one template and sharing identifiers and
//! photos, with the disguises real operators use: a different phone (or a burner phone that no
//! other ad carries) per ad, swapped names, changed prices and ages, re-ordered, dropped and added
//! sentences, now and then a heavy rewrite (half the sentences replaced), and re-encoded photos (a
//! few PDQ bits flipped). **Unrelated** ads have their own
//! template and identifiers; a share of them (and of the operations' ads) carry a hub value: a
//! platform support number and a stock photo that many unrelated ads show. A few unrelated ads
//! copy one of three generic template kits: in a small corpus the kits link their copies (false
//! pairs by the ground truth, which lower precision), in a large one they become hubs (by count,
//! or earlier by the independent-contacts rule, see [`LinkConfig::hub_posters`](crate::LinkConfig::hub_posters)).
//!
//! Identifiers are ones an extractor accepts, so the corpus can also be scanned from its text:
//! North American numbers in the 555 exchange of area codes in service, `@example.com` emails,
//! Telegram handles and lower-case Ethereum addresses. Each photo also comes as a [`Photo`]
//! recipe, for tools that draw the images and hash them themselves.
//!
//! ```
//! use redflag_link::synth::{self, SynthConfig};
//! use redflag_link::{LinkConfig, Linker};
//! let corpus: Vec<_> = synth::generate(&SynthConfig::new(7, 20, 300)).collect();
//! let mut linker = Linker::new(LinkConfig::default());
//! for doc in &corpus {
//!     linker.add(&doc.input())?;
//! }
//! let scores = synth::pairwise(&linker.clusters(), corpus.iter().map(|d| (d.id.as_str(), d.operation)));
//! assert!(scores.precision >= 0.95 && scores.recall >= 0.90, "{scores:?}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::hash::{SplitMix64, mix64};
use crate::{Cluster, ImageInput, LinkInput};
use redflag_model::{Chain, Entity, EntityValue, Platform, RiskLevel, Span};
use std::collections::HashMap;

/// The platform support number that many unrelated ads carry (a hub by design).
pub const HUB_PHONE: &str = "+18005550100";

/// The stock photo many unrelated ads show (a hub by design).
pub const HUB_PHOTO: [u64; 4] = [
    0x0f0f_0f0f_f0f0_f0f0,
    0x3c3c_3c3c_c3c3_c3c3,
    0x5a5a_5a5a_a5a5_a5a5,
    0x6969_6969_9696_9696,
];

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SynthConfig {
    /// The seed: the same seed gives the same corpus on every machine.
    pub seed: u64,
    /// Number of planted operations.
    pub operations: usize,
    /// Smallest and largest number of ads per operation (inclusive).
    pub operation_size: (usize, usize),
    /// Number of unrelated ads.
    pub unrelated: usize,
    /// Share of ads that carry the hub phone or the hub photo.
    pub hub_share: f64,
    /// Share of unrelated ads written from one of three generic template kits (boilerplate that
    /// unrelated posters copy): unrelated by the ground truth, near-duplicates by their text.
    pub kit_share: f64,
}

impl SynthConfig {
    /// `operations` operations of 3 to 40 ads and `unrelated` other ads, 30 % of ads with a hub
    /// value, 2 % of unrelated ads from a generic template kit.
    pub fn new(seed: u64, operations: usize, unrelated: usize) -> SynthConfig {
        SynthConfig {
            seed,
            operations,
            operation_size: (3, 40),
            unrelated,
            hub_share: 0.3,
            kit_share: 0.02,
        }
    }
}

/// One generated ad with its ground truth.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct SynthDoc {
    /// `op<k>-<i>` for operation ads, `ad-<i>` for unrelated ones.
    pub id: String,
    /// The ad text.
    pub text: String,
    /// Its identifiers, with spans into `text`.
    pub entities: Vec<Entity>,
    /// Its photos, as PDQ hashes (re-encoding is simulated by flipping a few bits).
    pub images: Vec<ImageInput>,
    /// The same photos as recipes for drawing real image files (one per entry of `images`), for
    /// tools that link images they hash themselves (`redflag synth --operations` writes them).
    pub photos: Vec<Photo>,
    /// The operation it belongs to, `None` for an unrelated ad.
    pub operation: Option<u32>,
}

/// How to draw one photo of a [`SynthDoc`]: a seeded scene, and whether this copy is the
/// original file or an edited copy. Two ads showing the same scene show the same photo; the
/// edits (re-encoding, resizing, a small crop, chosen from `edit`) are the drawing tool's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Photo {
    /// The scene's seed: equal seeds are the same picture.
    pub scene: u64,
    /// 0 for the original file (an identical re-post); otherwise the seed of this copy's edit.
    pub edit: u64,
}

impl std::fmt::Debug for SynthDoc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SynthDoc")
            .field("id", &self.id)
            .field("text_len", &self.text.len())
            .field("entities", &self.entities.len())
            .field("images", &self.images.len())
            .field("photos", &self.photos.len())
            .field("operation", &self.operation)
            .finish()
    }
}

impl SynthDoc {
    /// The linker input for this ad (level `high` for operation ads, `low` otherwise).
    pub fn input(&self) -> LinkInput<'_> {
        let mut input = LinkInput::new(&self.id)
            .with_text(&self.text)
            .with_entities(&self.entities)
            .with_level(if self.operation.is_some() {
                RiskLevel::High
            } else {
                RiskLevel::Low
            });
        input.images = self.images.clone();
        input
    }
}

const WORDS: &[&str] = &[
    "sweet",
    "girl",
    "new",
    "in",
    "town",
    "call",
    "me",
    "for",
    "a",
    "good",
    "time",
    "outcall",
    "incall",
    "available",
    "now",
    "tonight",
    "young",
    "fresh",
    "friendly",
    "discreet",
    "private",
    "apartment",
    "hotel",
    "visit",
    "only",
    "cash",
    "roses",
    "deposit",
    "first",
    "no",
    "rush",
    "relax",
    "massage",
    "full",
    "service",
    "special",
    "offer",
    "today",
    "weekend",
    "late",
    "night",
    "real",
    "photos",
    "guaranteed",
    "clean",
    "safe",
    "quiet",
    "place",
    "downtown",
    "near",
    "airport",
    "station",
    "text",
    "before",
    "coming",
    "serious",
    "clients",
    "gentlemen",
    "please",
    "respect",
    "rules",
    "short",
    "stay",
    "long",
    "hours",
    "travel",
    "with",
    "you",
    "party",
    "fun",
    "open",
    "minded",
    "exotic",
    "beauty",
    "petite",
    "curvy",
    "blonde",
    "brunette",
    "smile",
    "kiss",
    "company",
    "dinner",
    "date",
    "work",
    "abroad",
    "job",
    "offer",
    "housing",
    "free",
    "visa",
    "help",
    "salary",
    "paid",
    "weekly",
    "no",
    "experience",
    "needed",
    "factory",
    "warehouse",
    "cleaning",
    "hotel",
    "restaurant",
    "kitchen",
    "farm",
    "season",
    "picking",
    "driver",
    "nanny",
    "care",
    "elderly",
    "model",
    "dancer",
    "club",
    "bar",
    "hostess",
    "agency",
    "contract",
    "passport",
    "ticket",
    "transfer",
    "airport",
    "pickup",
    "we",
    "arrange",
    "everything",
    "language",
    "not",
    "required",
    "start",
    "immediately",
    "young",
    "women",
    "men",
    "couples",
    "age",
    "limit",
    "good",
    "conditions",
    "bonus",
    "meals",
    "included",
    "dormitory",
    "shared",
    "room",
    "fast",
    "money",
    "easy",
    "legal",
    "documents",
    "ready",
    "week",
    "month",
    "year",
    "city",
    "country",
    "europe",
    "poland",
    "germany",
    "italy",
    "france",
    "dubai",
    "turkey",
    "call",
    "write",
    "message",
    "reply",
    "quick",
    "details",
    "inbox",
    "dm",
    "telegram",
    "whatsapp",
    "viber",
    "snap",
    "link",
    "profile",
    "verified",
];

const NAMES: &[&str] = &[
    "Anna", "Olga", "Maria", "Elena", "Irina", "Natalia", "Sofia", "Daria", "Alina", "Vika",
    "Kate", "Jessica", "Amber", "Chloe", "Lily", "Mila", "Nina", "Lena", "Oksana", "Ioana",
];

fn sentence(r: &mut SplitMix64) -> String {
    let len = 5 + r.below(5);
    let mut words: Vec<&str> = (0..len).map(|_| WORDS[r.below(WORDS.len())]).collect();
    let first = words[0];
    let mut s = String::new();
    let mut cap = first.chars();
    if let Some(c) = cap.next() {
        s.extend(c.to_uppercase());
        s.push_str(cap.as_str());
    }
    words.remove(0);
    for w in words {
        s.push(' ');
        s.push_str(w);
    }
    s.push('.');
    s
}

/// North American area codes in service (all accepted by libphonenumber with the 555 exchange).
const AREA_CODES: [u16; 270] = [
    201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225,
    228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281,
    301, 302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321,
    323, 325, 330, 334, 336, 337, 339, 347, 351, 352, 360, 361, 386, 401, 402, 404, 405, 406, 407,
    408, 409, 410, 412, 413, 414, 415, 417, 419, 423, 425, 432, 434, 435, 440, 443, 469, 478, 479,
    480, 484, 501, 502, 503, 504, 505, 507, 508, 509, 510, 512, 513, 515, 516, 517, 518, 520, 530,
    540, 541, 551, 559, 561, 562, 563, 567, 570, 571, 573, 574, 575, 580, 585, 586, 601, 602, 603,
    605, 606, 607, 608, 609, 610, 612, 614, 615, 616, 617, 618, 619, 620, 623, 626, 630, 631, 636,
    641, 646, 650, 651, 660, 661, 662, 678, 682, 701, 702, 703, 704, 706, 707, 708, 712, 713, 714,
    715, 716, 717, 718, 719, 720, 724, 727, 731, 732, 734, 740, 754, 757, 760, 763, 765, 770, 772,
    773, 774, 775, 781, 785, 786, 801, 802, 803, 804, 805, 806, 808, 810, 812, 813, 814, 815, 816,
    817, 818, 828, 830, 831, 832, 843, 845, 847, 848, 850, 856, 857, 858, 859, 860, 862, 863, 864,
    865, 870, 878, 901, 903, 904, 906, 907, 908, 909, 910, 912, 913, 914, 915, 916, 917, 918, 919,
    920, 925, 928, 931, 936, 937, 940, 941, 947, 949, 951, 952, 954, 956, 970, 971, 972, 973, 978,
    979, 980, 985, 989,
];

/// Which block of the phone numbering an identifier comes from.
#[derive(Clone, Copy)]
enum PhoneBlock {
    /// An operation's shared phones.
    Operation = 0,
    /// Burner phones, one per operation ad.
    Burner = 1,
    /// Unrelated ads' phones.
    Unrelated = 2,
}

/// The `m`-th phone of a block, as E.164: `+1 <area code> 555 <4 digits>`. The 555 exchange is
/// the one North American film and fiction use (numbers in it are mostly unassigned) and
/// libphonenumber accepts it, so `redflag scan` extracts what the generator wrote. The blocks
/// interleave, so numbers never repeat across blocks; past 2.7 million numbers the exchange
/// moves on to 556, 557, ….
fn nanp(block: PhoneBlock, m: u64) -> String {
    let n = m * 3 + block as u64;
    let codes = AREA_CODES.len() as u64;
    let line = n % 10_000;
    let code = AREA_CODES[((n / 10_000) % codes) as usize];
    let exchange = 555 + (n / (10_000 * codes)) % 400;
    format!("+1{code}{exchange:03}{line:04}")
}

/// The fixed features of one operation, regenerated from its own seed when needed.
struct Operation {
    template: Vec<String>,
    phones: Vec<String>,
    email: Option<String>,
    handle: Option<String>,
    wallet: Option<String>,
    photos: Vec<[u64; 4]>,
}

impl Operation {
    fn new(seed: u64, k: u32) -> Operation {
        let mut r = SplitMix64::new(mix64(seed ^ 0x6f70_0000_0000_0000 ^ u64::from(k)));
        let template = (0..4 + r.below(4)).map(|_| sentence(&mut r)).collect();
        let phones = (0..1 + r.below(3))
            .map(|i| nanp(PhoneBlock::Operation, u64::from(k) * 3 + i as u64))
            .collect();
        // Reserved for documentation (RFC 2606), and accepted by email extractors.
        let email = r.chance(0.5).then(|| format!("op{k}.work@example.com"));
        let handle = r.chance(0.4).then(|| format!("op{k}_girls"));
        // An Ethereum address in lower case (valid without an EIP-55 checksum; extractors
        // report it checksummed, which changes nothing for linking).
        let wallet = r.chance(0.2).then(|| {
            // Its own stream, so the features drawn after it stay as they were.
            let mut w = SplitMix64::new(mix64(seed ^ 0x7761_6c6c_6574 ^ (u64::from(k) << 20)));
            let words = [w.next_u64(), w.next_u64(), w.next_u64()];
            let hex: String = words.iter().map(|w| format!("{w:016x}")).collect();
            format!("0x{}", &hex[..40])
        });
        let photos = (0..1 + r.below(3))
            .map(|_| [r.next_u64(), r.next_u64(), r.next_u64(), r.next_u64()])
            .collect();
        Operation {
            template,
            phones,
            email,
            handle,
            wallet,
            photos,
        }
    }
}

/// Builds the text and entities of one ad from its sentences and identifiers.
struct AdBuilder {
    text: String,
    entities: Vec<Entity>,
}

impl AdBuilder {
    fn sentence(&mut self, s: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(s);
    }

    fn entity(&mut self, before: &str, written: &str, value: EntityValue, after: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(before);
        if !before.is_empty() && !before.ends_with(['@', ' ']) {
            self.text.push(' ');
        }
        let start = self.text.len();
        self.text.push_str(written);
        if let Some(span) = Span::new(start, self.text.len()) {
            self.entities.push(Entity::new(value, span, written, false));
        }
        self.text.push_str(after);
    }
}

fn written_phone(r: &mut SplitMix64, e164: &str) -> String {
    let digits = e164.trim_start_matches("+1");
    if digits.len() != 10 {
        return e164.to_owned();
    }
    let (a, b, c) = (&digits[..3], &digits[3..6], &digits[6..]);
    match r.below(4) {
        0 => format!("({a}) {b}-{c}"),
        1 => format!("{a}.{b}.{c}"),
        2 => format!("{a} {b} {c}"),
        _ => format!("+1 {a}-{b}-{c}"),
    }
}

fn flip_bits(r: &mut SplitMix64, mut h: [u64; 4], n: usize) -> [u64; 4] {
    for _ in 0..n {
        let b = r.below(256);
        h[b / 64] ^= 1 << (b % 64);
    }
    h
}

fn hex(h: &[u64; 4]) -> String {
    h.iter().map(|w| format!("{w:016x}")).collect()
}

/// The ads of a corpus, generated one at a time (an operation's features are recomputed from
/// its seed, so memory stays small for millions of ads). Order: a seeded shuffle of operation
/// and unrelated ads.
pub fn generate(config: &SynthConfig) -> impl Iterator<Item = SynthDoc> + use<> {
    let config = config.clone();
    let mut r = SplitMix64::new(config.seed);
    let (lo, hi) = (
        config.operation_size.0.max(1),
        config.operation_size.1.max(config.operation_size.0.max(1)),
    );
    // The plan: (operation or u32::MAX, index within it), shuffled.
    let mut plan: Vec<(u32, u32)> = Vec::new();
    for k in 0..config.operations as u32 {
        let size = lo + r.below(hi - lo + 1);
        plan.extend((0..size as u32).map(|i| (k, i)));
    }
    plan.extend((0..config.unrelated as u32).map(|i| (u32::MAX, i)));
    for i in (1..plan.len()).rev() {
        plan.swap(i, r.below(i + 1));
    }
    let mut cache: Option<(u32, Operation)> = None;
    plan.into_iter().map(move |(k, i)| {
        let mut r = SplitMix64::new(mix64(config.seed ^ (u64::from(k) << 32 | u64::from(i))));
        if k == u32::MAX {
            unrelated(&config, &mut r, i)
        } else {
            if cache.as_ref().is_none_or(|(c, _)| *c != k) {
                cache = Some((k, Operation::new(config.seed, k)));
            }
            let op = match &cache {
                Some((_, op)) => op,
                None => unreachable!("the cache was just filled"),
            };
            operation_ad(&config, &mut r, k, i, op)
        }
    })
}

fn hub_values(
    config: &SynthConfig,
    r: &mut SplitMix64,
    ad: &mut AdBuilder,
    images: &mut Vec<ImageInput>,
    photos: &mut Vec<Photo>,
) {
    if r.chance(config.hub_share) {
        let written = written_phone(r, HUB_PHONE);
        ad.entity(
            "Report abuse to support:",
            &written,
            EntityValue::Phone {
                value: HUB_PHONE.into(),
            },
            ".",
        );
    }
    if r.chance(config.hub_share) {
        // Mostly the same file re-posted (identical hash), sometimes re-encoded.
        let n = if r.chance(0.8) { 0 } else { 1 + r.below(3) };
        let h = flip_bits(r, HUB_PHOTO, n);
        photos.push(photo(HUB_PHOTO[0], n, &h));
        images.push(ImageInput::new(hex(&h), Some(90)));
    }
}

/// The drawing recipe of a photo whose original hash starts with `scene` and whose copy has
/// `n` flipped bits (0: the original file) and hash `h`.
fn photo(scene: u64, n: usize, h: &[u64; 4]) -> Photo {
    Photo {
        scene,
        edit: if n == 0 { 0 } else { mix64(h[1] ^ h[3]).max(1) },
    }
}

fn operation_ad(
    config: &SynthConfig,
    r: &mut SplitMix64,
    k: u32,
    i: u32,
    op: &Operation,
) -> SynthDoc {
    let mut sentences = op.template.clone();
    if r.chance(0.1) {
        // Heavily rewritten: about half the sentences replaced.
        for s in sentences.iter_mut() {
            if r.chance(0.5) {
                *s = sentence(r);
            }
        }
    }
    if r.chance(0.3) {
        for j in (1..sentences.len()).rev() {
            sentences.swap(j, r.below(j + 1));
        }
    }
    if r.chance(0.2) && sentences.len() > 3 {
        sentences.remove(r.below(sentences.len()));
    }
    if r.chance(0.3) {
        let at = r.below(sentences.len() + 1);
        sentences.insert(at, sentence(r));
    }
    let mut ad = AdBuilder {
        text: String::new(),
        entities: Vec::new(),
    };
    let name = NAMES[r.below(NAMES.len())];
    ad.sentence(&format!("Hi I am {name}, {} years.", 19 + r.below(8)));
    for s in &sentences {
        ad.sentence(s);
    }
    ad.sentence(&format!("Only {} roses.", 100 + 10 * r.below(20)));
    // Identifiers: one of the operation's phones, or a burner no other ad carries.
    let phone = if r.chance(0.2) {
        let per_op = config.operation_size.1.max(1) as u64;
        nanp(PhoneBlock::Burner, u64::from(k) * per_op + u64::from(i))
    } else {
        op.phones[r.below(op.phones.len())].clone()
    };
    let written = written_phone(r, &phone);
    ad.entity("Call", &written, EntityValue::Phone { value: phone }, ".");
    if let Some(email) = op.email.as_ref().filter(|_| r.chance(0.5)) {
        ad.entity(
            "Mail",
            email,
            EntityValue::Email {
                value: email.clone(),
            },
            ".",
        );
    }
    if let Some(handle) = op.handle.as_ref().filter(|_| r.chance(0.5)) {
        ad.entity(
            "Telegram @",
            handle,
            EntityValue::Handle {
                platform: Platform::Telegram,
                value: handle.clone(),
            },
            ".",
        );
    }
    if let Some(wallet) = op.wallet.as_ref().filter(|_| r.chance(0.5)) {
        ad.entity(
            "Deposit to",
            wallet,
            EntityValue::Crypto {
                chain: Chain::Eth,
                value: wallet.clone(),
            },
            ".",
        );
    }
    let (mut images, mut photos) = (Vec::new(), Vec::new());
    if r.chance(0.6) {
        let original = op.photos[r.below(op.photos.len())];
        let n = if r.chance(0.4) { 0 } else { 1 + r.below(12) };
        let h = flip_bits(r, original, n);
        photos.push(photo(original[0], n, &h));
        images.push(ImageInput::new(hex(&h), Some(80 + r.below(20) as u8)));
    }
    hub_values(config, r, &mut ad, &mut images, &mut photos);
    SynthDoc {
        id: format!("op{k}-{i}"),
        text: ad.text,
        entities: ad.entities,
        images,
        photos,
        operation: Some(k),
    }
}

fn unrelated(config: &SynthConfig, r: &mut SplitMix64, i: u32) -> SynthDoc {
    let mut ad = AdBuilder {
        text: String::new(),
        entities: Vec::new(),
    };
    if r.chance(config.kit_share) {
        // A generic kit: the same few sentences for everyone who copies it.
        let kit = r.below(3) as u64;
        let mut k = SplitMix64::new(mix64(0x6b69_7400 ^ kit));
        for _ in 0..5 {
            ad.sentence(&sentence(&mut k));
        }
    } else {
        for _ in 0..3 + r.below(4) {
            ad.sentence(&sentence(r));
        }
    }
    let phone = nanp(PhoneBlock::Unrelated, u64::from(i));
    let written = written_phone(r, &phone);
    ad.entity("Call", &written, EntityValue::Phone { value: phone }, ".");
    let (mut images, mut photos) = (Vec::new(), Vec::new());
    if r.chance(0.5) {
        let h = [r.next_u64(), r.next_u64(), r.next_u64(), r.next_u64()];
        photos.push(photo(h[0], 0, &h));
        images.push(ImageInput::new(hex(&h), Some(90)));
    }
    hub_values(config, r, &mut ad, &mut images, &mut photos);
    SynthDoc {
        id: format!("ad-{i}"),
        text: ad.text,
        entities: ad.entities,
        images,
        photos,
        operation: None,
    }
}

/// Pairwise co-membership scores: a pair of documents is *predicted* when both are in the same
/// cluster and *true* when both belong to the same operation (unrelated ads belong to none).
/// Precision = correct / predicted pairs, recall = correct / true pairs.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct PairScores {
    /// Share of predicted pairs that are true (1 when nothing is predicted).
    pub precision: f64,
    /// Share of true pairs that are predicted (1 when there are none).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Pairs inside clusters.
    pub predicted_pairs: u64,
    /// Pairs inside operations.
    pub true_pairs: u64,
    /// Pairs in both.
    pub correct_pairs: u64,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores clusters against the ground truth `(id, operation)` of every document. Documents not in
/// any cluster count as singletons.
pub fn pairwise<'a>(
    clusters: &[Cluster],
    truth: impl IntoIterator<Item = (&'a str, Option<u32>)>,
) -> PairScores {
    let truth: HashMap<&str, Option<u32>> = truth.into_iter().collect();
    let mut op_sizes: HashMap<u32, u64> = HashMap::new();
    for op in truth.values().flatten() {
        *op_sizes.entry(*op).or_default() += 1;
    }
    let true_pairs: u64 = op_sizes.values().map(|&n| pairs(n)).sum();
    let mut predicted_pairs = 0;
    let mut correct_pairs = 0;
    for c in clusters {
        predicted_pairs += pairs(c.members.len() as u64);
        let mut cells: HashMap<u32, u64> = HashMap::new();
        for m in &c.members {
            if let Some(Some(op)) = truth.get(m.as_str()) {
                *cells.entry(*op).or_default() += 1;
            }
        }
        correct_pairs += cells.values().map(|&n| pairs(n)).sum::<u64>();
    }
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let precision = ratio(correct_pairs, predicted_pairs);
    let recall = ratio(correct_pairs, true_pairs);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    PairScores {
        precision,
        recall,
        f1,
        predicted_pairs,
        true_pairs,
        correct_pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_reproducible_and_spans_are_exact() {
        let a: Vec<SynthDoc> = generate(&SynthConfig::new(3, 5, 50)).collect();
        let b: Vec<SynthDoc> = generate(&SynthConfig::new(3, 5, 50)).collect();
        assert_eq!(a, b);
        assert!(a.iter().filter(|d| d.operation.is_none()).count() == 50);
        for d in &a {
            for e in &d.entities {
                assert_eq!(e.span.slice(&d.text), Some(e.matched.as_str()));
            }
        }
        let c: Vec<SynthDoc> = generate(&SynthConfig::new(4, 5, 50)).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn pairwise_counts_pairs() {
        let cluster = |m: &[&str]| {
            Cluster::new(
                1,
                m.iter().map(|s| (*s).to_owned()).collect(),
                Vec::new(),
                Vec::new(),
                RiskLevel::None,
                Vec::new(),
            )
        };
        let truth = [("a", Some(1)), ("b", Some(1)), ("c", Some(1)), ("d", None)];
        // {a, b, d}: 3 predicted pairs, 1 correct; true pairs 3.
        let s = pairwise(&[cluster(&["a", "b", "d"])], truth);
        assert_eq!(
            (s.predicted_pairs, s.correct_pairs, s.true_pairs),
            (3, 1, 3)
        );
        assert!((s.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.recall - 1.0 / 3.0).abs() < 1e-12);
    }
}
