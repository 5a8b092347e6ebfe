//! A seeded generator of labelled, ad-like documents, and per-kind scoring against it.
//!
//! Every document mixes entities of several kinds, written plainly or disguised (number words in
//! the document's language, `O`/`l` for digits, fullwidth, mathematical, circled and keycap digits,
//! spaced digits, emoji separators, `[at]`/`(at)`/`at … dot …` emails, provider names without
//! their domain), with distractors that look like identifiers but are not (dates, times, prices
//! next to phones, heights, weights, zip codes, order numbers, years, job-ad age ranges, salaries,
//! crypto addresses with a wrong checksum). The same seed always gives the same corpus, so it is a
//! benchmark: [`score`] compares an [`Extractor`]'s output with the labels.
//!
//! ```
//! use redflag_entities::{Extractor, corpus};
//! let docs = corpus::generate(7, 20);
//! let scores = corpus::score(&Extractor::new(), &docs);
//! assert!(scores.iter().all(|s| s.f1() > 0.5));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::{CryptoAddress, Extractor, PhoneNumber};
use redflag_model::{Chain, EntityKind, EntityValue, Platform, RateUnit, Region};
use std::collections::HashMap;

/// One labelled document.
#[derive(Clone, Debug)]
pub struct LabelledDoc {
    /// The text.
    pub text: String,
    /// The region given with the document, if any (else it must be inferred).
    pub region: Option<Region>,
    /// The country the document is set in (given or not): what an oracle would pass as region.
    pub home_region: Region,
    /// The document's language (ISO 639-1).
    pub lang: &'static str,
    /// The entities a perfect extractor finds.
    pub gold: Vec<GoldEntity>,
}

/// One expected entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldEntity {
    /// Its kind.
    pub kind: EntityKind,
    /// Its comparison key (see [`entity_key`]).
    pub key: String,
    /// Byte offsets into the document's text.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// Whether the written form hides it.
    pub obfuscated: bool,
}

/// Precision/recall counts for one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindScore {
    /// The kind.
    pub kind: EntityKind,
    /// Expected entities found.
    pub true_positives: usize,
    /// Reported entities not expected.
    pub false_positives: usize,
    /// Expected entities missed.
    pub false_negatives: usize,
}

impl KindScore {
    /// Precision (1 when nothing was reported).
    pub fn precision(&self) -> f64 {
        let d = self.true_positives + self.false_positives;
        if d == 0 {
            1.0
        } else {
            self.true_positives as f64 / d as f64
        }
    }

    /// Recall (1 when nothing was expected).
    pub fn recall(&self) -> f64 {
        let d = self.true_positives + self.false_negatives;
        if d == 0 {
            1.0
        } else {
            self.true_positives as f64 / d as f64
        }
    }

    /// F1, the harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// The key an entity is compared by: its normalized value, with the platform or chain, and for
/// prices the currency and unit.
pub fn entity_key(value: &EntityValue) -> String {
    match value {
        EntityValue::Handle { platform, value } => format!("{platform}:{value}"),
        EntityValue::Crypto { chain, value } => format!("{chain}:{value}"),
        EntityValue::Price {
            value,
            currency,
            per,
        } => format!(
            "{value}|{}|{}",
            currency.as_deref().unwrap_or("-"),
            per.map_or("-", |p| p.as_str())
        ),
        other => other.value().to_string(),
    }
}

impl GoldEntity {
    /// The normalized value as an [`Entity`](redflag_model::Entity) reports it: [`GoldEntity::key`]
    /// without the platform, chain, currency or unit that [`entity_key`] adds for comparison.
    pub fn value(&self) -> &str {
        match self.kind {
            EntityKind::Handle | EntityKind::Crypto => {
                self.key.split_once(':').map_or(&self.key, |(_, v)| v)
            }
            EntityKind::Price => self.key.split('|').next().unwrap_or(&self.key),
            _ => &self.key,
        }
    }
}

/// Scores `extractor` on `docs`, one row per kind in [`EntityKind::ALL`] order. Entities are
/// matched by kind and key within each document (a multiset match).
pub fn score(extractor: &Extractor, docs: &[LabelledDoc]) -> Vec<KindScore> {
    let mut rows: Vec<KindScore> = EntityKind::ALL
        .iter()
        .map(|&kind| KindScore {
            kind,
            true_positives: 0,
            false_positives: 0,
            false_negatives: 0,
        })
        .collect();
    for doc in docs {
        let found = extractor.extract(&doc.text, doc.region);
        let mut expected: HashMap<(EntityKind, String), usize> = HashMap::new();
        for g in &doc.gold {
            *expected.entry((g.kind, g.key.clone())).or_default() += 1;
        }
        for e in &found {
            let Some(row) = rows.iter_mut().find(|r| r.kind == e.kind()) else {
                continue;
            };
            match expected.get_mut(&(e.kind(), entity_key(&e.value))) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    row.true_positives += 1;
                }
                _ => row.false_positives += 1,
            }
        }
        for ((kind, _), n) in expected {
            if let Some(row) = rows.iter_mut().find(|r| r.kind == kind) {
                row.false_negatives += n;
            }
        }
    }
    rows
}

/// splitmix64: small, seedable, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

/// A document language with the country it is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    En,
    Uk,
    Ru,
    Ro,
    Fr,
    It,
    Lv,
    Lt,
    Et,
}

impl Lang {
    /// ISO 639-1 code.
    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Uk => "uk",
            Lang::Ru => "ru",
            Lang::Ro => "ro",
            Lang::Fr => "fr",
            Lang::It => "it",
            Lang::Lv => "lv",
            Lang::Lt => "lt",
            Lang::Et => "et",
        }
    }

    /// Openings without indicator language, for [`Options::indicator_free`] corpora.
    fn neutral_intros(self) -> &'static [&'static str] {
        match self {
            Lang::En => &["contact details", "see the details below"],
            Lang::Uk => &["контакти нижче"],
            Lang::Ru => &["контакты ниже"],
            Lang::Ro => &["date de contact mai jos"],
            Lang::Fr => &["coordonnées ci-dessous"],
            Lang::It => &["contatti qui sotto"],
            Lang::Lv => &["kontakti zemāk"],
            Lang::Lt => &["kontaktai žemiau"],
            Lang::Et => &["kontaktid allpool"],
        }
    }
}

struct Locale {
    lang: Lang,
    region: &'static str,
    cities: &'static [&'static str],
    intros: &'static [&'static str],
    call: &'static [&'static str],
}

const LOCALES: &[Locale] = &[
    Locale {
        lang: Lang::En,
        region: "US",
        cities: &["Las Vegas", "Miami", "Chicago", "Houston", "NYC", "Dallas"],
        intros: &[
            "new in town, sweet and discreet",
            "hot blonde visiting",
            "upscale companion, incall/outcall",
            "hiring hostesses, travel paid",
        ],
        call: &["call", "text", "call or text", "txt me", "WhatsApp"],
    },
    Locale {
        lang: Lang::En,
        region: "GB",
        cities: &["London", "Manchester", "Leeds", "Glasgow", "Birmingham"],
        intros: &[
            "new girl in the area",
            "massage and relaxation",
            "job offer abroad, accommodation included",
        ],
        call: &["call", "text", "ring me", "WhatsApp"],
    },
    Locale {
        lang: Lang::Uk,
        region: "UA",
        cities: &["Київ", "Одеса", "Харків", "Львів", "Дніпро"],
        intros: &[
            "робота для дівчат за кордоном",
            "нові дівчата, тільки для вас",
            "масаж і відпочинок",
        ],
        call: &["дзвоніть", "пишіть", "Viber", "Telegram"],
    },
    Locale {
        lang: Lang::Ru,
        region: "RU",
        cities: &["Москва", "Питер", "Казань", "Новосибирск"],
        intros: &[
            "работа для девушек за границей",
            "новые девушки, только для вас",
            "массаж и отдых",
        ],
        call: &["звоните", "пишите", "WhatsApp", "Telegram"],
    },
    Locale {
        lang: Lang::Ru,
        region: "BY",
        cities: &["Минск", "Гомель", "Брест", "Гродно"],
        intros: &["работа для девушек, высокий доход", "девушки для отдыха"],
        call: &["звоните", "пишите", "Viber"],
    },
    Locale {
        lang: Lang::Ro,
        region: "MD",
        cities: &["Chișinău", "Bălți", "Moldova"],
        intros: &[
            "lucru în străinătate pentru fete",
            "fete noi, discreție totală",
        ],
        call: &["sunați", "scrieți", "Viber"],
    },
    Locale {
        lang: Lang::Ro,
        region: "RO",
        cities: &["București", "Cluj", "Iași", "Timișoara"],
        intros: &["lucru pentru fete în străinătate", "masaj și relaxare"],
        call: &["sunați", "WhatsApp"],
    },
    Locale {
        lang: Lang::Fr,
        region: "FR",
        cities: &["Paris", "Lyon", "Marseille", "Toulouse"],
        intros: &[
            "nouvelle en ville, je vous attends",
            "massage et détente avec moi",
        ],
        call: &["appelez", "appelle-moi", "SMS"],
    },
    Locale {
        lang: Lang::It,
        region: "IT",
        cities: &["Roma", "Milano", "Napoli", "Torino"],
        intros: &["nuova in città, sono qui per te", "massaggi e relax con me"],
        call: &["chiamami", "scrivimi", "WhatsApp"],
    },
    Locale {
        lang: Lang::Lv,
        region: "LV",
        cities: &["Rīga", "Daugavpils", "Jūrmala"],
        intros: &[
            "darbs meitenēm ārzemēs",
            "jaunas meitenes, masāža un relaksācija",
        ],
        call: &["zvani", "raksti"],
    },
    Locale {
        lang: Lang::Lt,
        region: "LT",
        cities: &["Vilnius", "Kaunas", "Klaipėda"],
        intros: &["darbas merginoms užsienyje", "naujos merginos, masažas"],
        call: &["skambinkite", "rašykite"],
    },
    Locale {
        lang: Lang::Et,
        region: "EE",
        cities: &["Tallinn", "Tartu", "Narva"],
        intros: &["töö tüdrukutele välismaal", "uued tüdrukud, massaaž"],
        call: &["helista", "kirjuta"],
    },
];

fn number_words(lang: Lang) -> [&'static str; 10] {
    match lang {
        Lang::En => [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ],
        Lang::Uk => [
            "нуль",
            "один",
            "два",
            "три",
            "чотири",
            "пʼять",
            "шість",
            "сім",
            "вісім",
            "девʼять",
        ],
        Lang::Ru => [
            "ноль",
            "один",
            "два",
            "три",
            "четыре",
            "пять",
            "шесть",
            "семь",
            "восемь",
            "девять",
        ],
        Lang::Ro => [
            "zero", "unu", "doi", "trei", "patru", "cinci", "șase", "șapte", "opt", "nouă",
        ],
        Lang::Fr => [
            "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
        ],
        Lang::It => [
            "zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove",
        ],
        Lang::Lv => [
            "nulle", "viens", "divi", "trīs", "četri", "pieci", "seši", "septiņi", "astoņi",
            "deviņi",
        ],
        Lang::Lt => [
            "nulis", "vienas", "du", "trys", "keturi", "penki", "šeši", "septyni", "aštuoni",
            "devyni",
        ],
        Lang::Et => [
            "null", "üks", "kaks", "kolm", "neli", "viis", "kuus", "seitse", "kaheksa", "üheksa",
        ],
    }
}

/// A national significant number for the region, its country code, the national trunk prefix and
/// the digit grouping used when writing it nationally.
fn national_number(
    rng: &mut Rng,
    region: &str,
) -> (String, &'static str, &'static str, &'static [usize]) {
    match region {
        "US" => {
            let npa = rng.pick(&[
                "212", "305", "310", "312", "404", "415", "512", "617", "646", "702", "713", "718",
                "786", "917",
            ]);
            let nxx = format!("{}{}", 2 + rng.below(8), rng.digits(2));
            (format!("{npa}{nxx}{}", rng.digits(4)), "1", "", &[3, 3, 4])
        }
        "GB" => (
            format!("7{}{}", rng.pick(&["4", "5", "7", "8", "9"]), rng.digits(8)),
            "44",
            "0",
            &[4, 6],
        ),
        "UA" => {
            let op = rng.pick(&[
                "50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99",
            ]);
            (format!("{op}{}", rng.digits(7)), "380", "0", &[2, 3, 2, 2])
        }
        "RU" => (
            format!(
                "9{}{}",
                rng.pick(&["12", "15", "16", "26", "03", "05", "85"]),
                rng.digits(7)
            ),
            "7",
            "8",
            &[3, 3, 2, 2],
        ),
        "BY" => (
            format!("{}{}", rng.pick(&["29", "33", "44", "25"]), rng.digits(7)),
            "375",
            "80",
            &[2, 3, 2, 2],
        ),
        "MD" => (
            format!(
                "{}{}",
                rng.pick(&["60", "67", "68", "69", "78", "79"]),
                rng.digits(6)
            ),
            "373",
            "0",
            &[2, 3, 3],
        ),
        "RO" => (
            format!(
                "7{}{}",
                rng.pick(&["2", "3", "4", "5", "6", "7", "8"]),
                rng.digits(7)
            ),
            "40",
            "0",
            &[3, 3, 3],
        ),
        "FR" => (
            format!("{}{}", rng.pick(&["6", "7"]), rng.digits(8)),
            "33",
            "0",
            &[1, 2, 2, 2, 2],
        ),
        "IT" => (
            format!(
                "3{}{}",
                rng.pick(&[
                    "20", "27", "28", "29", "30", "31", "33", "34", "35", "38", "39", "40", "45",
                    "47", "48", "49"
                ]),
                rng.digits(7)
            ),
            "39",
            "",
            &[3, 3, 4],
        ),
        "LV" => (format!("2{}", rng.digits(7)), "371", "", &[4, 4]),
        "LT" => (format!("6{}", rng.digits(7)), "370", "8", &[3, 5]),
        "EE" => (format!("5{}", rng.digits(7)), "372", "", &[4, 4]),
        "DE" => (
            format!("15{}{}", rng.pick(&["1", "2", "5", "7"]), rng.digits(8)),
            "49",
            "0",
            &[3, 8],
        ),
        _ => (
            format!("5{}{}", rng.pick(&["0", "1", "3", "7", "8"]), rng.digits(7)),
            "48",
            "",
            &[3, 3, 3],
        ),
    }
}

fn group(digits: &str, sizes: &[usize], sep: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (i, &n) in sizes.iter().enumerate() {
        if at >= digits.len() {
            break;
        }
        let end = if i + 1 == sizes.len() {
            digits.len()
        } else {
            (at + n).min(digits.len())
        };
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&digits[at..end]);
        at = end;
    }
    out
}

/// The ways a phone is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PhoneForm {
    Plain,
    Words,
    Letters,
    Fullwidth,
    MathBold,
    Keycap,
    Spaced,
    Emoji,
    Circled,
}

const PHONE_FORMS: &[PhoneForm] = &[
    PhoneForm::Plain,
    PhoneForm::Plain,
    PhoneForm::Plain,
    PhoneForm::Words,
    PhoneForm::Letters,
    PhoneForm::Fullwidth,
    PhoneForm::MathBold,
    PhoneForm::Keycap,
    PhoneForm::Spaced,
    PhoneForm::Emoji,
    PhoneForm::Circled,
];

fn map_digits(s: &str, f: impl Fn(u32) -> String) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => f(d),
            None => c.to_string(),
        })
        .collect()
}

/// Writes `written` (digits and separators, maybe a leading `+`) in `form`. Returns the text and
/// whether it hides the digits.
fn disguise(rng: &mut Rng, written: &str, form: PhoneForm, lang: Lang) -> (String, bool) {
    let digits_only: String = written.chars().filter(char::is_ascii_digit).collect();
    let plus = if written.starts_with('+') { "+" } else { "" };
    match form {
        PhoneForm::Plain => (written.to_string(), false),
        PhoneForm::Words => {
            let words = number_words(lang);
            let w: Vec<&str> = digits_only
                .bytes()
                .map(|b| words[usize::from(b - b'0')])
                .collect();
            (format!("{plus}{}", w.join(" ")), true)
        }
        PhoneForm::Letters => {
            if !written.contains(['0', '1']) {
                return disguise(rng, written, PhoneForm::Fullwidth, lang);
            }
            let out: String = written
                .chars()
                .map(|c| match c {
                    '0' => {
                        if rng.chance(50) {
                            'O'
                        } else {
                            'o'
                        }
                    }
                    '1' => {
                        if rng.chance(50) {
                            'l'
                        } else {
                            'I'
                        }
                    }
                    c => c,
                })
                .collect();
            (out, true)
        }
        PhoneForm::Fullwidth => (
            map_digits(written, |d| {
                char::from_u32(0xFF10 + d).map_or(String::new(), String::from)
            }),
            true,
        ),
        PhoneForm::MathBold => (
            map_digits(written, |d| {
                char::from_u32(0x1D7CE + d).map_or(String::new(), String::from)
            }),
            true,
        ),
        PhoneForm::Keycap => {
            let k: String = digits_only
                .chars()
                .map(|c| format!("{c}\u{FE0F}\u{20E3}"))
                .collect();
            (format!("{plus}{k}"), true)
        }
        PhoneForm::Spaced => {
            let sep = rng.pick(&[" ", ".", " "]);
            let s: Vec<String> = digits_only.chars().map(String::from).collect();
            (format!("{plus}{}", s.join(sep)), true)
        }
        PhoneForm::Emoji => {
            let e = rng.pick(&["💋", "🔥", "❤️", "🌹", "⭐"]);
            let parts: Vec<&str> = written
                .trim_start_matches('+')
                .split([' ', '-', '.'])
                .filter(|p| !p.is_empty())
                .collect();
            (format!("{plus}{}", parts.join(e)), true)
        }
        PhoneForm::Circled => (
            map_digits(written, |d| {
                let c = if d == 0 {
                    Some('⓪')
                } else {
                    char::from_u32(0x2460 + d - 1)
                };
                c.map_or(String::new(), String::from)
            }),
            true,
        ),
    }
}

/// Text built from pieces, with labels kept in byte offsets.
struct Builder {
    text: String,
    gold: Vec<GoldEntity>,
}

impl Builder {
    fn plain(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn entity(&mut self, s: &str, kind: EntityKind, key: String, obfuscated: bool) {
        let start = self.text.len();
        self.text.push_str(s);
        self.gold.push(GoldEntity {
            kind,
            key,
            start,
            end: self.text.len(),
            obfuscated,
        });
    }

    /// Labels a sub-range of the text already written.
    fn label(&mut self, start: usize, end: usize, kind: EntityKind, key: String) {
        self.gold.push(GoldEntity {
            kind,
            key,
            start,
            end,
            obfuscated: false,
        });
    }
}

const NAMES: &[&str] = &[
    "jenny", "lola", "kira", "anna", "sasha", "vika", "mila", "dasha", "nika", "candy", "roxy",
    "bella", "alina", "marta", "elena",
];

fn username(rng: &mut Rng) -> String {
    let name = rng.pick(NAMES);
    match rng.below(4) {
        0 => format!("{name}{}", 10 + rng.below(90)),
        1 => format!("{name}_{}", rng.pick(&["love", "x", "hot", "vip", "real"])),
        2 => format!("{name}.{}", rng.pick(&["rose", "star", "kiss", "doll"])),
        _ => format!("{}{name}", rng.pick(&["miss", "sweet", "lady", "baby"])),
    }
}

fn phone_segment(rng: &mut Rng, b: &mut Builder, loc: &Locale, foreign: bool) {
    let region = if foreign {
        rng.pick(&["GB", "UA", "MD", "RO", "DE", "PL", "LV", "FR", "IT", "US"])
    } else {
        loc.region
    };
    for _ in 0..50 {
        let (nsn, cc, trunk, sizes) = national_number(rng, region);
        let Ok(n) = PhoneNumber::parse(&format!("+{cc}{nsn}"), None) else {
            continue;
        };
        let international = foreign || rng.chance(25);
        let written = if international {
            let prefix = if rng.chance(75) {
                format!("+{cc}")
            } else {
                format!("00{cc}")
            };
            format!(
                "{prefix} {}",
                group(&nsn, sizes, rng.pick(&[" ", " ", "-"]))
            )
        } else if region == "US" {
            let g = group(&nsn, sizes, " ");
            let parts: Vec<&str> = g.split(' ').collect();
            match (rng.below(4), parts.as_slice()) {
                (0, [a, x, y]) => format!("({a}) {x}-{y}"),
                (1, [a, x, y]) => format!("{a}-{x}-{y}"),
                (2, [a, x, y]) => format!("{a}.{x}.{y}"),
                _ => g,
            }
        } else {
            let sep = rng.pick(&[" ", " ", "-", "."]);
            let body = group(&nsn, sizes, sep);
            if trunk.is_empty() {
                body
            } else {
                format!("{trunk}{}{body}", if rng.chance(30) { " " } else { "" })
            }
        };
        let mut form = rng.pick(PHONE_FORMS);
        if international && form == PhoneForm::Words && written.starts_with("00") {
            form = PhoneForm::Plain;
        }
        let (text, obfuscated) = disguise(rng, &written, form, loc.lang);
        let cue = rng.pick(loc.call);
        b.plain(cue);
        b.plain(rng.pick(&[" ", ": ", " 📞 ", " - "]));
        b.entity(&text, EntityKind::Phone, n.e164().to_string(), obfuscated);
        return;
    }
}

fn email_segment(rng: &mut Rng, b: &mut Builder) {
    let user = username(rng).replace('_', ".");
    let (domain_label, tld) = rng.pick(&[
        ("gmail", "com"),
        ("yahoo", "com"),
        ("mail", "ru"),
        ("ukr", "net"),
        ("outlook", "com"),
        ("inbox", "lv"),
        ("hotmail", "fr"),
        ("protonmail", "com"),
    ]);
    let form = rng.below(7);
    let provider_ok = matches!(domain_label, "gmail" | "yahoo" | "outlook" | "protonmail");
    let (text, value, obf) = match form {
        0 | 1 => (
            format!("{user}@{domain_label}.{tld}"),
            format!("{user}@{domain_label}.{tld}"),
            false,
        ),
        2 => (
            format!("{user} [at] {domain_label} [dot] {tld}"),
            format!("{user}@{domain_label}.{tld}"),
            true,
        ),
        3 => (
            format!("{user}(at){domain_label}.{tld}"),
            format!("{user}@{domain_label}.{tld}"),
            true,
        ),
        4 => (
            format!("{user} at {domain_label} dot {tld}"),
            format!("{user}@{domain_label}.{tld}"),
            true,
        ),
        5 if provider_ok => {
            let full = match domain_label {
                "gmail" => "gmail.com",
                "yahoo" => "yahoo.com",
                "outlook" => "outlook.com",
                _ => "protonmail.com",
            };
            if rng.chance(50) {
                (
                    format!("{user}@{domain_label}"),
                    format!("{user}@{full}"),
                    true,
                )
            } else {
                (
                    format!("{user} at {domain_label}"),
                    format!("{user}@{full}"),
                    true,
                )
            }
        }
        _ => (
            format!("{}@{domain_label}.{tld}", user.to_uppercase()),
            format!("{user}@{domain_label}.{tld}"),
            false,
        ),
    };
    b.plain(rng.pick(&["email ", "mail: ", "✉ ", "contact "]));
    b.entity(&text, EntityKind::Email, value, obf);
}

fn url_segment(rng: &mut Rng, b: &mut Builder, loc: &Locale) {
    let user = username(rng);
    let clean = user.replace('.', "_");
    b.plain(rng.pick(&["see ", "more at ", "link: ", "👉 "]));
    match rng.below(6) {
        0 => {
            let u = format!(
                "https://{}.{}/{}",
                rng.pick(&["escort-ads", "vipmodels", "citygirls", "travelwork"]),
                rng.pick(&["com", "net", "eu"]),
                rng.pick(&["profile/88", "girls", "jobs?id=7", ""])
            );
            b.entity(&u, EntityKind::Url, u.clone(), false);
        }
        1 => {
            let tld = match loc.region {
                "US" => "com",
                "GB" => "co.uk",
                r => match r {
                    "UA" => "ua",
                    "RU" => "ru",
                    "BY" => "by",
                    "MD" => "md",
                    "RO" => "ro",
                    "FR" => "fr",
                    "IT" => "it",
                    "LV" => "lv",
                    "LT" => "lt",
                    _ => "ee",
                },
            };
            let u = format!(
                "www.{}.{tld}",
                rng.pick(&["massage-relax", "dating-club", "modelwork", "nightlife"])
            );
            b.entity(&u, EntityKind::Url, u.clone(), false);
        }
        2 => {
            let start = b.text.len() + "onlyfans.com/".len();
            let u = format!("onlyfans.com/{clean}");
            b.entity(&u, EntityKind::Url, u.clone(), false);
            b.label(
                start,
                start + clean.len(),
                EntityKind::Handle,
                format!("onlyfans:{clean}"),
            );
        }
        3 => {
            let start = b.text.len() + "t.me/".len();
            let u = format!("t.me/{clean}");
            b.entity(&u, EntityKind::Url, u.clone(), false);
            b.label(
                start,
                start + clean.len(),
                EntityKind::Handle,
                format!("telegram:{clean}"),
            );
        }
        4 => {
            let region = rng.pick(&["GB", "UA", "MD", "US", "FR"]);
            for _ in 0..50 {
                let (nsn, cc, _, _) = national_number(rng, region);
                if let Ok(n) = PhoneNumber::parse(&format!("+{cc}{nsn}"), None) {
                    let u = format!("https://wa.me/{cc}{nsn}");
                    let start = b.text.len() + "https://wa.me/".len();
                    b.entity(&u, EntityKind::Url, u.clone(), false);
                    b.label(
                        start,
                        start + cc.len() + nsn.len(),
                        EntityKind::Phone,
                        n.e164().to_string(),
                    );
                    return;
                }
            }
        }
        _ => {
            let start = b.text.len() + "instagram.com/".len();
            let u = format!("instagram.com/{user}");
            b.entity(&u, EntityKind::Url, u.clone(), false);
            b.label(
                start,
                start + user.len(),
                EntityKind::Handle,
                format!("instagram:{user}"),
            );
        }
    }
}

fn handle_segment(rng: &mut Rng, b: &mut Builder) {
    let user = username(rng);
    let (cue, platform) = rng.pick(&[
        ("snap: ", Platform::Snapchat),
        ("sc: ", Platform::Snapchat),
        ("add me on snapchat ", Platform::Snapchat),
        ("IG @", Platform::Instagram),
        ("insta: ", Platform::Instagram),
        ("kik me ", Platform::Kik),
        ("tg: @", Platform::Telegram),
        ("telegram ", Platform::Telegram),
        ("onlyfans: ", Platform::Onlyfans),
        ("tiktok @", Platform::Tiktok),
        ("twitter/x: @", Platform::X),
        ("fb: ", Platform::Facebook),
        ("👻 snap ", Platform::Snapchat),
    ]);
    b.plain(cue);
    let written = if rng.chance(20) {
        user.to_uppercase()
    } else {
        user.clone()
    };
    b.entity(
        &written,
        EntityKind::Handle,
        format!("{platform}:{user}"),
        false,
    );
}

fn random_address(rng: &mut Rng) -> Option<(String, Chain)> {
    let mut payload = vec![0u8; 21];
    for byte in payload.iter_mut().skip(1) {
        *byte = rng.below(256) as u8;
    }
    let (s, chain) = match rng.below(9) {
        0 | 1 => {
            payload[0] = 0x00;
            (
                bs58::encode(&payload).with_check().into_string(),
                Chain::Btc,
            )
        }
        2 => {
            payload[0] = 0x05;
            (
                bs58::encode(&payload).with_check().into_string(),
                Chain::Btc,
            )
        }
        3 => {
            let hrp = bech32::Hrp::parse("bc").ok()?;
            (
                bech32::segwit::encode_v0(hrp, &payload[1..]).ok()?,
                Chain::Btc,
            )
        }
        4 => {
            payload[0] = 0x30;
            (
                bs58::encode(&payload).with_check().into_string(),
                Chain::Ltc,
            )
        }
        5 => {
            payload[0] = 0x41;
            (
                bs58::encode(&payload).with_check().into_string(),
                Chain::Trx,
            )
        }
        6 | 7 => {
            let hex = redflag_model::to_hex(&payload[1..]);
            (format!("0x{hex}"), Chain::Eth)
        }
        _ => {
            // Published addresses for the chains without an encoder here.
            if rng.chance(50) {
                ("44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A".to_string(), Chain::Xmr)
            } else {
                (
                    "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy".to_string(),
                    Chain::Bch,
                )
            }
        }
    };
    Some((s, chain))
}

fn crypto_segment(rng: &mut Rng, b: &mut Builder) {
    let Some((addr, chain)) = random_address(rng) else {
        return;
    };
    let Ok(parsed) = CryptoAddress::parse(Some(chain), &addr) else {
        return;
    };
    b.plain(rng.pick(&[
        "tips in crypto: ",
        "BTC/ETH accepted ",
        "pay deposit to ",
        "wallet ",
    ]));
    b.entity(
        &addr,
        EntityKind::Crypto,
        format!("{chain}:{}", parsed.as_str()),
        false,
    );
    if rng.chance(30) {
        // A near miss: one character changed, so the checksum fails. Not an entity.
        let mut bad: Vec<char> = addr.chars().collect();
        let i = bad.len() - 3;
        bad[i] = if bad[i] == 'a' { 'b' } else { 'a' };
        let bad: String = bad.into_iter().collect();
        if CryptoAddress::parse(None, &bad).is_err() {
            b.plain(" (old: ");
            b.plain(&bad);
            b.plain(")");
        }
    }
}

fn price_segment(rng: &mut Rng, b: &mut Builder, loc: &Locale) {
    let amount = rng.pick(&[80u32, 100, 120, 150, 200, 250, 300, 500]);
    let big = amount * 10;
    let k = |v: u32, c: Option<&str>, p: Option<RateUnit>| {
        format!("{v}|{}|{}", c.unwrap_or("-"), p.map_or("-", |p| p.as_str()))
    };
    // Prices written without a currency get `?`: [`generate`] resolves it from the document
    // the way the extractor must (see `resolve_currencies`).
    let (text, key) = match loc.lang {
        Lang::En => match rng.below(12) {
            0 => (
                format!("${amount}/hr"),
                k(amount, Some("USD"), Some(RateUnit::Hour)),
            ),
            1 => (format!("{amount} roses"), k(amount, Some("?"), None)),
            2 => (
                format!("hh {amount}"),
                k(amount, Some("?"), Some(RateUnit::HalfHour)),
            ),
            3 => (format!("donation {amount}"), k(amount, Some("?"), None)),
            8 => (format!("{amount} 🌹"), k(amount, Some("?"), None)),
            9 => (
                format!("45 mins ${amount}"),
                k(amount, Some("USD"), Some(RateUnit::FortyFiveMinutes)),
            ),
            10 => (
                format!("15min {amount}"),
                k(amount, Some("?"), Some(RateUnit::QuarterHour)),
            ),
            11 => (
                format!("{amount} roses/20 min"),
                k(amount, Some("?"), Some(RateUnit::TwentyMinutes)),
            ),
            4 => (
                format!("${amount} per hour"),
                k(amount, Some("USD"), Some(RateUnit::Hour)),
            ),
            5 => (
                format!("overnight ${big}"),
                k(big, Some("USD"), Some(RateUnit::Night)),
            ),
            6 => (
                format!("qv {amount}"),
                k(amount, Some("?"), Some(RateUnit::QuickVisit)),
            ),
            _ => (
                format!("£{amount} an hour"),
                k(amount, Some("GBP"), Some(RateUnit::Hour)),
            ),
        },
        Lang::Uk => match rng.below(2) {
            0 => (
                format!("{big} грн/година"),
                k(big, Some("UAH"), Some(RateUnit::Hour)),
            ),
            _ => (
                format!("ніч {} грн", big * 3),
                k(big * 3, Some("UAH"), Some(RateUnit::Night)),
            ),
        },
        Lang::Ru => match rng.below(2) {
            0 => (
                format!("{big} руб/час"),
                k(big, Some("RUB"), Some(RateUnit::Hour)),
            ),
            _ => (
                format!("ночь {} руб", big * 3),
                k(big * 3, Some("RUB"), Some(RateUnit::Night)),
            ),
        },
        Lang::Ro => (
            format!("{amount} euro/ora"),
            k(amount, Some("EUR"), Some(RateUnit::Hour)),
        ),
        Lang::Fr => match rng.below(2) {
            0 => (
                format!("{amount}€/heure"),
                k(amount, Some("EUR"), Some(RateUnit::Hour)),
            ),
            _ => (
                format!("nuit {big}€"),
                k(big, Some("EUR"), Some(RateUnit::Night)),
            ),
        },
        Lang::It => (
            format!("{amount}€ all'ora"),
            k(amount, Some("EUR"), Some(RateUnit::Hour)),
        ),
        Lang::Lv => (
            format!("{amount} eur/stundā"),
            k(amount, Some("EUR"), Some(RateUnit::Hour)),
        ),
        Lang::Lt => (
            format!("{amount} eur/val."),
            k(amount, Some("EUR"), Some(RateUnit::Hour)),
        ),
        Lang::Et => (
            format!("{amount} eur/tund"),
            k(amount, Some("EUR"), Some(RateUnit::Hour)),
        ),
    };
    b.entity(&text, EntityKind::Price, key, false);
}

fn age_segment(rng: &mut Rng, b: &mut Builder, loc: &Locale, neutral: bool) {
    let age = 18 + rng.below(12);
    // A name, a comma and the age ("I'm Kira, 23"); the entity is the age alone.
    let named = rng.chance(30);
    let (pre, mid, post) = match loc.lang {
        Lang::En if named => rng.pick(&[
            ("hi, I'm Kira, ", "{}", ", new here"),
            ("I am Lola, ", "{}", ""),
            ("Bella, ", "{}", ", new in town"),
            ("Kira ", "{} y/o", ""),
            ("my name is Anna, ", "{}", ""),
        ]),
        Lang::En => rng.pick(&[
            ("", "{} yrs", ""),
            ("", "{}yo", ""),
            ("", "age: {}", ""),
            ("hi, ", "I'm {}", ", new here"),
            ("", "{} years old", ""),
            ("", "{}-year-old", " student"),
        ]),
        Lang::Ru if named => rng.pick(&[("Я Кира, ", "{}", ""), ("Меня зовут Даша, ", "{}", "")]),
        Lang::Ru => rng.pick(&[("мне ", "{} лет", ""), ("", "{} лет", "")]),
        Lang::Uk if named => ("Я Оля, ", "{}", ""),
        Lang::Uk => ("мені ", "{} років", ""),
        Lang::Ro if named => ("Sunt Ana, ", "{}", ""),
        Lang::Ro => rng.pick(&[("am ", "{} ani", ""), ("", "{} ani", "")]),
        Lang::Fr if named => ("Je suis Léa, ", "{}", ""),
        Lang::Fr => ("j'ai ", "{} ans", ""),
        Lang::It if named => ("Sono Giulia, ", "{}", ""),
        Lang::It => ("ho ", "{} anni", ""),
        Lang::Lv if named => ("Esmu Anna, ", "{}", ""),
        Lang::Lv => ("", "{} gadi", ""),
        Lang::Lt if named => ("Aš Rūta, ", "{}", ""),
        Lang::Lt => ("", "{} metų", ""),
        Lang::Et if named => ("Olen Kati, ", "{}", ""),
        Lang::Et => ("", "{} aastane", ""),
    };
    b.plain(pre);
    b.entity(
        &mid.replace("{}", &age.to_string()),
        EntityKind::Age,
        age.to_string(),
        false,
    );
    // ", new here" is movement language.
    b.plain(if neutral { "" } else { post });
}

fn distractor(rng: &mut Rng, b: &mut Builder, loc: &Locale, neutral: bool) {
    let mut n = rng.below(18);
    if neutral && matches!(n, 8 | 10 | 16) {
        // "girls 18-25 wanted" and "24/7" are lexicon cues: a salary line, a date, a weekday.
        n = match n {
            8 => 9,
            10 => 0,
            _ => 15,
        };
    }
    let s = match n {
        0 => format!(
            "posted {:02}.{:02}.20{}",
            1 + rng.below(28),
            1 + rng.below(12),
            20 + rng.below(6)
        ),
        1 => format!(
            "available 20{}-{:02}-{:02}",
            20 + rng.below(6),
            1 + rng.below(12),
            1 + rng.below(28)
        ),
        2 => format!("open {}:00-{}:00", 10 + rng.below(4), 20 + rng.below(4)),
        3 => format!(
            "height 1{} cm, weight {} kg",
            55 + rng.below(20),
            45 + rng.below(20)
        ),
        4 => format!("5'{} and {} lbs", 2 + rng.below(8), 100 + rng.below(40)),
        5 => format!("zip {}", rng.digits(5)),
        6 => {
            let n = 8 + rng.below(3);
            format!("order #{}", rng.digits(n))
        }
        7 => format!("since 20{}", 10 + rng.below(15)),
        8 => format!("girls {}-{} wanted", 18 + rng.below(2), 25 + rng.below(6)),
        9 => format!("salary {} EUR per month", 1500 + 100 * rng.below(20)),
        10 => "90-60-90, 24/7".to_string(),
        11 => format!("ref {}", rng.digits(10)),
        12 => format!("open {}.00-{}.00", 10 + rng.below(4), 20 + rng.below(4)),
        13 => format!("{} km from center", 2 + rng.below(20)),
        14 => format!("ad id {}", rng.digits(9)),
        // A name-like word, a comma and a number that is not an age.
        15 => format!("Available Monday, {} May", 10 + rng.below(18)),
        16 => format!("I'm available, {}/7", 24),
        _ => format!("{} years of experience", 2 + rng.below(8)),
    };
    let _ = loc;
    b.plain(&s);
}

/// Options for [`generate_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Only documents in these languages (ISO 639-1: `en`, `ru`, `uk`, `ro`, `fr`, `it`, `lv`,
    /// `lt`, `et`); empty for all. Codes the generator has no locale for are ignored.
    pub langs: Vec<String>,
    /// Leave out the trafficking-indicator language the generator otherwise writes around the
    /// entities ("new in town", "girls 18-25 wanted", "24/7", "incall/outcall"): for corpora whose
    /// indicator gold comes from elsewhere (`redflag synth`), so that every indicator phrase in a
    /// document is labelled. Entities and their distractors stay the same kinds.
    pub indicator_free: bool,
}

impl Options {
    /// All languages, indicator language included (what [`generate`] does).
    pub fn new() -> Options {
        Options::default()
    }

    /// Only these languages.
    pub fn langs<S: AsRef<str>>(mut self, langs: &[S]) -> Options {
        self.langs = langs.iter().map(|l| l.as_ref().to_owned()).collect();
        self
    }

    /// Without indicator language (see the field).
    pub fn indicator_free(mut self, yes: bool) -> Options {
        self.indicator_free = yes;
        self
    }
}

/// The languages the generator writes documents in (ISO 639-1).
pub fn languages() -> Vec<&'static str> {
    let mut langs: Vec<&'static str> = LOCALES.iter().map(|l| l.lang.code()).collect();
    langs.sort_unstable();
    langs.dedup();
    langs
}

/// Gold prices written without a currency (key `value|?|per`) take the document's currency, by
/// the rule the extractor documents (`money::implied_currency`); `-` when there is none.
fn resolve_currencies(gold: &mut [GoldEntity], region: Option<Region>) {
    let keys: Vec<String> = gold
        .iter()
        .filter(|g| g.kind == EntityKind::Price)
        .map(|g| g.key.clone())
        .collect();
    let written: Vec<&str> = keys
        .iter()
        .filter_map(|k| k.split('|').nth(1))
        .filter(|c| *c != "?" && *c != "-")
        .collect();
    let chosen = crate::money::implied_currency(written, region).map(str::to_string);
    let chosen = chosen.unwrap_or_else(|| "-".to_string());
    for g in gold.iter_mut().filter(|g| g.kind == EntityKind::Price) {
        if g.key.split('|').nth(1) == Some("?") {
            g.key = g.key.replacen("|?|", &format!("|{chosen}|"), 1);
        }
    }
}

/// Generates `docs` labelled documents from `seed`. The same seed gives the same corpus.
pub fn generate(seed: u64, docs: usize) -> Vec<LabelledDoc> {
    generate_with(seed, docs, &Options::default())
}

/// Like [`generate`], with [`Options`]. With the default options the corpus is the same as
/// [`generate`]'s; with no locale left after the language filter, the corpus is empty.
pub fn generate_with(seed: u64, docs: usize, options: &Options) -> Vec<LabelledDoc> {
    let locales: Vec<&Locale> = LOCALES
        .iter()
        .filter(|l| options.langs.is_empty() || options.langs.iter().any(|c| c == l.lang.code()))
        .collect();
    if locales.is_empty() {
        return Vec::new();
    }
    let neutral = options.indicator_free;
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(docs);
    for _ in 0..docs {
        let loc = *rng.pick_ref(&locales);
        let mut b = Builder {
            text: String::new(),
            gold: Vec::new(),
        };
        let given_region = rng.chance(50);
        let mut segments: Vec<u8> = vec![0];
        segments.extend(std::iter::repeat_n(1, 1 + rng.below(2)));
        for (kind, pct) in [
            (2u8, 35u64),
            (3, 30),
            (4, 35),
            (5, 15),
            (6, 55),
            (7, 40),
            (9, 20),
        ] {
            if rng.chance(pct) {
                segments.push(kind);
            }
        }
        segments.extend(std::iter::repeat_n(8, 1 + rng.below(3)));
        // Shuffle all but the intro.
        for i in (2..segments.len()).rev() {
            let j = 1 + rng.below(i);
            segments.swap(i, j);
        }
        for (i, seg) in segments.iter().enumerate() {
            if i > 0 {
                b.plain(rng.pick(&[". ", ".\n", " 💕 ", "! ", "\n"]));
            }
            match seg {
                0 => {
                    b.plain(rng.pick(if neutral {
                        loc.lang.neutral_intros()
                    } else {
                        loc.intros
                    }));
                    if !given_region || rng.chance(50) {
                        b.plain(", ");
                        b.plain(rng.pick(loc.cities));
                    }
                }
                1 => phone_segment(&mut rng, &mut b, loc, false),
                9 => phone_segment(&mut rng, &mut b, loc, true),
                2 => email_segment(&mut rng, &mut b),
                3 => url_segment(&mut rng, &mut b, loc),
                4 => handle_segment(&mut rng, &mut b),
                5 => crypto_segment(&mut rng, &mut b),
                6 => price_segment(&mut rng, &mut b, loc),
                7 => age_segment(&mut rng, &mut b, loc, neutral),
                _ => distractor(&mut rng, &mut b, loc, neutral),
            }
        }
        let Ok(home_region) = loc.region.parse::<Region>() else {
            continue; // every locale's region is a valid code
        };
        let region = given_region.then_some(home_region);
        resolve_currencies(&mut b.gold, region);
        out.push(LabelledDoc {
            text: b.text,
            region,
            home_region,
            lang: loc.lang.code(),
            gold: b.gold,
        });
    }
    out
}

const PROSE_EN: &[&str] = &[
    "Sweet, discreet and always on time.",
    "Clean, friendly and fun, upscale gentlemen only.",
    "Looking for a generous man who knows how to treat a lady.",
    "No rush, no drama, just a relaxing time together.",
    "Outcall to hotels and homes, incall in a private apartment.",
    "Please be respectful and polite when you contact me.",
];
const PROSE_RU: &[&str] = &[
    "Приятная и ласковая девушка ждёт тебя в уютной квартире.",
    "Только для щедрых и воспитанных мужчин, без спешки.",
];
const PROSE_UK: &[&str] = &["Затишна квартира в центрі міста, повна конфіденційність."];
const PROSE_RO: &[&str] = &["Fată dulce și discretă, te aștept într-un apartament privat."];
const PROSE_FR: &[&str] = &["Douce et discrète, je reçois dans un appartement privé."];
const PROSE_IT: &[&str] = &["Dolce e discreta, ricevo in un appartamento riservato."];
const PROSE_LV: &[&str] = &["Jauka un diskrēta meitene gaida tevi privātā dzīvoklī."];
const PROSE_LT: &[&str] = &["Maloni ir diskreti mergina laukia tavęs privačiame bute."];
const PROSE_ET: &[&str] = &["Armas ja diskreetne tüdruk ootab sind privaatses korteris."];

/// The same documents with about `bytes` of ordinary ad prose in the document's language (no
/// identifiers, no numbers) around them, labels shifted. The generator packs an entity into every
/// 25 bytes or so; real ads are longer and sparser, which this measures.
pub fn with_prose(docs: &[LabelledDoc], seed: u64, bytes: usize) -> Vec<LabelledDoc> {
    let mut rng = Rng(seed);
    docs.iter()
        .map(|d| {
            let prose = match d.home_region.as_str() {
                "UA" => PROSE_UK,
                "RU" | "BY" => PROSE_RU,
                "MD" | "RO" => PROSE_RO,
                "FR" => PROSE_FR,
                "IT" => PROSE_IT,
                "LV" => PROSE_LV,
                "LT" => PROSE_LT,
                "EE" => PROSE_ET,
                _ => PROSE_EN,
            };
            let mut before = String::new();
            while before.len() < bytes / 2 {
                before.push_str(rng.pick(prose));
                before.push(' ');
            }
            let mut after = String::from(" ");
            while after.len() < bytes / 2 {
                after.push_str(rng.pick(prose));
                after.push(' ');
            }
            let shift = before.len();
            LabelledDoc {
                text: format!("{before}{}{after}", d.text),
                region: d.region,
                home_region: d.home_region,
                lang: d.lang,
                gold: d
                    .gold
                    .iter()
                    .map(|g| GoldEntity {
                        start: g.start + shift,
                        end: g.end + shift,
                        ..g.clone()
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_and_labels_slice_the_text() {
        let a = generate(3, 50);
        let b = generate(3, 50);
        assert_eq!(
            a.iter().map(|d| &d.text).collect::<Vec<_>>(),
            b.iter().map(|d| &d.text).collect::<Vec<_>>()
        );
        for d in a.iter().chain(&with_prose(&a, 1, 600)) {
            for g in &d.gold {
                assert!(d.text.get(g.start..g.end).is_some_and(|s| !s.is_empty()));
            }
        }
        let long = with_prose(&a, 1, 600);
        assert!(
            long.iter()
                .zip(&a)
                .all(|(l, s)| l.text.len() >= s.text.len() + 600)
        );
        assert!(long.iter().zip(&a).all(|(l, s)| {
            l.gold
                .iter()
                .map(|g| &l.text[g.start..g.end])
                .eq(s.gold.iter().map(|g| &s.text[g.start..g.end]))
        }));
    }
}
