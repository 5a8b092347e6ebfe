//! A seeded synthetic benchmark: lexicon terms disguised by one or more transform families and
//! embedded in carrier sentences, with the gold span of the disguised term.
//!
//! The same seed always gives the same cases, so recall per family can be tracked over time.
//!
//! ```
//! use redflag_text::synth::Generator;
//! use redflag_text::{Lexicon, Matcher, Transform};
//! let lexicon = Lexicon::embedded();
//! let matcher = Matcher::new(&lexicon)?;
//! let mut generator = Generator::new(&lexicon, 7);
//! let cases = generator.cases(&[Transform::Styled, Transform::Spacing], 20);
//! let found = cases.iter().filter(|c| c.is_found(&matcher.find_all(&c.text))).count();
//! assert!(found >= 18);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::Lexicon;
use redflag_model::{IndicatorHit, RuleId, Span, Transform};

/// One generated case: a text containing one disguised lexicon term.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Case {
    /// The whole text.
    pub text: String,
    /// The rule whose term was embedded.
    pub rule: RuleId,
    /// The term as written in the lexicon.
    pub term: String,
    /// Where the disguised term is in `text`.
    pub span: Span,
    /// The families applied, in the order they were applied.
    pub families: Vec<Transform>,
    /// The term's language (ISO 639-1) when the lexicon says it ([`crate::Rule::term_lang`]); the
    /// carrier sentence is then in the same language where the generator has one.
    pub lang: Option<String>,
}

impl Case {
    /// Whether `hits` contain the gold hit: the case's rule on exactly the gold span.
    pub fn is_found(&self, hits: &[IndicatorHit]) -> bool {
        hits.iter()
            .any(|h| h.rule == self.rule && h.span == self.span)
    }
}

/// Generates [`Case`]s from a lexicon's whole-word terms with a fixed seed.
#[derive(Clone, Debug)]
pub struct Generator {
    state: u64,
    terms: Vec<Term>,
}

#[derive(Clone, Debug)]
struct Term {
    rule: RuleId,
    text: String,
    lang: Option<String>,
}

/// Carrier sentences by language; `{}` is where the term goes, `{n}` a number.
const CARRIERS: [(&str, &str); 14] = [
    ("en", "Hello gentlemen, {} call me tonight."),
    ("en", "Ad #{n}: {} — details by message"),
    ("en", "{}, ask for details"),
    ("en", "Looking for you! {}. Serious only."),
    ("en", "Hi, {} here, write to me"),
    ("en", "Offer {n}: {}, start next week."),
    ("ru", "Привет, {} пишите в личку"),
    ("uk", "Вітаю, {} пишіть у приват"),
    ("ro", "Bună ziua, {} contactați-ne"),
    ("fr", "Bonjour, {} écrivez-moi"),
    ("it", "Ciao, {} scrivimi"),
    ("lv", "Sveiki! {} rakstiet"),
    ("lt", "Labas, {} rašykite"),
    ("et", "Tere, {} kirjuta"),
];

impl Generator {
    /// A generator over the lexicon's terms (rules without `substring`, terms of two letters or
    /// more), seeded with `seed`.
    pub fn new(lexicon: &Lexicon, seed: u64) -> Generator {
        let mut terms = Vec::new();
        for rule in lexicon.rules() {
            if rule.substring {
                continue;
            }
            for (i, t) in rule.terms.iter().enumerate() {
                if t.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                    terms.push(Term {
                        rule: rule.id.clone(),
                        text: t.clone(),
                        lang: rule.term_lang(i).map(str::to_owned),
                    });
                }
            }
        }
        Generator {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
            terms,
        }
    }

    /// Keeps only the terms in one of `langs` (ISO 639-1 codes); terms whose language the lexicon
    /// does not state are dropped too. With no term left, [`Generator::case`] returns `None`.
    pub fn with_langs(mut self, langs: &[&str]) -> Generator {
        self.terms
            .retain(|t| t.lang.as_deref().is_some_and(|l| langs.contains(&l)));
        self
    }

    /// The languages of the generator's terms, sorted (terms of unstated language not counted).
    pub fn langs(&self) -> Vec<String> {
        let mut langs: Vec<String> = self.terms.iter().filter_map(|t| t.lang.clone()).collect();
        langs.sort();
        langs.dedup();
        langs
    }

    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
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

    /// `n` cases with the families applied (in canonical order); fewer when the lexicon has no term
    /// the families can disguise (styled and compat letters, look-alikes and leet need Latin terms).
    pub fn cases(&mut self, families: &[Transform], n: usize) -> Vec<Case> {
        (0..n).filter_map(|_| self.case(families)).collect()
    }

    /// One case, or `None` when no term fits the families.
    pub fn case(&mut self, families: &[Transform]) -> Option<Case> {
        let mut fams: Vec<Transform> = families.to_vec();
        fams.sort_by_key(|f| order(*f));
        fams.dedup();
        let latin_only = fams.iter().any(|f| {
            matches!(
                f,
                Transform::Compat | Transform::Styled | Transform::Homoglyph | Transform::Leet
            )
        });
        let eligible: Vec<usize> = (0..self.terms.len())
            .filter(|&i| {
                let t = &self.terms[i].text;
                !latin_only || t.chars().all(|c| c.is_ascii_lowercase() || c == ' ')
            })
            .filter(|&i| {
                !fams.contains(&Transform::Leet)
                    || self.terms[i].text.chars().any(|c| leet(c).is_some())
            })
            // Letters written one by one: terms with inner punctuation (d'argent, 100%) are not spaced.
            .filter(|&i| {
                !fams.contains(&Transform::Spacing)
                    || self.terms[i]
                        .text
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == ' ')
            })
            .filter(|&i| {
                !fams.contains(&Transform::Homoglyph)
                    || self.terms[i].text.chars().any(|c| cyrillic(c).is_some())
            })
            .collect();
        if eligible.is_empty() {
            return None;
        }
        let pick = eligible[self.below(eligible.len())];
        let Term {
            rule,
            text: term,
            lang,
        } = self.terms[pick].clone();
        // Units: one per character of the term, each a little string that transforms rewrite.
        let mut words: Vec<Vec<String>> = term
            .split(' ')
            .map(|w| w.chars().map(String::from).collect())
            .collect();
        let mut sep_between_words = " ".to_owned();
        for f in &fams {
            self.apply(*f, &mut words, &mut sep_between_words);
        }
        let disguised = words
            .iter()
            .map(|w| w.concat())
            .collect::<Vec<_>>()
            .join(&sep_between_words);
        // A carrier in the term's language when there is one, else any.
        let same: Vec<&str> = CARRIERS
            .iter()
            .filter(|(l, _)| Some(*l) == lang.as_deref())
            .map(|(_, c)| *c)
            .collect();
        let carrier = if same.is_empty() {
            CARRIERS[self.below(CARRIERS.len())].1
        } else {
            same[self.below(same.len())]
        };
        let carrier = carrier.replace("{n}", &format!("{}", self.below(900) + 100));
        let at = carrier.find("{}").unwrap_or(0);
        let text = format!(
            "{}{}{}",
            &carrier[..at],
            disguised,
            carrier.get(at + 2..).unwrap_or("")
        );
        let span = Span::new(at, at + disguised.len())?;
        Some(Case {
            text,
            rule,
            term,
            span,
            families: fams,
            lang,
        })
    }

    fn apply(&mut self, family: Transform, words: &mut [Vec<String>], between: &mut String) {
        match family {
            Transform::Case => {
                let style = self.below(3);
                for (k, u) in words.iter_mut().flatten().enumerate() {
                    if style == 0 || (style == 1 && k % 2 == 0) || (style == 2 && k == 0) {
                        *u = u.to_uppercase();
                    }
                }
            }
            Transform::Leet => {
                for w in words.iter_mut().filter(|w| w.len() >= 2) {
                    let budget = (w.len().saturating_sub(1)) / 2;
                    let mut done = 0;
                    for k in 0..w.len() {
                        if done >= budget.max(1) {
                            break;
                        }
                        let c = w[k].chars().next().unwrap_or(' ');
                        if let Some(l) = leet(c)
                            && (w.len() >= 3 || done == 0)
                        {
                            w[k] = l.to_string();
                            done += 1;
                        }
                    }
                }
            }
            Transform::Homoglyph => {
                for w in words.iter_mut() {
                    let latin = w.len();
                    let mut replaced = 0;
                    for u in w.iter_mut() {
                        let c = u.chars().next().unwrap_or(' ');
                        if let Some(cy) = cyrillic(c) {
                            // Keep the word mostly Latin so it reads as a Latin word with look-alikes.
                            if (replaced + 1) * 2 < latin {
                                *u = cy.to_string();
                                replaced += 1;
                            }
                        }
                    }
                }
            }
            Transform::Compat => {
                let style = self.below(5);
                for u in words.iter_mut().flatten() {
                    if let Some(c) = u.chars().next().filter(|c| c.is_ascii_alphabetic()) {
                        *u = compat(c, style).to_string();
                    }
                }
            }
            Transform::Styled => {
                let style = self.below(4);
                for u in words.iter_mut().flatten() {
                    if let Some(c) = u.chars().next().filter(|c| c.is_ascii_alphabetic()) {
                        *u = styled(c.to_ascii_lowercase(), style);
                    }
                }
            }
            Transform::Diacritics => {
                const MARKS: [char; 4] = ['\u{0301}', '\u{0336}', '\u{0308}', '\u{0327}'];
                let mark = MARKS[self.below(MARKS.len())];
                for u in words.iter_mut().flatten() {
                    if u.chars().next().is_some_and(char::is_alphabetic) && self.below(2) == 0 {
                        u.push(mark);
                    }
                }
                if let Some(u) = words.first_mut().and_then(|w| w.first_mut())
                    && !u.contains(mark)
                {
                    u.push(mark);
                }
            }
            Transform::Repeat => {
                let wi = self.below(words.len());
                let w = &mut words[wi];
                let candidates: Vec<usize> = (0..w.len())
                    .filter(|&k| w[k].chars().next().is_some_and(char::is_alphabetic))
                    .filter(|&k| k == 0 || w[k - 1] != w[k])
                    .filter(|&k| k + 1 >= w.len() || w[k + 1] != w[k])
                    .collect();
                if candidates.len() >= 2 || (candidates.len() == 1 && w.len() >= 2) {
                    let k = candidates[self.below(candidates.len())];
                    let extra = 2 + self.below(3);
                    for _ in 0..extra {
                        let unit = w[k].clone();
                        w.insert(k, unit);
                    }
                }
            }
            Transform::Spacing => {
                const SEPS: [&str; 5] = [" ", ".", "-", "_", "*"];
                let sep = SEPS[self.below(SEPS.len())];
                for w in words.iter_mut() {
                    if w.len() >= 2 {
                        let n = w.len();
                        for u in w.iter_mut().take(n - 1) {
                            u.push_str(sep);
                        }
                    }
                }
                if sep == " " {
                    *between = "  ".to_owned();
                }
            }
            Transform::Invisible => {
                const INVISIBLE: [&str; 6] = [
                    "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{00AD}", "\u{FEFF}",
                ];
                let inv = INVISIBLE[self.below(INVISIBLE.len())];
                for w in words.iter_mut() {
                    let n = w.len();
                    for u in w.iter_mut().take(n.saturating_sub(1)) {
                        if self.below(2) == 0 {
                            u.push_str(inv);
                        }
                    }
                }
                if let Some(w) = words.iter_mut().find(|w| w.len() >= 2)
                    && !w[0].contains(inv)
                {
                    w[0].push_str(inv);
                }
            }
            _ => {}
        }
    }
}

/// The order families are applied in: letter substitutions first, insertions last.
fn order(f: Transform) -> u8 {
    match f {
        Transform::Case => 0,
        Transform::Leet => 1,
        Transform::Homoglyph => 2,
        Transform::Compat => 3,
        Transform::Styled => 4,
        Transform::Diacritics => 5,
        Transform::Repeat => 6,
        Transform::Spacing => 7,
        Transform::Invisible => 8,
        _ => 9,
    }
}

fn leet(c: char) -> Option<char> {
    Some(match c {
        'o' => '0',
        'e' => '3',
        'a' => '@',
        's' => '$',
        'i' => '1',
        't' => '7',
        _ => return None,
    })
}

fn cyrillic(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        'i' => 'і',
        's' => 'ѕ',
        _ => return None,
    })
}

/// Mathematical bold, bold italic, sans-serif bold, monospace, or fullwidth.
fn compat(c: char, style: usize) -> char {
    let (upper, lower) = match style {
        0 => (0x1D400, 0x1D41A),
        1 => (0x1D468, 0x1D482),
        2 => (0x1D5D4, 0x1D5EE),
        3 => (0x1D670, 0x1D68A),
        _ => (0xFF21, 0xFF41),
    };
    let base = if c.is_ascii_uppercase() {
        upper + (c as u32 - 'A' as u32)
    } else {
        lower + (c as u32 - 'a' as u32)
    };
    char::from_u32(base).unwrap_or(c)
}

/// Negative squared, negative circled, regional indicator, or small capital.
fn styled(c: char, style: usize) -> String {
    let k = c as u32 - 'a' as u32;
    let base = match style {
        0 => 0x1F170,
        1 => 0x1F150,
        2 => 0x1F1E6,
        _ => {
            const SMALL: [&str; 26] = [
                "ᴀ", "ʙ", "ᴄ", "ᴅ", "ᴇ", "ꜰ", "ɢ", "ʜ", "ɪ", "ᴊ", "ᴋ", "ʟ", "ᴍ", "ɴ", "ᴏ", "ᴘ",
                "q", "ʀ", "ꜱ", "ᴛ", "ᴜ", "ᴠ", "ᴡ", "x", "ʏ", "ᴢ",
            ];
            return SMALL
                .get(k as usize)
                .map_or_else(|| c.to_string(), |s| (*s).to_owned());
        }
    };
    char::from_u32(base + k).map_or_else(|| c.to_string(), String::from)
}

/// How the lexicon terms of a [`corpus`] are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Style {
    /// As in the lexicon.
    Plain,
    /// Disguised by two random transform families each, and every filler sentence also written in
    /// styled or compatibility letters, spaced or with zero-width characters now and then.
    Obfuscated,
}

const FILLER: [&str; 16] = [
    "Hi gentlemen, I am available this week in the city centre.",
    "Call or text for more information and prices.",
    "Warehouse work, shifts from Monday to Friday, weekly pay.",
    "Beautiful apartment, clean and quiet, close to the station.",
    "We are looking for reliable staff for a hotel on the coast.",
    "Send a message with your name and age to apply today.",
    "Привет, пишите в личку, отвечу всем.",
    "Lucru în străinătate, salariu bun, program de opt ore.",
    "Darbs ārzemēs, dzīvesvieta tiek nodrošināta.",
    "Offre d'emploi pour la saison d'été, logement possible.",
    "Cercasi personale per ristorante, contratto regolare.",
    "Tööpakkumine välismaal, palk iga nädal.",
    "Ieškome darbuotojų sandėlyje, darbas pamainomis.",
    "Роботу за кордоном пропонуємо, деталі в особистих повідомленнях.",
    "No deposit needed, viewing by appointment only.",
    "Open every day from ten in the morning until late.",
];

/// A seeded corpus of ad-like documents of about `bytes` bytes in total, each a few filler sentences
/// in the lexicon's languages around one or two lexicon terms: the input of the throughput benches.
pub fn corpus(lexicon: &Lexicon, seed: u64, bytes: usize, style: Style) -> Vec<String> {
    let mut g = Generator::new(lexicon, seed);
    let mut docs = Vec::new();
    let mut total = 0;
    while total < bytes && !g.terms.is_empty() {
        let mut doc = String::new();
        let sentences = 2 + g.below(4);
        for k in 0..sentences {
            let filler = FILLER[g.below(FILLER.len())];
            match style {
                Style::Obfuscated if k % 2 == 0 => {
                    let family = [
                        Transform::Compat,
                        Transform::Styled,
                        Transform::Invisible,
                        Transform::Case,
                    ][g.below(4)];
                    doc.push_str(&g.disguise_text(filler, family));
                }
                _ => doc.push_str(filler),
            }
            doc.push(' ');
            if k == 0 || g.below(3) == 0 {
                let term = match style {
                    Style::Plain => {
                        let k = g.below(g.terms.len());
                        g.terms[k].text.clone()
                    }
                    Style::Obfuscated => {
                        let a = Transform::ALL[g.below(Transform::ALL.len())];
                        let b = Transform::ALL[g.below(Transform::ALL.len())];
                        match g.case(&[a, b]) {
                            Some(c) => c.text[c.span.range()].to_owned(),
                            None => continue,
                        }
                    }
                };
                doc.push_str(&term);
                doc.push_str(". ");
            }
        }
        total += doc.len();
        docs.push(doc);
    }
    docs
}

impl Generator {
    /// Writes a whole sentence in one family (letters only; other characters unchanged).
    fn disguise_text(&mut self, text: &str, family: Transform) -> String {
        let style = self.below(4);
        let mut out = String::with_capacity(text.len() * 3);
        for c in text.chars() {
            match family {
                Transform::Compat if c.is_ascii_alphabetic() => out.push(compat(c, style)),
                Transform::Styled if c.is_ascii_alphabetic() => {
                    out.push_str(&styled(c.to_ascii_lowercase(), style))
                }
                Transform::Invisible if c.is_alphabetic() => {
                    out.push(c);
                    if self.below(3) == 0 {
                        out.push('\u{200B}');
                    }
                }
                Transform::Case => out.extend(c.to_uppercase()),
                _ => out.push(c),
            }
        }
        out
    }
}
