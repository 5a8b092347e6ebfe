//! Phone numbers: a digit-aware scan that sees through obfuscation, then libphonenumber validation.
//!
//! The scan walks the text once and groups everything that stands for a digit (ASCII, fullwidth,
//! mathematical, circled and keycap digits, `O`/`l` inside digit runs, number words in nine
//! languages) into *groups*; groups separated by a few separator characters (spaces, dots, dashes,
//! slashes, brackets, emoji) form a *run*. Each run is then cut into windows of consecutive groups,
//! longest first, and a window is reported when libphonenumber's metadata says it is a valid number
//! for one of the candidate regions. Breakers (letters that are not digit words, `:` `,` `$` `#` …)
//! end a run, so dates, times, prices and reference numbers do not glue onto phone numbers.

use crate::digits::{DigitForm, NUMBER_WORDS, digit_value, is_keycap_mark, letter_digit};
use crate::{Error, ErrorKind};
use redflag_model::Region;
use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the word tables are looked up once per word of every document, with short keys that
/// are our own constants, so a fast non-keyed hash is the right trade.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The phone-number metadata this build embeds (the `rlibphonenumber` release is pinned exactly in
/// the workspace manifest, so this string stays true).
pub(crate) const PHONE_METADATA: &str = "libphonenumber metadata 9.0.42 (rlibphonenumber 2.2.15)";

/// Most digits in one window: a country code (3) plus the longest national number (17) is never
/// needed in practice; E.164 allows 15 digits, plus room for a national trunk prefix.
const MAX_WINDOW_DIGITS: usize = 16;
/// Fewest digits a phone number can have here.
const MIN_WINDOW_DIGITS: usize = 7;
/// Most groups one window may span (single spaced digits: one group per digit).
const MAX_WINDOW_GROUPS: usize = 16;

/// A valid phone number in E.164 form.
///
/// Construction validates against libphonenumber metadata, so a `PhoneNumber` always holds a
/// number that is valid for its country. `Debug` does not show the number.
///
/// ```
/// use redflag_entities::PhoneNumber;
/// let n = PhoneNumber::parse("(702) 555-0134", Some("US".parse()?))?;
/// assert_eq!(n.e164(), "+17025550134");
/// assert!(PhoneNumber::parse("12", None).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    e164: String,
    region: Option<Region>,
}

impl PhoneNumber {
    /// Parses and validates a phone number written in national format for `region`, or in
    /// international format (`+`, or the region's international prefix such as `00`).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidPhone`] when the text is not a valid number (for `region`, or for the
    /// country its `+` prefix names).
    pub fn parse(text: &str, region: Option<Region>) -> Result<PhoneNumber, Error> {
        let lib_region = region.and_then(to_lib_region);
        parse_valid(text, lib_region).ok_or(Error::new(ErrorKind::InvalidPhone))
    }

    /// The number in E.164 form, e.g. `+17025550134`. This is personal data: do not log it.
    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// The region the number belongs to, when libphonenumber can tell (`None` for non-geographic
    /// numbers).
    pub fn region(&self) -> Option<Region> {
        self.region
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PhoneNumber")
            .field("region", &self.region)
            .field("len", &self.e164.len())
            .finish()
    }
}

pub(crate) fn to_lib_region(r: Region) -> Option<rlibphonenumber::Region> {
    rlibphonenumber::Region::from_code(r.as_str()).ok()
}

fn parse_valid(s: &str, region: Option<rlibphonenumber::Region>) -> Option<PhoneNumber> {
    parse_valid_with(s, region, RegionLookup::Yes)
}

/// Whether to work out which region a valid number belongs to (one more metadata walk).
#[derive(Clone, Copy, PartialEq, Eq)]
enum RegionLookup {
    Yes,
    No,
}

fn parse_valid_with(
    s: &str,
    region: Option<rlibphonenumber::Region>,
    lookup: RegionLookup,
) -> Option<PhoneNumber> {
    let n = PHONE_NUMBER_UTIL.parse(s, region).ok()?;
    // Validating against the region the number was read for skips libphonenumber's search for
    // the number's region, which walks every region of a shared country code (+1 has 25).
    let valid = match region {
        Some(r) if PHONE_NUMBER_UTIL.get_country_code_for_region(r) == Some(n.country_code) => {
            n.is_valid_for_region(r) || n.is_valid()
        }
        _ => n.is_valid(),
    };
    if !valid {
        return None;
    }
    let e164 = n.format_as(PhoneNumberFormat::E164).into_owned();
    let region = match lookup {
        RegionLookup::Yes => n
            .get_region_code()
            .and_then(|r| r.as_region_str().as_str().parse::<Region>().ok()),
        RegionLookup::No => None,
    };
    Some(PhoneNumber { e164, region })
}

/// Regions the document may point to, by index into [`CUE_REGIONS`].
pub(crate) const CUE_REGIONS: [&str; 16] = [
    "US", "GB", "UA", "MD", "RO", "FR", "IT", "LV", "LT", "EE", "BY", "RU", "DE", "PL", "CA", "ES",
];
const US: usize = 0;
const GB: usize = 1;
const UA: usize = 2;
const MD: usize = 3;
const RO: usize = 4;
const FR: usize = 5;
const IT: usize = 6;
const LV: usize = 7;
const LT: usize = 8;
const EE: usize = 9;
const BY: usize = 10;
const RU: usize = 11;
const DE: usize = 12;
const PL: usize = 13;
const CA: usize = 14;
const ES: usize = 15;
const EUROZONE: &[usize] = &[FR, IT, LV, LT, EE, DE, ES];

/// What a lower-cased word means to the phone scan.
#[derive(Clone, Copy, Debug)]
enum WordClass {
    /// A number word.
    Digit(u8),
    /// A word announcing a number that is not a phone (order, ref, zip, …).
    NotPhoneBefore,
    /// A unit or currency word: the number right before it is not a phone.
    UnitAfter,
}

/// What the phone scan knows about one lower-cased word.
#[derive(Clone, Debug, Default)]
struct WordEntry {
    class: Option<WordClass>,
    cues: Vec<(usize, u32)>,
}

/// Tables built once per extractor.
#[derive(Clone, Debug)]
pub(crate) struct PhoneTables {
    /// Every word the scan knows, with what it means to phones and which regions it points to:
    /// one lookup per word of the document.
    words: FastMap<&'static str, WordEntry>,
    lib_regions: Vec<Option<rlibphonenumber::Region>>,
    /// Byte length of the longest word in `words` or `cues`: longer words skip the lookups.
    longest_word: usize,
    /// Every word in `words`: most words of a document skip the hash lookup.
    filter: WordFilter,
    /// The words that have a [`WordClass`] (number, unit and "not a phone" words): when the
    /// document's region is known, region cues do not matter and only these are looked up.
    class_filter: WordFilter,
}

/// A Bloom filter over lower-cased words (two bits of 2^16 per word): "not in the table" for
/// almost every word of an ad, for the price of hashing its bytes.
#[derive(Clone)]
struct WordFilter(Box<[u64; 1024]>);

impl fmt::Debug for WordFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WordFilter").finish_non_exhaustive()
    }
}

impl WordFilter {
    fn new<'a>(words: impl Iterator<Item = &'a str>) -> WordFilter {
        let mut bits = Box::new([0u64; 1024]);
        for w in words {
            for bit in Self::bits(word_hash(w.bytes())) {
                bits[bit >> 6] |= 1 << (bit & 63);
            }
        }
        WordFilter(bits)
    }

    fn bits(h: u64) -> [usize; 2] {
        let h = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        [(h >> 48) as usize, ((h >> 32) & 0xFFFF) as usize]
    }

    /// False when the word with hash `h` (see [`word_hash`]) is certainly not in the table.
    fn may_contain(&self, h: u64) -> bool {
        Self::bits(h)
            .iter()
            .all(|&bit| self.0[bit >> 6] & (1 << (bit & 63)) != 0)
    }
}

/// FNV-1a's offset basis (64-bit).
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a's prime (64-bit).
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a over a lower-cased word's bytes, for [`WordFilter`].
fn word_hash(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(FNV_OFFSET, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
    })
}

const NOT_PHONE_BEFORE: &[&str] = &[
    "order",
    "ref",
    "reference",
    "id",
    "invoice",
    "tracking",
    "zip",
    "postcode",
    "postal",
    "no",
    "nr",
    "nº",
    "ticket",
    "iban",
    "account",
    "acct",
    "card",
    "sku",
    "item",
    "art",
    "article",
    "ad",
    "post",
    "код",
    "заказ",
    "замовлення",
    "номер",
    "comanda",
    "commande",
    "ordine",
    "pasūtījums",
    "užsakymas",
    "tellimus",
    "isbn",
    "serial",
    "case",
    "file",
    "lot",
    "code",
    "pin",
    "vin",
    "btc",
    "eth",
    "height",
    "weight",
    "size",
    "salary",
];

const UNIT_AFTER: &[&str] = &[
    "kg",
    "kgs",
    "lb",
    "lbs",
    "cm",
    "mm",
    "km",
    "m",
    "ft",
    "in",
    "usd",
    "eur",
    "euro",
    "euros",
    "gbp",
    "uah",
    "mdl",
    "byn",
    "rub",
    "ron",
    "pln",
    "lei",
    "грн",
    "гривен",
    "гривень",
    "руб",
    "рублей",
    "р",
    "лей",
    "dollars",
    "bucks",
    "roses",
    "rose",
    "pounds",
    "zł",
    "zl",
    "k",
    "mb",
    "gb",
    "min",
    "mins",
    "minutes",
    "sec",
    "years",
    "yrs",
    "yo",
    "лет",
    "років",
    "ani",
    "ans",
    "anni",
    "views",
    "likes",
    "followers",
    "sq",
    "ft2",
    "m2",
    "kb",
];

fn region_cue_table() -> FastMap<&'static str, Vec<(usize, u32)>> {
    let mut m: FastMap<&'static str, Vec<(usize, u32)>> = FastMap::default();
    let mut add = |words: &[&'static str], region: usize, weight: u32| {
        for w in words {
            m.entry(*w).or_default().push((region, weight));
        }
    };
    // Cities and country names (strong cues).
    add(
        &[
            "nyc",
            "manhattan",
            "brooklyn",
            "queens",
            "bronx",
            "vegas",
            "miami",
            "chicago",
            "houston",
            "dallas",
            "atlanta",
            "phoenix",
            "boston",
            "seattle",
            "denver",
            "orlando",
            "angeles",
            "la",
            "sf",
            "philadelphia",
            "philly",
            "detroit",
            "austin",
            "usa",
            "us",
            "jersey",
            "florida",
            "texas",
            "california",
            "nevada",
        ],
        US,
        4,
    );
    add(
        &[
            "london",
            "manchester",
            "birmingham",
            "leeds",
            "glasgow",
            "liverpool",
            "bristol",
            "edinburgh",
            "sheffield",
            "cardiff",
            "uk",
            "england",
            "scotland",
            "britain",
        ],
        GB,
        4,
    );
    add(
        &[
            "kyiv",
            "kiev",
            "київ",
            "києві",
            "киев",
            "киеве",
            "odesa",
            "odessa",
            "одеса",
            "одесі",
            "одесса",
            "kharkiv",
            "харків",
            "харьков",
            "lviv",
            "львів",
            "львов",
            "dnipro",
            "дніпро",
            "днепр",
            "zaporizhzhia",
            "запоріжжя",
            "запорожье",
            "україна",
            "україні",
            "украина",
            "ukraine",
            "вінниця",
            "полтава",
        ],
        UA,
        4,
    );
    add(
        &[
            "chisinau",
            "chișinău",
            "chişinău",
            "кишинев",
            "кишинёв",
            "кишинэу",
            "balti",
            "bălți",
            "moldova",
            "молдова",
            "молдове",
        ],
        MD,
        4,
    );
    add(
        &[
            "bucuresti",
            "bucurești",
            "bucureşti",
            "bucharest",
            "cluj",
            "iasi",
            "iași",
            "timisoara",
            "timișoara",
            "constanta",
            "constanța",
            "brasov",
            "brașov",
            "romania",
            "românia",
        ],
        RO,
        4,
    );
    add(
        &[
            "paris",
            "lyon",
            "marseille",
            "toulouse",
            "nice",
            "bordeaux",
            "lille",
            "nantes",
            "strasbourg",
            "montpellier",
            "france",
        ],
        FR,
        4,
    );
    add(
        &[
            "roma", "rome", "milano", "milan", "napoli", "torino", "firenze", "bologna", "venezia",
            "genova", "palermo", "italia", "italy",
        ],
        IT,
        4,
    );
    add(
        &[
            "riga",
            "rīga",
            "rīgā",
            "рига",
            "daugavpils",
            "jurmala",
            "jūrmala",
            "latvija",
            "latvia",
            "liepāja",
        ],
        LV,
        4,
    );
    add(
        &[
            "vilnius",
            "vilniuje",
            "вильнюс",
            "kaunas",
            "kaune",
            "klaipeda",
            "klaipėda",
            "lietuva",
            "lithuania",
        ],
        LT,
        4,
    );
    add(
        &[
            "tallinn",
            "tallinnas",
            "таллин",
            "таллинн",
            "tartu",
            "narva",
            "pärnu",
            "eesti",
            "estonia",
        ],
        EE,
        4,
    );
    add(
        &[
            "minsk",
            "минск",
            "мінск",
            "gomel",
            "гомель",
            "брест",
            "grodno",
            "гродно",
            "vitebsk",
            "витебск",
            "беларусь",
            "belarus",
            "могилев",
        ],
        BY,
        4,
    );
    add(
        &[
            "moscow",
            "москва",
            "москве",
            "мск",
            "питер",
            "спб",
            "петербург",
            "russia",
            "россия",
            "новосибирск",
            "екатеринбург",
            "казань",
        ],
        RU,
        4,
    );
    add(
        &[
            "berlin",
            "hamburg",
            "münchen",
            "munich",
            "köln",
            "frankfurt",
            "germany",
            "deutschland",
        ],
        DE,
        4,
    );
    add(
        &[
            "warszawa", "warsaw", "kraków", "krakow", "wrocław", "gdańsk", "poland", "polska",
        ],
        PL,
        4,
    );
    add(
        &[
            "toronto",
            "montreal",
            "vancouver",
            "canada",
            "ottawa",
            "calgary",
        ],
        CA,
        4,
    );
    add(
        &[
            "madrid",
            "barcelona",
            "valencia",
            "sevilla",
            "españa",
            "spain",
        ],
        ES,
        4,
    );
    // Currencies (strong).
    add(&["uah", "грн", "гривен", "гривень", "гривні"], UA, 4);
    add(&["mdl"], MD, 4);
    add(&["lei", "лей"], MD, 2);
    add(&["lei", "ron"], RO, 3);
    add(&["byn"], BY, 4);
    add(&["rub", "руб", "рублей"], RU, 4);
    add(&["gbp", "pounds", "quid"], GB, 4);
    add(&["usd", "dollars", "bucks"], US, 3);
    add(&["cad"], CA, 4);
    add(&["pln", "zł", "zl"], PL, 4);
    for &r in EUROZONE {
        add(&["eur", "euro", "euros"], r, 1);
    }
    // Function words (weak language cues).
    add(
        &[
            "the", "and", "call", "text", "me", "you", "with", "hot", "new",
        ],
        US,
        1,
    );
    add(&["the", "and", "call", "text"], GB, 1);
    add(
        &[
            "je", "et", "les", "le", "vous", "appelle", "appelez", "moi", "avec",
        ],
        FR,
        2,
    );
    add(
        &["il", "che", "sono", "chiamami", "con", "per", "della"],
        IT,
        2,
    );
    add(
        &[
            "și", "şi", "sunt", "pentru", "sunați", "suna", "fete", "lucru",
        ],
        RO,
        2,
    );
    add(&["și", "şi", "sunt", "pentru"], MD, 1);
    add(&["un", "ir", "man", "zvani", "meitenes", "darbs"], LV, 1);
    add(
        &["ir", "yra", "man", "skambinkite", "merginos", "darbas"],
        LT,
        1,
    );
    add(&["ja", "on", "mind", "helista", "tüdrukud", "töö"], EE, 1);
    add(
        &["звоните", "пишите", "работа", "девушки", "только", "для"],
        RU,
        2,
    );
    add(&["звоните", "пишите", "работа", "девушки"], BY, 1);
    add(
        &["дзвоніть", "пишіть", "робота", "дівчата", "тільки", "для"],
        UA,
        2,
    );
    add(&["звоните", "работа", "девушки"], UA, 1);
    m
}

/// Top-level domains that point to a region.
fn tld_region(tld: &str) -> Option<usize> {
    Some(match tld {
        "us" => US,
        "uk" => GB,
        "ua" => UA,
        "md" => MD,
        "ro" => RO,
        "fr" => FR,
        "it" => IT,
        "lv" => LV,
        "lt" => LT,
        "ee" => EE,
        "by" => BY,
        "ru" => RU,
        "de" => DE,
        "pl" => PL,
        "ca" => CA,
        "es" => ES,
        _ => return None,
    })
}

/// Letters specific to one language's alphabet.
fn letter_cue(c: char, scores: &mut [u32; CUE_REGIONS.len()]) {
    match c {
        'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => scores[UA] += 2,
        'ў' | 'Ў' => scores[BY] += 3,
        'ы' | 'э' | 'ё' | 'ъ' | 'Ы' | 'Э' => {
            scores[RU] += 1;
            scores[BY] += 1;
        }
        'ă' | 'ș' | 'ş' | 'ț' | 'ţ' | 'Ă' | 'Ș' | 'Ț' => {
            scores[RO] += 2;
            scores[MD] += 2;
        }
        'ā' | 'ē' | 'ī' | 'ņ' | 'ļ' | 'ķ' | 'ģ' | 'Ā' | 'Ē' | 'Ī' => scores[LV] += 2,
        'ą' | 'ę' | 'ė' | 'į' | 'ų' | 'Ė' | 'Ų' => scores[LT] += 2,
        'õ' | 'Õ' => scores[EE] += 3,
        'ä' | 'ö' => {
            scores[EE] += 1;
            scores[DE] += 1;
        }
        'ç' | 'ê' | 'è' | 'œ' => scores[FR] += 1,
        'ò' | 'ì' => scores[IT] += 1,
        _ => {}
    }
}

impl PhoneTables {
    pub(crate) fn new() -> PhoneTables {
        let mut words: FastMap<&'static str, WordEntry> = FastMap::default();
        for w in NOT_PHONE_BEFORE {
            words.entry(*w).or_default().class = Some(WordClass::NotPhoneBefore);
        }
        for w in UNIT_AFTER {
            words.entry(*w).or_default().class = Some(WordClass::UnitAfter);
        }
        for &(w, d) in NUMBER_WORDS {
            words.entry(w).or_default().class = Some(WordClass::Digit(d));
        }
        for (w, cues) in region_cue_table() {
            words.entry(w).or_default().cues = cues;
        }
        let lib_regions = CUE_REGIONS
            .iter()
            .map(|r| rlibphonenumber::Region::from_code(r).ok())
            .collect();
        let longest_word = words.keys().map(|w| w.len()).max().unwrap_or(0);
        let filter = WordFilter::new(words.keys().copied());
        let class_filter = WordFilter::new(
            words
                .iter()
                .filter(|(_, e)| e.class.is_some())
                .map(|(w, _)| *w),
        );
        PhoneTables {
            words,
            lib_regions,
            longest_word,
            filter,
            class_filter,
        }
    }
}

/// One group of digits written without separators (or one number word, or one keycap run).
#[derive(Clone, Copy, Debug)]
struct Group {
    start: usize,
    end: usize,
    digits_start: usize,
    digits_end: usize,
    /// The group hid digits (letters, words, non-ASCII digits, keycaps).
    obfuscated: bool,
    /// The separator before this group (within the run) was unusual (emoji, `*`, `_`, …).
    gap_obfuscated: bool,
    /// The gap before this group mixes spaces with a symbol (" 💕 ", " * "): it more likely
    /// separates two things than two parts of one number.
    soft_before: bool,
}

#[derive(Clone, Debug)]
struct Run {
    groups: std::ops::Range<usize>,
    plus: Option<usize>,
    /// The first group follows a word such as "order", "ref", "#" or a currency symbol.
    excluded_first: bool,
    /// The last group is followed by a unit or currency ("55 kg", "150$").
    excluded_last: bool,
}

/// A phone found in text.
#[derive(Clone, Debug)]
pub(crate) struct FoundPhone {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) e164: String,
    pub(crate) obfuscated: bool,
    region: Option<Region>,
}

/// The result of the tokenizing pass: runs of digit groups and region cues.
struct Scan {
    digits: Vec<u8>,
    groups: Vec<Group>,
    runs: Vec<Run>,
    scores: [u32; CUE_REGIONS.len()],
    /// Regions outside [`CUE_REGIONS`] that the document points to (a `.pt` domain, a `+351`
    /// number), with their scores: any country libphonenumber knows can be inferred this way.
    other: Vec<(rlibphonenumber::Region, u32)>,
}

fn add_other(other: &mut Vec<(rlibphonenumber::Region, u32)>, r: rlibphonenumber::Region, w: u32) {
    if let Some((_, s)) = other.iter_mut().find(|(x, _)| *x == r) {
        *s += w;
    } else if other.len() < 16 {
        other.push((r, w));
    }
}

/// Scanner state for the run being built.
struct RunState {
    start_group: Option<usize>,
    plus: Option<usize>,
    excluded_first: bool,
    excluded_last: bool,
    gap_chars: usize,
    gap_nonspace: usize,
    gap_newlines: usize,
    gap_obfuscated: bool,
    gap_symbol: bool,
    pending_plus: Option<usize>,
    pending_exclude: bool,
}

impl RunState {
    fn reset_gap(&mut self) {
        self.gap_chars = 0;
        self.gap_nonspace = 0;
        self.gap_newlines = 0;
        self.gap_obfuscated = false;
        self.gap_symbol = false;
    }

    fn close(&mut self, scan: &mut Scan) {
        if let Some(first) = self.start_group.take() {
            scan.runs.push(Run {
                groups: first..scan.groups.len(),
                plus: self.plus.take(),
                excluded_first: self.excluded_first,
                excluded_last: self.excluded_last,
            });
        }
        self.plus = None;
        self.excluded_first = false;
        self.excluded_last = false;
        self.reset_gap();
    }

    fn add_group(&mut self, scan: &mut Scan, text: &str, mut g: Group) {
        if self.start_group.is_some()
            && (self.gap_newlines >= 2 || self.gap_nonspace > 4 || self.gap_chars > 8)
        {
            self.close(scan);
        }
        if self.start_group.is_none() {
            self.start_group = Some(scan.groups.len());
            self.plus = self.pending_plus.take().filter(|&p| {
                text.get(p + 1..g.start)
                    .is_some_and(|between| between.len() <= 1 && between.trim().is_empty())
            });
            self.excluded_first = self.pending_exclude;
            self.pending_exclude = false;
            g.gap_obfuscated = false;
            g.soft_before = false;
        } else {
            g.gap_obfuscated = self.gap_obfuscated;
            g.soft_before = self.gap_symbol && self.gap_nonspace < self.gap_chars;
        }
        self.pending_plus = None;
        scan.groups.push(g);
        self.reset_gap();
    }
}

/// `char::is_alphanumeric` with fast paths for the scripts ads are written in (ASCII, Latin-1 and
/// Latin Extended-A/B letters, Cyrillic letters); other characters take the general Unicode lookup.
fn is_alnum(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0xC0..=0x24F => !matches!(c, '×' | '÷'),
        0x400..=0x481 | 0x48A..=0x52F => true,
        // Punctuation, joiners, arrows, symbols, dingbats, variation selectors and the emoji
        // blocks (the separators of disguised numbers): no letters or digits (tested).
        0x2000..=0x206F | 0x2190..=0x21FF | 0x2600..=0x2775 | 0xFE00..=0xFE0F => false,
        0x1F300..=0x1FAFF => false,
        _ => c.is_alphanumeric(),
    }
}

/// Appends the lower case of `c`: ASCII, Latin-1, most of Latin Extended-A and Cyrillic by
/// arithmetic, the rest through Unicode's tables.
fn push_lower(c: char, out: &mut String) {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A | 0x410..=0x42F => u + 0x20,
        0x400..=0x40F => u + 0x50,
        0x61..=0x7A | 0x430..=0x45F => u,
        // Latin-1 and Latin Extended-A, after the hot arms above.
        _ => match u {
            0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
            0xDF..=0xFF => u,
            // Pairs, upper case first (even, or odd from U+0139 to U+0148 and from U+0179);
            // U+0130 (`İ`) lower-cases to two characters.
            0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 => u | 1,
            0x139..=0x148 | 0x179..=0x17E => u + (u & 1),
            _ => {
                out.extend(c.to_lowercase());
                return;
            }
        },
    };
    out.push(char::from_u32(lower).unwrap_or(c));
}

/// Latin-1, Latin Extended-A/B and Cyrillic letters: alphanumeric and never a digit.
fn is_common_letter(c: char) -> bool {
    match c as u32 {
        0xC0..=0x24F => !matches!(c, '×' | '÷'),
        0x400..=0x481 | 0x48A..=0x52F => true,
        _ => false,
    }
}

fn is_breaker(c: char) -> bool {
    matches!(
        c,
        ':' | ','
            | ';'
            | '='
            | '#'
            | '@'
            | '%'
            | '&'
            | '?'
            | '!'
            | '\''
            | '"'
            | '’'
            | '‘'
            | '“'
            | '”'
            | '«'
            | '»'
            | '<'
            | '>'
            | '['
            | ']'
            | '{'
            | '}'
            | '\\'
            | '№'
            | '^'
            | '`'
            | '×'
            | '°'
            | '′'
            | '″'
    ) || is_currency_symbol(c)
}

pub(crate) fn is_currency_symbol(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '₴' | '₽' | '¥' | '₹' | '¢' | '₺' | '₸' | '₾'
    )
}

fn currency_cue(c: char, scores: &mut [u32; CUE_REGIONS.len()]) {
    match c {
        '$' => scores[US] += 3,
        '£' => scores[GB] += 4,
        '₴' => scores[UA] += 4,
        '₽' => scores[RU] += 4,
        '€' => {
            for &r in EUROZONE {
                scores[r] += 1;
            }
        }
        _ => {}
    }
}

/// Whether the character is one that does not count toward a gap's visible length (joiners,
/// variation selectors, skin-tone modifiers).
fn is_invisible_in_gap(c: char) -> bool {
    matches!(
        c,
        '\u{200D}' | '\u{200B}' | '\u{200C}' | '\u{FE0F}' | '\u{FE0E}' | '\u{00AD}'
    ) || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// [`ASCII_CLASS`] of an ASCII digit.
const DIGIT: u8 = 1;
/// [`ASCII_CLASS`] of an ASCII letter that can stand for a digit (`o`, `O`, `l`, `I`).
const LETTER_DIGIT: u8 = 2;
/// [`ASCII_CLASS`] of any other ASCII letter.
const LETTER: u8 = 4;
/// What each byte is to the scan's ASCII fast path (one bit per class, so a token's classes can
/// be or-ed together); 0 for every byte that is not an ASCII letter or digit.
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            DIGIT
        } else if matches!(c, b'o' | b'O' | b'l' | b'I') {
            LETTER_DIGIT
        } else if c.is_ascii_alphabetic() {
            LETTER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The tokenizing pass. `cues`: whether to collect region cues (letters, cue words, TLDs), which
/// only matter when the document's region is unknown; without them only number, unit and "not a
/// phone" words are looked up.
fn scan(tables: &PhoneTables, text: &str, cues: bool) -> Scan {
    // Room for a few numbers up front (ads have some): no regrowing for the common case.
    let mut scan = Scan {
        digits: Vec::with_capacity(64),
        groups: Vec::with_capacity(16),
        runs: Vec::with_capacity(8),
        scores: [0; CUE_REGIONS.len()],
        other: Vec::new(),
    };
    let mut st = RunState {
        start_group: None,
        plus: None,
        excluded_first: false,
        excluded_last: false,
        gap_chars: 0,
        gap_nonspace: 0,
        gap_newlines: 0,
        gap_obfuscated: false,
        gap_symbol: false,
        pending_plus: None,
        pending_exclude: false,
    };
    let filter = if cues {
        &tables.filter
    } else {
        &tables.class_filter
    };
    let bytes = text.as_bytes();
    let mut lower = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' {
            // The most common byte of ads: only a gap inside a run.
            if st.start_group.is_some() {
                st.gap_chars += 1;
            }
            i += 1;
            continue;
        }
        let (c, clen) = if b < 0x80 {
            (char::from(b), 1)
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            (c, c.len_utf8())
        };
        if b.is_ascii_alphanumeric() || (b >= 0x80 && (is_alnum(c) || digit_value(c).is_some())) {
            // One alphanumeric token, with keycap marks after digits and apostrophes inside words.
            let start = i;
            let mut end = i;
            // The classes of the ASCII bytes read, or-ed together (the classes are bits).
            let mut seen = 0u8;
            // The token's word hash ([`word_hash`] of its lower case), as its bytes are read.
            let mut hash = FNV_OFFSET;
            let mut prev_digit = false;
            let mut prev_letter = false;
            // ASCII fast path: plain letters and digits need no decoding or Unicode tables, one
            // table lookup per byte (at most 257 bytes; longer tokens go on below and are marked).
            let limit = bytes.len().min(start + 257);
            while end < limit {
                let byte = bytes[end];
                let k = ASCII_CLASS[usize::from(byte)];
                if k == 0 {
                    break;
                }
                seen |= k;
                hash = (hash ^ u64::from(byte | 0x20)).wrapping_mul(FNV_PRIME);
                end += 1;
            }
            let mut real_digits = seen & DIGIT != 0;
            let mut other_letters = seen & LETTER != 0;
            if end > start {
                let k = ASCII_CLASS[usize::from(bytes[end - 1])];
                prev_digit = k == DIGIT;
                prev_letter = !prev_digit;
            }
            let ascii_end = end;
            // An ASCII byte that is not a letter, digit or apostrophe ends the token here (the
            // loop below would stop at it): skip decoding it.
            let ends_here = bytes
                .get(ascii_end)
                .is_none_or(|&n| n < 0x80 && !n.is_ascii_alphanumeric() && n != b'\'');
            let rest = if ends_here { "" } else { &text[ascii_end..] };
            for (off, ch) in rest.char_indices() {
                let at = ascii_end + off;
                if is_common_letter(ch) {
                    // Latin and Cyrillic letters (most non-ASCII text in ads) are never digits:
                    // skip the digit tables.
                    if !other_letters && letter_digit(ch).is_none() {
                        other_letters = true;
                    }
                    prev_digit = false;
                    prev_letter = true;
                } else if digit_value(ch).is_some() {
                    real_digits = true;
                    prev_digit = true;
                    prev_letter = false;
                } else if prev_digit && is_keycap_mark(ch) {
                    // stays a digit context
                } else if is_alnum(ch) {
                    if !other_letters && letter_digit(ch).is_none() {
                        other_letters = true;
                    }
                    prev_digit = false;
                    prev_letter = true;
                } else if prev_letter
                    && matches!(ch, '\'' | 'ʼ' | '’')
                    && text[at + ch.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic)
                {
                    prev_letter = false;
                } else {
                    break;
                }
                end = at + ch.len_utf8();
                if end - start > 256 {
                    // Bounded token: a longer one is not a phone, a word, or a cue.
                    other_letters = true;
                }
            }
            let token = &text[start..end];
            // A lone `O` or `l` continues a run of digits ("555 O l 3 4"), never starts one.
            let all_letter_digits = !real_digits
                && !other_letters
                && token.len() <= 6
                && token.chars().count() <= 3
                && token.chars().all(|ch| letter_digit(ch).is_some());
            let next_is_digit = || {
                let rest = &text[end..];
                let rest = rest.strip_prefix(' ').unwrap_or(rest);
                rest.chars().next().and_then(digit_value).is_some()
            };
            // "O l" after digits, or a lone "o" before them ("o 7743 …"): digits, not words.
            let lone_letter_digit = !real_digits
                && all_letter_digits
                && (st.start_group.is_some()
                    || (matches!(token, "o" | "O" | "о" | "О") && next_is_digit()));
            if (real_digits || lone_letter_digit) && !other_letters {
                let digits_start = scan.digits.len();
                let mut obfuscated = false;
                for ch in token.chars() {
                    if let Some((d, form)) = digit_value(ch) {
                        scan.digits.push(b'0' + d);
                        obfuscated |= form == DigitForm::Unicode;
                    } else if let Some(d) = letter_digit(ch) {
                        scan.digits.push(b'0' + d);
                        obfuscated = true;
                    } else {
                        obfuscated = true; // keycap marks
                    }
                }
                let g = Group {
                    start,
                    end,
                    digits_start,
                    digits_end: scan.digits.len(),
                    obfuscated,
                    gap_obfuscated: false,
                    soft_before: false,
                };
                st.add_group(&mut scan, text, g);
            } else if !real_digits {
                lower.clear();
                let is_ascii = ascii_end == end || token.is_ascii();
                let entry = if is_ascii {
                    // Look the word up only when the filter may hold it; lower-case it only then.
                    // (The token is ASCII letters and apostrophes: `| 0x20` lower-cases it.)
                    let maybe_known = token.len() <= tables.longest_word
                        && filter.may_contain(if ascii_end == end {
                            hash
                        } else {
                            word_hash(token.bytes().map(|b| b | 0x20))
                        });
                    if maybe_known {
                        lower.push_str(token);
                        lower.make_ascii_lowercase();
                        tables.words.get(lower.as_str())
                    } else {
                        None
                    }
                } else {
                    // Words much longer than any table entry are not lower-cased: only their
                    // letters count as cues.
                    let short = token.len() <= tables.longest_word + 4;
                    if short || cues {
                        for ch in token.chars() {
                            if short {
                                push_lower(ch, &mut lower);
                            }
                            if cues {
                                letter_cue(ch, &mut scan.scores);
                            }
                        }
                    }
                    let maybe_known = !lower.is_empty()
                        && lower.len() <= tables.longest_word
                        && filter.may_contain(word_hash(lower.bytes()));
                    if maybe_known {
                        tables.words.get(lower.as_str())
                    } else {
                        None
                    }
                };
                if cues && let Some(e) = entry {
                    for &(r, w) in &e.cues {
                        scan.scores[r] += w;
                    }
                }
                if cues
                    && text[..start].ends_with('.')
                    && text[..start.saturating_sub(1)]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                {
                    if is_ascii && lower.is_empty() {
                        lower.push_str(token);
                        lower.make_ascii_lowercase();
                    }
                    if let Some(r) = tld_region(&lower) {
                        scan.scores[r] += 4;
                    } else if lower.len() == 2
                        && let Ok(r) =
                            rlibphonenumber::Region::from_code(&lower.to_ascii_uppercase())
                        && PHONE_NUMBER_UTIL.get_country_code_for_region(r).is_some()
                    {
                        add_other(&mut scan.other, r, 4);
                    }
                }
                match entry.and_then(|e| e.class) {
                    Some(WordClass::Digit(d)) => {
                        let digits_start = scan.digits.len();
                        scan.digits.push(b'0' + d);
                        let g = Group {
                            start,
                            end,
                            digits_start,
                            digits_end: scan.digits.len(),
                            obfuscated: true,
                            gap_obfuscated: false,
                            soft_before: false,
                        };
                        st.add_group(&mut scan, text, g);
                    }
                    Some(WordClass::UnitAfter) => {
                        if st.start_group.is_some() && st.gap_chars <= 1 && st.gap_nonspace == 0 {
                            st.excluded_last = true;
                        }
                        st.close(&mut scan);
                        st.pending_exclude = false;
                    }
                    Some(WordClass::NotPhoneBefore) => {
                        st.close(&mut scan);
                        st.pending_exclude = true;
                    }
                    None => {
                        st.close(&mut scan);
                        st.pending_exclude = false;
                    }
                }
                st.pending_plus = None;
            } else {
                // Digits mixed with letters: "2nd", "10am", "5ft", an address or an id.
                st.close(&mut scan);
                st.pending_exclude = false;
                st.pending_plus = None;
            }
            i = end.max(i + clen);
            continue;
        }
        if c == '\n' || c == '\r' {
            // Numbers do not wrap lines in ads; a line break ends the run.
            st.close(&mut scan);
            st.pending_plus = None;
        } else if c.is_whitespace() {
            if st.start_group.is_some() {
                st.gap_chars += 1;
            }
        } else if c == '+' || c == '＋' {
            st.close(&mut scan);
            st.pending_plus = Some(i);
        } else if is_breaker(c) {
            if is_currency_symbol(c) {
                currency_cue(c, &mut scan.scores);
                if st.start_group.is_some() && st.gap_chars == 0 {
                    st.excluded_last = true;
                }
                st.close(&mut scan);
                st.pending_exclude = true;
            } else {
                st.close(&mut scan);
            }
            st.pending_plus = None;
        } else if st.start_group.is_some() && !is_invisible_in_gap(c) {
            if c == '.' && text[i + 1..].starts_with(char::is_whitespace) {
                // A full stop ends a sentence, and the number with it.
                st.close(&mut scan);
                st.pending_plus = None;
                i += clen;
                continue;
            }
            st.gap_chars += 1;
            st.gap_nonspace += 1;
            if !matches!(c, '.' | '-' | '/' | '(' | ')' | '‐' | '–' | '—') {
                st.gap_obfuscated = true;
            }
            if !matches!(c, '(' | ')' | '-' | '‐' | '–' | '—' | '/') {
                st.gap_symbol = true;
            }
        }
        i += clen;
    }
    st.close(&mut scan);
    scan
}

/// The single separator character between two groups, if the gap is exactly one character.
fn sep_between(text: &str, a: &Group, b: &Group) -> Option<char> {
    let gap = text.get(a.end..b.start)?;
    let mut chars = gap.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

fn group_value(scan: &Scan, g: &Group) -> Option<u32> {
    let d = &scan.digits[g.digits_start..g.digits_end];
    if d.len() > 4 {
        return None;
    }
    Some(
        d.iter()
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0')),
    )
}

/// Marks groups that belong to a date (`12.05.2024`, `2024-05-12`, a lone `08/31/95`), body
/// measurements (`90-60-90`) or a time range (`20.00-23.00`): no window may contain them. A dotted triple inside a longer dotted
/// sequence (`06.12.34.56.78`) is a phone, not a date.
fn poisoned_groups(text: &str, scan: &Scan, gs: &[Group]) -> Vec<bool> {
    let mut poisoned = vec![false; gs.len()];
    let len = |g: &Group| g.digits_end - g.digits_start;
    let day_month = |x: u32, y: u32| (1..=31).contains(&x) && (1..=12).contains(&y);
    for k in 0..gs.len().saturating_sub(2) {
        let (a, b, c) = (&gs[k], &gs[k + 1], &gs[k + 2]);
        let (Some(s1), Some(s2)) = (sep_between(text, a, b), sep_between(text, b, c)) else {
            continue;
        };
        if s1 != s2 || !matches!(s1, '.' | '/' | '-') {
            continue;
        }
        let (Some(va), Some(vb), Some(vc)) = (
            group_value(scan, a),
            group_value(scan, b),
            group_value(scan, c),
        ) else {
            continue;
        };
        let year_last = len(c) == 4 && (1900..=2099).contains(&vc);
        let short = len(a) <= 2 && len(b) <= 2 && (len(c) == 2 || year_last);
        let dmy = short && (day_month(va, vb) || day_month(vb, va));
        let ymd = len(a) == 4
            && (1900..=2099).contains(&va)
            && len(b) <= 2
            && len(c) <= 2
            && day_month(vc, vb);
        let continued_before = k > 0 && sep_between(text, &gs[k - 1], a) == Some(s1);
        let continued_after = k + 3 < gs.len() && sep_between(text, c, &gs[k + 3]) == Some(s1);
        let isolated = !continued_before && !continued_after;
        // Body measurements ("90-60-90"), a fixture of escort ads: bust, waist, hips in cm.
        let measurements = s1 == '-'
            && isolated
            && [a, b, c].iter().all(|g| (2..=3).contains(&len(g)))
            && (70..=130).contains(&va)
            && (40..=90).contains(&vb)
            && (70..=130).contains(&vc);
        if ymd || (dmy && (year_last || isolated)) || measurements {
            poisoned[k..k + 3].iter_mut().for_each(|p| *p = true);
        }
    }
    for k in 0..gs.len().saturating_sub(3) {
        let w = &gs[k..k + 4];
        let seps = (
            sep_between(text, &w[0], &w[1]),
            text.get(w[1].end..w[2].start).map(str::trim),
            sep_between(text, &w[2], &w[3]),
        );
        if let (Some('.' | ':'), Some("-" | "–"), Some('.' | ':')) = seps
            && len(&w[1]) == 2
            && len(&w[3]) == 2
            && len(&w[0]) <= 2
            && len(&w[2]) <= 2
        {
            poisoned[k..k + 4].iter_mut().for_each(|p| *p = true);
        }
    }
    poisoned
}

/// Finds phone numbers in `text`. `region` is the document's (or the extractor's) region.
///
/// `taken`: spans (emails, crypto addresses, URLs) that the caller drops every phone overlapping.
/// A run whose every group overlaps one of them is not validated at all, since any phone found
/// in it would contain such a group; unless the region is unknown, where the international
/// numbers found in it still rank the regions for the other runs.
pub(crate) fn find(
    tables: &PhoneTables,
    text: &str,
    region: Option<Region>,
    taken: &[(usize, usize)],
) -> Vec<FoundPhone> {
    let lib_region = region.and_then(to_lib_region);
    let scan = scan(tables, text, lib_region.is_none());
    let mut out = Vec::new();
    if scan.runs.is_empty() {
        return out;
    }
    let hidden: Vec<bool> = scan
        .runs
        .iter()
        .map(|run| {
            !taken.is_empty()
                && scan.groups[run.groups.clone()]
                    .iter()
                    .all(|g| crate::overlaps(taken, g.start, g.end))
        })
        .collect();
    let mut scores = scan.scores;
    let mut other = scan.other.clone();
    // International numbers first: they are unambiguous and their country is itself a cue.
    let mut done = vec![false; scan.runs.len()];
    for (ri, run) in scan.runs.iter().enumerate() {
        if run.plus.is_none() || run.excluded_first || (hidden[ri] && lib_region.is_some()) {
            continue;
        }
        let found = windows(text, &scan, run, &[], true, &mut out);
        if found {
            done[ri] = true;
        }
    }
    for p in &out {
        let Some(r) = p.region else { continue };
        if let Some(idx) = CUE_REGIONS.iter().position(|c| *c == r.as_str()) {
            scores[idx] += 2;
        } else if let Some(lr) = to_lib_region(r) {
            add_other(&mut other, lr, 2);
        }
    }
    let regions: Vec<rlibphonenumber::Region> = match lib_region {
        Some(r) => vec![r],
        None => {
            // (score, order, region): known cue regions first on ties, then the others.
            let mut ranked: Vec<(u32, usize, rlibphonenumber::Region)> = scores
                .iter()
                .enumerate()
                .filter(|&(_, &s)| s >= 2)
                .filter_map(|(i, &s)| tables.lib_regions[i].map(|r| (s, i, r)))
                .collect();
            ranked.extend(
                other
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, s))| *s >= 2)
                    .map(|(i, &(r, s))| (s, CUE_REGIONS.len() + i, r)),
            );
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut v: Vec<rlibphonenumber::Region> =
                ranked.iter().take(3).map(|&(_, _, r)| r).collect();
            if v.is_empty() {
                v.extend(tables.lib_regions[US]);
            }
            v
        }
    };
    for (ri, run) in scan.runs.iter().enumerate() {
        if done[ri] || hidden[ri] {
            continue;
        }
        windows(text, &scan, run, &regions, false, &mut out);
    }
    out.sort_by_key(|p| p.start);
    out
}

/// Cuts one run into windows and validates them, longest first from each start. Returns whether
/// anything was found.
fn windows(
    text: &str,
    scan: &Scan,
    run: &Run,
    regions: &[rlibphonenumber::Region],
    international_only: bool,
    out: &mut Vec<FoundPhone>,
) -> bool {
    let mut groups = run.groups.clone();
    if run.excluded_last {
        groups.end -= 1;
    }
    let gs = &scan.groups[groups];
    let first = usize::from(run.excluded_first);
    let total_digits: usize = gs
        .iter()
        .skip(first)
        .map(|g| g.digits_end - g.digits_start)
        .sum();
    if total_digits < MIN_WINDOW_DIGITS {
        return false; // no window can hold a phone number
    }
    let poisoned = poisoned_groups(text, scan, gs);
    let mut found_any = false;
    let mut i = first;
    let mut candidate = String::with_capacity(24);
    while i < gs.len() {
        if international_only && i > 0 {
            break;
        }
        if poisoned[i] {
            i += 1;
            continue;
        }
        let plus = i == 0 && run.plus.is_some() && !run.excluded_first;
        let mut hit: Option<(usize, PhoneNumber)> = None;
        let mut last = gs.len().min(i + MAX_WINDOW_GROUPS);
        if let Some(p) = poisoned[i..last].iter().position(|&p| p) {
            last = i + p;
        }
        // Windows that stay inside soft gaps first (" 💕 " more likely ends a number than splits
        // one), longest first; then windows across them.
        let soft = (i + 1..last).find(|&k| gs[k].soft_before).unwrap_or(last);
        let order = (i + 1..=soft).rev().chain((soft + 1..=last).rev());
        for j in order {
            let w = &gs[i..j];
            let ndigits: usize = w.iter().map(|g| g.digits_end - g.digits_start).sum();
            if !(MIN_WINDOW_DIGITS..=MAX_WINDOW_DIGITS).contains(&ndigits) {
                continue;
            }
            candidate.clear();
            for g in w {
                candidate.extend(
                    scan.digits[g.digits_start..g.digits_end]
                        .iter()
                        .map(|&b| b as char),
                );
            }
            if let Some(n) = validate(&candidate, plus, regions) {
                hit = Some((j, n));
                break;
            }
        }
        match hit {
            Some((j, n)) => {
                let w = &gs[i..j];
                let mut start = w[0].start;
                if plus && let Some(p) = run.plus {
                    start = p;
                } else if text[..start].ends_with('(') {
                    start -= 1;
                }
                let mut end = w[w.len() - 1].end;
                let opened = text[start..end].matches('(').count();
                let closed = text[start..end].matches(')').count();
                if opened > closed && text[end..].starts_with(')') {
                    end += 1;
                }
                let spaced = w.len() >= 6 && w.iter().all(|g| g.digits_end - g.digits_start == 1);
                let obfuscated = spaced
                    || w.iter().any(|g| g.obfuscated)
                    || w.iter().skip(1).any(|g| g.gap_obfuscated);
                out.push(FoundPhone {
                    start,
                    end,
                    e164: n.e164,
                    obfuscated,
                    region: n.region,
                });
                found_any = true;
                i = j;
            }
            None => i += 1,
        }
    }
    found_any
}

fn validate(digits: &str, plus: bool, regions: &[rlibphonenumber::Region]) -> Option<PhoneNumber> {
    if plus {
        return parse_valid(&format!("+{digits}"), None);
    }
    if let Some(rest) = digits.strip_prefix("00")
        && rest.len() >= 8
        && let Some(n) = parse_valid(&format!("+{rest}"), None)
    {
        return Some(n);
    }
    if let Some(rest) = digits.strip_prefix("011")
        && rest.len() >= 8
        && let Some(n) = parse_valid(&format!("+{rest}"), None)
    {
        return Some(n);
    }
    if digits.len() > 15 {
        return None;
    }
    for &r in regions {
        if let Some(n) = parse_valid_with(digits, Some(r), RegionLookup::No) {
            return Some(n);
        }
    }
    // Written with its country code but without `+`: only long enough candidates.
    if digits.len() >= 11 && !digits.starts_with('0') {
        return parse_valid(&format!("+{digits}"), None);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(text: &str, region: Option<&str>) -> Vec<(String, String, bool)> {
        let t = PhoneTables::new();
        let r = region.and_then(|r| r.parse().ok());
        find(&t, text, r, &[])
            .into_iter()
            .map(|p| (text[p.start..p.end].to_string(), p.e164, p.obfuscated))
            .collect()
    }

    /// The phones that survive the caller's overlap filter, as (start, end, e164).
    fn kept(
        t: &PhoneTables,
        text: &str,
        region: Option<Region>,
        taken: &[(usize, usize)],
        pass_taken: bool,
    ) -> Vec<(usize, usize, String)> {
        find(t, text, region, if pass_taken { taken } else { &[] })
            .into_iter()
            .filter(|p| !taken.iter().any(|&(a, b)| a < p.end && p.start < b))
            .map(|p| (p.start, p.end, p.e164))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Skipping the runs hidden by taken spans changes nothing the caller keeps.
        #[test]
        fn taken_runs_skipped_without_changing_kept_phones(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "+44 7911 123456", "(702) 555-0134", "06 12 34 56 78", "8 912 345 67 89",
                "wa.me/447911123456", "+33 6 12 34 56 78", "0049 151 2345 6789", "call ", "📞",
                " ", ", ", "order 12345", "€150", "x", "\n", "79111234567", "1",
            ]), 1..10),
            cuts in proptest::collection::vec((0usize..200, 0usize..40), 0..4),
            region in proptest::sample::select(vec![None, Some("US"), Some("GB"), Some("FR")]),
        ) {
            let text: String = parts.concat();
            let taken: Vec<(usize, usize)> = cuts
                .iter()
                .map(|&(s, l)| (s.min(text.len()), (s + l).min(text.len())))
                .collect();
            let t = PhoneTables::new();
            let r = region.and_then(|r| r.parse().ok());
            proptest::prop_assert_eq!(
                kept(&t, &text, r, &taken, true),
                kept(&t, &text, r, &taken, false)
            );
        }
    }

    #[test]
    fn plain_national_and_international() {
        let got = phones("call (702) 555-0134 or +44 7911 123456", Some("US"));
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "(702) 555-0134");
        assert_eq!(got[0].1, "+17025550134");
        assert!(!got[0].2);
        assert_eq!(got[1].1, "+447911123456");
        assert_eq!(got[1].0, "+44 7911 123456");
    }

    #[test]
    fn obfuscated_forms() {
        let got = phones("text 7o2 555 Ol34 now", Some("US"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "+17025550134");
        assert!(got[0].2);
        let got = phones(
            "seven zero two five five five zero one three four",
            Some("US"),
        );
        assert_eq!(got[0].1, "+17025550134");
        let got = phones("７０２ ５５５ ０１３４", Some("US"));
        assert_eq!(got[0].1, "+17025550134");
        let got = phones("7️⃣0️⃣2️⃣5️⃣5️⃣5️⃣0️⃣1️⃣3️⃣4️⃣", Some("US"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "+17025550134");
        let got = phones("702💋555💋0134", Some("US"));
        assert_eq!(got[0].1, "+17025550134");
        assert!(got[0].2);
    }

    #[test]
    fn region_inferred_from_document() {
        let got = phones("Київ, дзвоніть 067 123 45 67", None);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.starts_with("+380"), "{got:?}");
        let got = phones("Chișinău, sunați 069 123 456", None);
        assert!(got[0].1.starts_with("+373"), "{got:?}");
    }

    #[test]
    fn any_country_from_its_tld_or_an_international_number() {
        // Portugal is not among the built-in cue regions: its TLD points to it.
        let got = phones("ligue 912 345 678, www.acompanhantes.pt", None);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "+351912345678");
        // A +351 number elsewhere in the ad does the same for a national one.
        let got = phones("+351 912 345 678 ou 913 456 789", None);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].1, "+351913456789");
    }

    #[test]
    fn distractors_are_not_phones() {
        for text in [
            "on 12.05.2024 at 20:00",
            "order #12345678 shipped",
            "price 1500000 грн",
            "from 2019-05-12 to 2020-01-01",
            "open 20.00-23.00 daily",
            "24/7 💕 90-60-90",
            "Anna, 27 💕 90-60-90, 24/7",
            "height 170 cm, weight 55 kg",
        ] {
            assert!(
                phones(text, Some("UA")).is_empty(),
                "{text}: {:?}",
                phones(text, Some("UA"))
            );
        }
    }

    #[test]
    fn is_alnum_agrees_with_unicode() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn fast_lower_case_agrees_with_unicode() {
        for c in ('\u{0}'..='\u{600}').chain(['ẞ', 'Ω', '𝐀']) {
            let mut fast = String::new();
            push_lower(c, &mut fast);
            assert_eq!(fast, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn double_zero_prefix() {
        let got = phones("WhatsApp 00 373 69 123 456", Some("US"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.starts_with("+373"));
    }
}
