//! Prices and rates (amount, currency, unit), and stated ages.

use redflag_model::{RateUnit, Region};
use regex::Regex;
use regex_automata::{Anchored, Input, PatternID, meta, nfa::thompson::WhichCaptures};

/// A price found in text.
#[derive(Clone, Debug)]
pub(crate) struct FoundPrice {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) value: String,
    pub(crate) currency: Option<&'static str>,
    pub(crate) per: Option<RateUnit>,
}

/// An age found in text.
#[derive(Clone, Debug)]
pub(crate) struct FoundAge {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) value: u8,
}

/// Compiled patterns, built once per extractor.
#[derive(Clone, Debug)]
pub(crate) struct MoneyTables {
    /// The price patterns as one alternation (one pass per window); group names carry the
    /// branch number (`amt0`, `amt1`, …).
    prices: Combined,
    salary_after: Regex,
    /// The age patterns, combined the same way.
    ages: Combined,
}

// ASCII digits only (`[0-9]`, not Unicode `\d`): values are made of ASCII digits, and the
// Unicode class would multiply the automaton's size (and every search's cost) for nothing.
const AMOUNT: &str =
    r"(?P<amt>[0-9]{1,3}(?:[,. ][0-9]{3})+|[0-9]{1,6})(?:[.,](?P<cents>[0-9]{1,2}))?";
const CUR_BEFORE: &str = r"(?P<cb>\$|€|£|₴|₽|usd|eur|gbp|uah|mdl|byn|rub|ron|pln|cad|chf)";
const CUR_AFTER: &str = r"(?P<ca>\$|€|£|₴|₽|usd|eur|euros?|gbp|pounds?|quid|uah|грн\.?|гривень|гривен|гривні|mdl|lei|лей|byn|бел\.?\s?руб\.?|rub|руб\.?|рублей|р\.|ron|pln|zł|zl|cad|chf|dollars?|bucks|roses?|🌹|donation)";
const UNIT: &str = r"(?P<unit>half\s?an?\s?hour|half\s?hour|half\s?hr|1/2\s?hr?|hh|30\s?min(?:s|utes)?|qv|qk|quickie|quick\s?visit|15\s?min(?:s|utes)?|20\s?min(?:s|utes)?|45\s?min(?:s|utes)?|90\s?min(?:s|utes)?|1[.,]5\s?h(?:ours?|rs?)?|2\s?hours|2\s?hrs?|two\s?hours|1\s?hour|1\s?hr|one\s?hour|an?\s?hour|hours?|hrs?|h|60\s?min(?:s|utes)?|overnight|over\s?night|all\s?night|night|ovn|nite|24\s?h(?:ou)?rs?|full\s?day|day|час|часа|годину|година|ночь|ніч|ora|oră|heure|nuit|notte|stundā|stunda|val\.?|tund)";
const PER: &str =
    r"(?:\s?/\s?|\s?(?:per|a|an|for|for\s?an?|for\s?1|each|за|pe|par|all'|l'|/\s?1)\s?|\s?-\s?|\s)";

/// The currency of a region, for the regions whose currency the price patterns know.
pub(crate) fn region_currency(region: Region) -> Option<&'static str> {
    Some(match region.as_str() {
        "US" => "USD",
        "GB" => "GBP",
        "UA" => "UAH",
        "MD" => "MDL",
        "RO" => "RON",
        "BY" => "BYN",
        "RU" => "RUB",
        "PL" => "PLN",
        "CA" => "CAD",
        "CH" => "CHF",
        // The euro area (2026).
        "AT" | "BE" | "CY" | "DE" | "EE" | "ES" | "FI" | "FR" | "GR" | "HR" | "IE" | "IT"
        | "LT" | "LU" | "LV" | "MT" | "NL" | "PT" | "SI" | "SK" => "EUR",
        _ => return None,
    })
}

/// Fills in the currency of prices written without one (`150 roses`, `150 🌹`, `donation 200`,
/// `hh 120`) from the document, by [`implied_currency`].
pub(crate) fn fill_currency(prices: &mut [FoundPrice], region: Option<Region>) {
    if prices.iter().all(|p| p.currency.is_some()) {
        return;
    }
    let written: Vec<&'static str> = prices.iter().filter_map(|p| p.currency).collect();
    let chosen = implied_currency(written, region);
    for p in prices.iter_mut().filter(|p| p.currency.is_none()) {
        p.currency = chosen;
    }
}

/// The currency of a price written without one, given the currencies the ad's other prices state
/// (`written`, any order, repeats allowed): the one they state; else, when they state none, the
/// currency of `region`; when they state several, the region's only if it is one of them.
/// Otherwise unknown (`None`). The corpus generator labels its gold by this rule too.
pub(crate) fn implied_currency(mut written: Vec<&str>, region: Option<Region>) -> Option<&str> {
    written.sort_unstable();
    written.dedup();
    let of_region = region.and_then(region_currency);
    match written.as_slice() {
        [one] => Some(*one),
        [] => of_region,
        several => of_region.filter(|c| several.contains(c)),
    }
}

/// Maps a matched unit to the model's unit.
fn rate_unit(u: &str) -> Option<RateUnit> {
    let u = u.to_lowercase();
    let u: String = u.chars().filter(|c| !c.is_whitespace()).collect();
    Some(match u.as_str() {
        "hh" | "halfhour" | "halfanhour" | "halfahour" | "halfhr" | "1/2hr" | "1/2h" | "30min"
        | "30mins" | "30minutes" => RateUnit::HalfHour,
        "qv" | "qk" | "quickie" | "quickvisit" => RateUnit::QuickVisit,
        "15min" | "15mins" | "15minutes" => RateUnit::QuarterHour,
        "20min" | "20mins" | "20minutes" => RateUnit::TwentyMinutes,
        "45min" | "45mins" | "45minutes" => RateUnit::FortyFiveMinutes,
        "90min" | "90mins" | "90minutes" | "1.5h" | "1.5hr" | "1.5hrs" | "1.5hour" | "1.5hours"
        | "1,5h" | "1,5hr" | "1,5hrs" | "1,5hour" | "1,5hours" => RateUnit::NinetyMinutes,
        "2hours" | "2hr" | "2hrs" | "twohours" => RateUnit::TwoHours,
        "overnight" | "night" | "ovn" | "nite" | "allnight" | "ночь" | "ніч" | "nuit" | "notte" => {
            RateUnit::Night
        }
        "24h" | "24hr" | "24hrs" | "24hours" | "fullday" | "day" => RateUnit::Day,
        _ => RateUnit::Hour,
    })
}

fn currency_code(c: &str, lei_region_md: bool) -> Option<&'static str> {
    let c = c.to_lowercase();
    Some(match c.trim_end_matches('.') {
        "$" | "usd" | "dollar" | "dollars" | "bucks" => "USD",
        "€" | "eur" | "euro" | "euros" => "EUR",
        "£" | "gbp" | "pound" | "pounds" | "quid" => "GBP",
        "₴" | "uah" | "грн" | "гривень" | "гривен" | "гривні" => "UAH",
        "₽" | "rub" | "руб" | "рублей" | "р" => "RUB",
        "mdl" => "MDL",
        "lei" | "лей" => {
            if lei_region_md {
                "MDL"
            } else {
                "RON"
            }
        }
        "ron" => "RON",
        "pln" | "zł" | "zl" => "PLN",
        "cad" => "CAD",
        "chf" => "CHF",
        s if s.starts_with("byn") || s.starts_with("бел") => "BYN",
        _ => return None,
    })
}

impl MoneyTables {
    pub(crate) fn new() -> Result<MoneyTables, regex::Error> {
        // ASCII boundaries in the pattern (a Unicode `[^\p{L}\p{N}]` is a large automaton that
        // every match pays for when its groups are read); a non-ASCII letter or digit next to a
        // match is rejected in code ([`word_boundary_around`]).
        let b = r"(?:^|[^a-zA-Z0-9])";
        let e = r"(?:$|[^a-zA-Z0-9])";
        let price_patterns = [
            // $150, € 200/hr, usd 100 per hour
            format!(r"(?P<m>{CUR_BEFORE}\s?{AMOUNT}(?:{PER}{UNIT})?)"),
            // 150$, 200 eur/h, 150 roses, 1500 грн за час
            format!(r"(?P<m>{AMOUNT}\s?{CUR_AFTER}(?:{PER}{UNIT})?)"),
            // hh 120, 1hr: $200, 30min - 100€, qv 80
            format!(r"(?P<m>{UNIT}\s?[:=\-–]?\s?(?:{CUR_BEFORE}\s?)?{AMOUNT}(?:\s?{CUR_AFTER})?)"),
            // 120/hr, 200 per hour (no currency)
            format!(r"(?P<m>{AMOUNT}\s?(?:/|per)\s?{UNIT})"),
            // 150 hh, 250 hr (a bare amount before an unambiguous rate word)
            r"(?P<m>(?P<amt>[0-9]{2,5}) ?(?P<unit>hh|hhr|half ?hour|hr|hrs|hour|qv|qk|ovn|overnight))"
                .to_string(),
            // donation 200, donations: $300
            format!(
                r"(?P<m>(?:donations?|gifts?|пожертвование|подарок)\s?[:=\-]?\s?(?:of\s)?(?:{CUR_BEFORE}\s?)?{AMOUNT}(?:\s?{CUR_AFTER})?)"
            ),
        ];
        // One boundary before and after the alternation, not one per branch: the same leftmost-first
        // result, with an automaton a fraction of the size (each `[^\p{L}\p{N}]` is large).
        let prices = combine(
            &price_patterns,
            &["m", "amt", "cents", "cb", "ca", "unit"],
            (b, e),
        )?;
        let salary_after = Regex::new(
            r"(?i)^\s?(?:/|per|a|an|each|в|на|pe|par|al|la|за)?\s?(?:month|mo|mon|week|wk|year|yr|annum|monthly|weekly|yearly|месяц|мес|неделю|год|місяць|міс|тиждень|рік|lună|luna|lunar|săptămână|an|mois|semaine|mese|settimana|anno|mēnesī|mėn|kuus|shift|смену|зміну)(?:$|[^\p{L}\p{N}])",
        )?;
        // The end of a stated age: not followed by more digits or letters, a range or plus sign,
        // a time, a fraction or a currency.
        let age_end = r"(?:$|(?-i:[^\p{L}\p{N}\x{345}\-–+'’:/$€£.,])|[.,](?:\s|$))";
        let age_patterns = [
            // 19 yrs, 21yo, 23 y/o, 23-year-old, 19 лет, 19 років, 19 ani
            r"(?:^|(?-i:[^\p{L}\p{N}\x{345}\-–+/.,]))(?P<v>[0-9]{2})[\s\-]?(?P<u>yrs?\.?(?:\s?old)?|y/o|y\.o\.?|yo|years?[\s\-]?old|year-old|years?|anni|ans|ani|лет|год(?:а|ик)?|рок(?:ів|и)|рочків|gadi|gadu|gadus|metai|metų|aastane|aastat)(?:$|(?-i:[^\p{L}\p{N}\x{345}]))".to_string(),
            // age: 19, aged 19, возраст 19
            r"(?:^|(?-i:[^\p{L}\p{N}\x{345}]))(?:age|aged|âge|età|eta|vârsta|varsta|vârstă|возраст|вік|vecums|amžius|vanus)\s?[:\-=]?\s?(?P<v>[0-9]{2})(?:$|(?-i:[^\p{L}\p{N}\x{345}\-–+]))".to_string(),
            // I'm 20, мне 19, am 19
            r"(?:^|(?-i:[^\p{L}\p{N}\x{345}]))(?:i'?m|i’m|i\s?am|мне|мені|am|sunt|ho|j'ai|esmu|man\s?ir|olen)\s(?P<v>[0-9]{2})(?:$|(?-i:[^\p{L}\p{N}\x{345}\-–+'’:/$€£]))".to_string(),
            // I'm Kira, 23 / Я Кира, 23 / Sunt Ana, 23 / Je suis Léa, 23 (name, comma, age)
            format!(
                r"(?:^|(?-i:[^\p{{L}}\p{{N}}\x{{345}}]))(?:i'?m|i’m|i\s?am|my\s?name\s?is|call\s?me|я|меня\s?зовут|мене\s?звати|mă\s?numesc|ma\s?numesc|sunt|je\s?suis|je\s?m'appelle|sono|mi\s?chiamo|esmu|mani\s?sauc|aš|mano\s?vardas|olen|minu\s?nimi\s?on)\s(?P<n>(?-i:[\p{{L}}\x{{345}}][\p{{L}}\x{{345}}'’\-]{{1,20}})),\s?(?P<v>[0-9]{{2}}){age_end}"
            ),
            // Kira, 23 at the start of a line or sentence (a capitalised name, comma, age, then
            // the end of the phrase: "Monday, 23 March" is not an age)
            r"(?:^|\n\s*|(?-i:[^\p{L}\p{N}\x{345}\s,])\s*)(?-i:\p{Lu}\p{Ll}{1,15}),\s?(?P<v>[0-9]{2})(?:$|\s*\n|\s*(?-i:[^\p{L}\p{N}\x{345}\s\-–+/:'’$€£.,])|[.,](?:\s|$))".to_string(),
        ];
        let ages = combine(&age_patterns, &["v", "u"], ("", ""))?;
        Ok(MoneyTables {
            prices,
            salary_after,
            ages,
        })
    }

    pub(crate) fn prices(
        &self,
        text: &str,
        windows: &[(usize, usize)],
        lei_region_md: bool,
    ) -> Vec<FoundPrice> {
        let mut out: Vec<FoundPrice> = Vec::new();
        for &(ws, we) in windows {
            self.prices_in(text, ws, we, lei_region_md, &mut out);
        }
        out.sort_by_key(|p| p.start);
        out
    }

    /// Runs one price pattern over `text[ws..we]` (with `text` as context for the checks).
    fn prices_in(
        &self,
        text: &str,
        ws: usize,
        we: usize,
        lei_region_md: bool,
        out: &mut Vec<FoundPrice>,
    ) {
        let hay = &text[..we];
        {
            let mut at = ws;
            while at < we {
                let Some(whole) = self.prices.find_at(hay, at) else {
                    break;
                };
                let groups = match quick_price(text, hay.len(), whole) {
                    Some(groups) => groups,
                    None => match self.prices.read(hay, at, whole) {
                        Some(hit) => hit.groups,
                        None => break,
                    },
                };
                let group = |g: usize| groups[g];
                let Some((m_start, m_end)) = group(0) else {
                    break;
                };
                if !word_boundary_around(text, m_start, m_end) {
                    // Glued to a non-ASCII letter or digit: look again from the next character.
                    at = ceil_char_boundary(text, m_start + 1).max(at + 1);
                    continue;
                }
                // The trailing boundary is consumed by the match; resume right after the price.
                at = m_end.max(at + 1);
                while at < text.len() && !text.is_char_boundary(at) {
                    at += 1;
                }
                let Some(amt) = group(1) else {
                    continue;
                };
                let s_of = |(a, b): (usize, usize)| &text[a..b];
                let cur = group(3).or(group(4)).map(s_of);
                let unit = group(5).and_then(|u| rate_unit(s_of(u)));
                if cur.is_none()
                    && unit.is_none()
                    && !text[m_start..m_end].to_lowercase().contains("donat")
                {
                    continue;
                }
                // Salaries are not prices.
                let after_end = ceil_char_boundary(text, m_end + 48);
                if self.salary_after.is_match(&text[m_end..after_end]) && unit.is_none() {
                    continue;
                }
                let before_start = floor_char_boundary(text, m_start.saturating_sub(40));
                if unit.is_none() && salary_words_before(&text[before_start..m_start]) {
                    continue;
                }
                let mut value: String = s_of(amt).chars().filter(char::is_ascii_digit).collect();
                if value.len() > 7 {
                    continue;
                }
                if let Some(c) = group(2).map(s_of)
                    && c != "00"
                    && c != "0"
                {
                    value = format!("{value}.{c}");
                }
                let value = value.trim_start_matches('0').to_string();
                if value.is_empty() || value.starts_with('.') {
                    continue;
                }
                let currency = cur.and_then(|c| currency_code(c, lei_region_md));
                let (start, end) = (m_start, m_end);
                if out.iter().any(|p| p.start < end && start < p.end) {
                    // An earlier pattern (with a currency) already covers it; keep the wider one.
                    if let Some(p) = out.iter_mut().find(|p| p.start < end && start < p.end)
                        && end - start > p.end - p.start
                        && p.start >= start
                        && p.end <= end
                    {
                        *p = FoundPrice {
                            start,
                            end,
                            value,
                            currency: currency.or(p.currency),
                            per: unit.or(p.per),
                        };
                    }
                    continue;
                }
                out.push(FoundPrice {
                    start,
                    end,
                    value,
                    currency,
                    per: unit,
                });
            }
        }
    }

    pub(crate) fn ages(&self, text: &str, windows: &[(usize, usize)]) -> Vec<FoundAge> {
        let mut out: Vec<FoundAge> = Vec::new();
        for &(ws, we) in windows {
            let hay = &text[..we];
            let mut at = ws;
            while at < we {
                let Some(whole) = self.ages.find_at(hay, at) else {
                    break;
                };
                let (i, groups) = match quick_age(hay, whole) {
                    Some(read) => read,
                    None => match self.ages.read(hay, at, whole) {
                        Some(hit) => (hit.branch, hit.groups),
                        None => break,
                    },
                };
                at = ceil_char_boundary(text, whole.1.max(at + 1));
                let Some(v) = groups[0] else {
                    continue;
                };
                let Ok(value) = text[v.0..v.1].parse::<u8>() else {
                    continue;
                };
                if !(12..=99).contains(&value) {
                    continue;
                }
                let end = match groups[1] {
                    Some(u) => {
                        let unit = text[u.0..u.1].to_lowercase();
                        // "5 years experience", "3 years ago" are not ages.
                        if unit.starts_with("year") && !unit.contains("old") {
                            let after = text[u.1..ceil_char_boundary(text, u.1 + 24)]
                                .trim_start()
                                .to_lowercase();
                            let ok = after.is_empty()
                                || after.starts_with([',', '.', '!', ')', ';', '\n'])
                                || ["and", "young", "y.o", "girl", "woman", "lady", "old"]
                                    .iter()
                                    .any(|w| after.starts_with(w));
                            if !ok {
                                continue;
                            }
                        }
                        u.1
                    }
                    None => {
                        let next = text[v.1..ceil_char_boundary(text, v.1 + 24)]
                            .trim_start()
                            .to_lowercase();
                        let word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
                        if [
                            "min", "mins", "minutes", "km", "miles", "mi", "hours", "hrs", "h",
                            "am", "pm", "cm", "kg", "lbs", "kms", "minute", "мин", "хв", "км",
                        ]
                        .contains(&word.as_str())
                        {
                            continue;
                        }
                        v.1
                    }
                };
                // The number alone for a unit ("19 yrs" keeps its unit) and for a name before it
                // ("I'm Kira, 23": the name is not part of the age); the keyword with it otherwise.
                let start = if i == 0 || i >= 3 {
                    v.0
                } else {
                    keyword_start(&text[whole.0..whole.1], whole.0, v.0)
                };
                // A range ("18-25", "18 to 25") or "18+" is not a person's age. Only a few bytes
                // around the number are looked at (never a copy of the rest of the text).
                let after = &text[v.1..ceil_char_boundary(text, v.1 + 16)];
                let after_t = after.trim_start();
                let dash_number = after_t
                    .strip_prefix(['-', '–'])
                    .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()));
                if dash_number
                    || after_t.starts_with('+')
                    || after_t
                        .get(..3)
                        .is_some_and(|w| w.eq_ignore_ascii_case("to "))
                    || after_t.starts_with("до ")
                {
                    continue;
                }
                let before =
                    text[floor_char_boundary(text, v.0.saturating_sub(16))..v.0].trim_end();
                if before.ends_with(['-', '–'])
                    || before
                        .len()
                        .checked_sub(3)
                        .and_then(|k| before.get(k..))
                        .is_some_and(|w| w.eq_ignore_ascii_case(" to"))
                    || before.ends_with(" до")
                {
                    continue;
                }
                if out.iter().any(|a| a.start < end && start < a.end) {
                    continue;
                }
                out.push(FoundAge { start, end, value });
            }
        }
        out.sort_by_key(|a| a.start);
        out
    }
}

/// Whether the characters just before `start` and just after `end` are not letters or digits.
fn word_boundary_around(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The start of the keyword inside a match whose first character may be a consumed boundary.
fn keyword_start(whole: &str, whole_start: usize, value_start: usize) -> usize {
    let lead = whole
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(0, |(i, _)| i);
    (whole_start + lead).min(value_start)
}

/// Words that make the amount after them a wage, not a price.
const SALARY_WORDS: &[&str] = &[
    "salary",
    "salaries",
    "wage",
    "wages",
    "pay",
    "paid",
    "earn",
    "earning",
    "earnings",
    "income",
    "зарплата",
    "зарплату",
    "зп",
    "заработок",
    "заробіток",
    "оплата",
    "salariu",
    "salariul",
    "câștig",
    "castig",
    "salaire",
    "stipendio",
    "alga",
    "atlyginimas",
    "palk",
];

/// Whether one of the last three words of `before` is a salary word ("salary from 1500").
fn salary_words_before(before: &str) -> bool {
    before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| {
            // The list is lower case: an ASCII word matches ignoring ASCII case; any other word
            // is lower-cased once (not once per list entry).
            if w.is_ascii() {
                SALARY_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w))
            } else {
                let lower = w.to_lowercase();
                SALARY_WORDS
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(w) || lower == *s)
            }
        })
}

/// Several patterns searched as one case-insensitive alternation (one lazy-DFA pass finds each
/// match), with each pattern also compiled alone, with the same boundaries, to read the groups of
/// a match. Reading groups runs the bounded backtracker over the match, which first clears a
/// visited set of NFA states × match length bits: for the whole alternation that `memset` was
/// most of the cost of a price or an age, for the one branch that matched it is a fraction.
///
/// Only the search gate is compiled when the tables are built, without capture groups (it only
/// finds spans). The branches, and the whole alternation with groups (read only for a match at
/// byte 0 of a pattern with a `^` boundary, or if no branch reads a match), are compiled on first
/// use and shared by clones: most of the build cost was in branches few documents reach.
#[derive(Clone, Debug)]
struct Combined {
    /// The whole alternation without capture groups: finds match spans.
    gate: meta::Regex,
    /// What is compiled on first use, shared by clones.
    lazy: std::sync::Arc<LazyParts>,
    /// Whether a match at byte 0 must be read from the whole alternation: with a `^` alternative
    /// in `before`, the alternation prefers `^` with any branch over a consumed first character
    /// with an earlier branch, an order that trying the branches one by one would not follow.
    start_needs_whole: bool,
}

/// The parts of a [`Combined`] compiled on first use.
#[derive(Debug)]
struct LazyParts {
    /// The group names to read, by position.
    groups: Vec<String>,
    /// Branch `k` alone (`before`, the branch, `after`), searched anchored at a match's start.
    branches: Vec<LazyBranch>,
    /// The whole alternation with groups; group names carry the branch number (`amt0`, …).
    whole_pattern: String,
    /// `whole_pattern` compiled (`None` if it does not compile, checked by the tests).
    whole: std::sync::OnceLock<Option<Regex>>,
    /// `names[k][g]`: the name of group `g` in branch `k` of the whole alternation.
    names: Vec<Vec<String>>,
}

/// One branch of a [`Combined`], compiled on first use.
#[derive(Debug)]
struct LazyBranch {
    /// The branch's pattern with its boundaries.
    pattern: String,
    /// The compiled branch and, for each group to read, its index in the branch (`None` if the
    /// pattern does not compile or has too many groups: both checked by the tests).
    compiled: std::sync::OnceLock<Option<(meta::Regex, Vec<Option<usize>>)>>,
}

/// The most groups a [`Combined`] reads per branch.
const MAX_GROUPS: usize = 6;

/// The groups of one match, by position in the `groups` list the patterns were combined with,
/// as byte spans of the haystack.
type Groups = [Option<(usize, usize)>; MAX_GROUPS];

/// The most capture slots of one branch (two per group, the whole match and unnamed groups
/// included); checked when a branch is compiled.
const MAX_SLOTS: usize = 64;

/// One match of a [`Combined`]: the branch and the groups (by position in the
/// `groups` list the patterns were combined with), as byte spans of the haystack.
struct Hit {
    branch: usize,
    groups: Groups,
}

impl LazyBranch {
    /// The branch compiled, with the slots of the groups to read (compiled on first call).
    fn get(&self, groups: &[String]) -> Option<&(meta::Regex, Vec<Option<usize>>)> {
        self.compiled
            .get_or_init(|| {
                let branch = meta::Regex::new(&self.pattern).ok()?;
                if branch.group_info().slot_len() > MAX_SLOTS {
                    return None;
                }
                let slots = groups
                    .iter()
                    .map(|g| branch.group_info().to_index(PatternID::ZERO, g))
                    .collect();
                Some((branch, slots))
            })
            .as_ref()
    }
}

impl Combined {
    /// The span of the first match that starts at or after `at` (lazy DFA only, no groups).
    fn find_at(&self, hay: &str, at: usize) -> Option<(usize, usize)> {
        self.gate
            .search(&Input::new(hay).span(at..hay.len()))
            .map(|m| (m.start(), m.end()))
    }

    /// The groups of `whole`, the match [`Combined::find_at`] found searching from `at`.
    fn read(&self, hay: &str, at: usize, whole: (usize, usize)) -> Option<Hit> {
        let (s, e) = whole;
        let lazy = &*self.lazy;
        if !(self.start_needs_whole && s == 0) {
            // Only `s..e` is searched (look-arounds still see the whole haystack): a branch
            // before the one that matched does not match at `s` with any end, and the one that
            // matched ends at `e`, so nothing beyond `e` can change which branch it is.
            let input = Input::new(hay).range(s..e).anchored(Anchored::Yes);
            // Capture slots on the stack: two per group (a branch has at most MAX_SLOTS / 2).
            let mut slots = [None; MAX_SLOTS];
            // Leftmost-first: the match is the first branch that matches at `s`.
            for (k, lazy_branch) in lazy.branches.iter().enumerate() {
                let Some((branch, group_slots)) = lazy_branch.get(&lazy.groups) else {
                    break; // never expected (tested); the whole alternation decides below
                };
                let slots = &mut slots[..branch.group_info().slot_len()];
                if branch.search_slots(&input, slots).is_none() {
                    continue;
                }
                if slots[1].map(|end| end.get()) != Some(e) {
                    break; // never expected; the whole alternation decides below
                }
                let mut groups = [None; MAX_GROUPS];
                for (g, slot) in groups.iter_mut().zip(group_slots) {
                    *g = slot.and_then(|i| match (slots[2 * i], slots[2 * i + 1]) {
                        (Some(a), Some(b)) => Some((a.get(), b.get())),
                        _ => None,
                    });
                }
                return Some(Hit { branch: k, groups });
            }
        }
        let re = lazy
            .whole
            .get_or_init(|| Regex::new(&lazy.whole_pattern).ok())
            .as_ref()?;
        let caps = re.captures_at(hay, at)?;
        let k = lazy.names.iter().position(|n| caps.name(&n[0]).is_some())?;
        let mut groups = [None; MAX_GROUPS];
        for (g, name) in groups.iter_mut().zip(&lazy.names[k]) {
            *g = caps.name(name).map(|m| (m.start(), m.end()));
        }
        Some(Hit { branch: k, groups })
    }

    /// Compiles every lazily compiled part; whether all compile within [`MAX_SLOTS`].
    #[cfg(test)]
    fn compile_all(&self) -> bool {
        let lazy = &*self.lazy;
        lazy.branches.iter().all(|b| b.get(&lazy.groups).is_some())
            && lazy
                .whole
                .get_or_init(|| Regex::new(&lazy.whole_pattern).ok())
                .is_some()
    }
}

fn combine(
    patterns: &[String],
    groups: &[&str],
    (before, after): (&str, &str),
) -> Result<Combined, regex::Error> {
    debug_assert!(groups.len() <= MAX_GROUPS);
    let mut names = Vec::new();
    let mut alternation = Vec::new();
    let mut branches = Vec::new();
    for (k, p) in patterns.iter().enumerate() {
        branches.push(LazyBranch {
            pattern: format!("(?i){before}(?:{p}){after}"),
            compiled: std::sync::OnceLock::new(),
        });
        let mut p = p.clone();
        let mut n = Vec::new();
        for g in groups {
            p = p.replace(&format!("(?P<{g}>"), &format!("(?P<{g}{k}>"));
            n.push(format!("{g}{k}"));
        }
        names.push(n);
        alternation.push(format!("(?:{p})"));
    }
    let whole_pattern = format!("(?i){before}(?:{}){after}", alternation.join("|"));
    let gate = meta::Regex::builder()
        .configure(meta::Regex::config().which_captures(WhichCaptures::Implicit))
        .build(&whole_pattern)
        .map_err(|e| regex::Error::Syntax(e.to_string()))?;
    Ok(Combined {
        gate,
        lazy: std::sync::Arc::new(LazyParts {
            groups: groups.iter().map(|g| g.to_string()).collect(),
            branches,
            whole_pattern,
            whole: std::sync::OnceLock::new(),
            names,
        }),
        start_needs_whole: before.contains('^'),
    })
}

/// Currency words after an amount that the quick price reader accepts: each a whole `CUR_AFTER`
/// alternative, none a currency word followed by the start of a `PER` word (so a word is never
/// split between the currency and the rate).
const QUICK_CUR_AFTER: &[&str] = &[
    "usd",
    "eur",
    "euro",
    "euros",
    "gbp",
    "pound",
    "pounds",
    "quid",
    "uah",
    "грн",
    "гривень",
    "гривен",
    "гривні",
    "mdl",
    "lei",
    "лей",
    "byn",
    "rub",
    "руб",
    "рублей",
    "ron",
    "pln",
    "zł",
    "zl",
    "cad",
    "chf",
    "dollar",
    "dollars",
    "bucks",
    "rose",
    "roses",
];

/// Currency words before an amount (`CUR_BEFORE`'s words).
const QUICK_CUR_BEFORE: &[&str] = &[
    "usd", "eur", "gbp", "uah", "mdl", "byn", "rub", "ron", "pln", "cad", "chf",
];

/// Currency symbols of both `CUR_BEFORE` and `CUR_AFTER`.
const QUICK_CUR_SYMBOLS: &[char] = &['$', '€', '£', '₴', '₽'];

/// Units the quick reader accepts, written without spaces: whole `UNIT` alternatives of one word,
/// or a number and a word, none starting with a `PER` word, a currency word or a digit that
/// another split could take.
const QUICK_UNITS: &[&str] = &[
    "hh",
    "qv",
    "qk",
    "quickie",
    "hour",
    "hours",
    "hr",
    "hrs",
    "h",
    "overnight",
    "night",
    "ovn",
    "nite",
    "day",
    "час",
    "часа",
    "годину",
    "година",
    "ночь",
    "ніч",
    "ora",
    "oră",
    "heure",
    "nuit",
    "notte",
    "stundā",
    "stunda",
    "val",
    "val.",
    "tund",
];

/// The `PER` separators the quick reader accepts between a currency and a unit.
const QUICK_PER: &[&str] = &["/", " / ", "/ ", " /", " ", " per ", " all'", "-", " - "];

/// Lower-cases `w` when it is short (every accepted word is), for comparing with the lists.
fn quick_lower(w: &str) -> Option<String> {
    (w.len() <= 24).then(|| w.to_lowercase())
}

/// The length of the run of letters at the start of `s`, in bytes.
fn letters_len(s: &str) -> usize {
    s.char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(i, _)| i)
}

/// The length of the run of ASCII digits at the start of `s`.
fn digits_len(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// A currency at the start of `s` (a symbol or a whole word of `words`, with the optional dot of
/// `грн.` and `руб.`): its length in bytes.
fn quick_currency(s: &str, words: &[&str], dots: bool) -> Option<usize> {
    let c = s.chars().next()?;
    if QUICK_CUR_SYMBOLS.contains(&c) || (dots && c == '🌹') {
        return Some(c.len_utf8());
    }
    let n = letters_len(s);
    let w = quick_lower(&s[..n])?;
    if !words.contains(&w.as_str()) {
        return None;
    }
    if dots && (w == "грн" || w == "руб") && s[n..].starts_with('.') {
        return Some(n + 1);
    }
    Some(n)
}

/// A plain amount at the start of `s` (1 to 6 digits, no thousands separator, no cents): its
/// length. Anything that could be read another way (`1.500`, `1 500`, `15,50`) is `None`.
fn quick_amount(s: &str) -> Option<usize> {
    let n = digits_len(s);
    if n == 0 || n > 6 {
        return None;
    }
    let mut rest = s[n..].bytes();
    match (rest.next(), rest.next()) {
        (Some(b'.' | b',' | b' '), Some(d)) if d.is_ascii_digit() => None,
        _ => Some(n),
    }
}

/// Whether `s` is a whole rate tail, a `PER` separator and a unit by the lists above: the
/// separator's length.
fn quick_tail(s: &str) -> Option<usize> {
    QUICK_PER
        .iter()
        .find(|p| {
            s.strip_prefix(**p)
                .and_then(quick_lower)
                .is_some_and(|u| QUICK_UNITS.contains(&u.as_str()))
        })
        .map(|p| p.len())
}

/// The groups of a price match `whole` (as [`Combined::read`] reports them: `m`, `amt`,
/// `cents`, `cb`, `ca`, `unit`) read from the matched bytes by hand, for the common shapes
/// (`150 eur/h`, `150€ all'ora`, `nuit 150€`, `hh 120`, `overnight $200`); `None` for anything
/// else, which the regex then reads. Only shapes that the pattern can split one way are
/// answered: the currency, amount and unit are each a whole word of the lists above.
fn quick_price(text: &str, hay_len: usize, whole: (usize, usize)) -> Option<Groups> {
    let (s, e) = whole;
    // At byte 0 the match may start with `^`, at the haystack's end it may end with `$`: the
    // boundary characters are only certain elsewhere (and read here only when ASCII).
    if s == 0 || e >= hay_len {
        return None;
    }
    let bytes = text.as_bytes();
    if !bytes[s].is_ascii() || !bytes[e - 1].is_ascii() {
        return None;
    }
    let (ms, me) = (s + 1, e - 1);
    let m = text.get(ms..me)?;
    let mut groups = [None; MAX_GROUPS];
    groups[0] = Some((ms, me));
    if m.starts_with(|c: char| c.is_ascii_digit()) {
        // Branch 1: amount, optional space, currency after, optional rate.
        let a = quick_amount(m)?;
        let sp = usize::from(m[a..].starts_with(' '));
        let c = quick_currency(&m[a + sp..], QUICK_CUR_AFTER, true)?;
        let tail = &m[a + sp + c..];
        if !tail.is_empty() {
            let u = quick_tail(tail)?;
            groups[5] = Some((ms + a + sp + c + u, me));
        }
        groups[1] = Some((ms, ms + a));
        groups[4] = Some((ms + a + sp, ms + a + sp + c));
        return Some(groups);
    }
    // Branch 2: a unit word, separator, optional currency before, amount, optional currency
    // after. The first word is not a currency before an amount (branch 0 would take it).
    let n = letters_len(m);
    let w = quick_lower(&m[..n])?;
    if n == 0 || !QUICK_UNITS.contains(&w.as_str()) || QUICK_CUR_BEFORE.contains(&w.as_str()) {
        return None;
    }
    let mut i = n;
    i += usize::from(m[i..].starts_with(' '));
    if m[i..].starts_with(['-', ':', '=']) {
        i += 1;
        i += usize::from(m[i..].starts_with(' '));
    }
    groups[5] = Some((ms, ms + n));
    if let Some(c) = quick_currency(&m[i..], QUICK_CUR_BEFORE, false) {
        groups[3] = Some((ms + i, ms + i + c));
        i += c;
        i += usize::from(m[i..].starts_with(' '));
    }
    let a = quick_amount(&m[i..])?;
    groups[1] = Some((ms + i, ms + i + a));
    i += a;
    if i < m.len() {
        let sp = usize::from(m[i..].starts_with(' '));
        let c = quick_currency(&m[i + sp..], QUICK_CUR_AFTER, true)?;
        if i + sp + c != m.len() {
            return None;
        }
        groups[4] = Some((ms + i + sp, ms + i + sp + c));
    }
    Some(groups)
}

/// Whether `c` is certainly a letter (`\p{L}`) by a range check: ASCII, Latin-1 and Cyrillic
/// letters. `false` says nothing about other characters.
fn plain_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xC0..=0xFF => !matches!(c, '×' | '÷'),
        0x400..=0x481 | 0x48A..=0x4FF => true,
        _ => false,
    }
}

/// The branch and groups (`v`, `u`) of an age match `whole` read from the matched bytes by
/// hand, as [`Combined::read`] would report them except that branches 1 and 2 (a keyword before
/// the number) are both reported as 1 and branches 3 and 4 (a name and a comma before it) as 3:
/// [`MoneyTables::ages`] treats each pair alike. `None` when unsure; the regex then reads it.
///
/// Why the bytes decide it: no branch has an ASCII digit before the age (keywords, names and
/// boundaries have none), so the age is the match's first two digits; only branch 0 has letters
/// after them (its unit; the others end with a boundary of no letters); branches 3 and 4 put a
/// comma and at most one space before the age, which the keywords of 1 and 2 never do.
fn quick_age(hay: &str, (s, e): (usize, usize)) -> Option<(usize, Groups)> {
    let bytes = hay.as_bytes();
    let p = s + bytes.get(s..e)?.iter().position(u8::is_ascii_digit)?;
    if p + 2 > e || !bytes[p + 1].is_ascii_digit() {
        return None;
    }
    let mut groups = [None; MAX_GROUPS];
    groups[0] = Some((p, p + 2));
    let tail = hay.get(p + 2..e)?;
    let mut letters = false;
    for c in tail.chars() {
        if plain_letter(c) {
            letters = true;
            break;
        }
        if c.is_alphabetic() {
            return None; // maybe a letter, maybe not: let the regex decide
        }
    }
    if letters {
        // Branch 0: the number, an optional `[\s\-]`, the unit (it starts with a letter and ends
        // with a letter or `.`), then one boundary character or the end of the haystack.
        let mut cs = tail.chars();
        let first = cs.next()?;
        let u0 = if plain_letter(first) {
            p + 2
        } else if matches!(first, '-' | '\t'..='\r' | ' ') && cs.next().is_some_and(plain_letter) {
            p + 3
        } else {
            return None;
        };
        let last = hay[..e].chars().next_back()?;
        let u1 = if plain_letter(last) {
            if e != hay.len() {
                return None;
            }
            e
        } else if last == '.' || last.is_alphabetic() || last.is_numeric() {
            return None; // `19 yrs.`: the unit's dot or the boundary
        } else {
            e - last.len_utf8()
        };
        if u1 <= u0 {
            return None;
        }
        groups[1] = Some((u0, u1));
        return Some((0, groups));
    }
    // Branches 1 to 4: a comma, maybe one ASCII space, before the number means a name.
    let before = bytes.get(..p)?;
    let branch = match before {
        [.., b','] | [.., b',', b'\t'..=b'\r' | b' '] => 3,
        [.., b] if b.is_ascii() => 1,
        _ => return None,
    };
    Some((branch, groups))
}

/// Byte windows around every run of ASCII digits (32 bytes of context each side, widened to the
/// next whitespace), merged when they overlap. Prices and ages need a digit, so the patterns only
/// run inside these windows: time stays proportional to the text, not to patterns × text.
///
/// Digit runs inside `skip` (spans sorted by start: emails, URLs, crypto addresses and phones,
/// which a price or an age may not overlap) open no window.
pub(crate) fn digit_windows(text: &str, skip: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    // `skip[..k]` all start before the current run; `covered` is the furthest end among them.
    let mut k = 0;
    let mut covered = 0;
    while i < bytes.len() {
        let Some(at) = next_ascii_digit(bytes, i) else {
            break;
        };
        i = at;
        let s = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        while k < skip.len() && skip[k].0 <= s {
            covered = covered.max(skip[k].1);
            k += 1;
        }
        if i <= covered {
            continue;
        }
        let mut ws = floor_char_boundary(text, s.saturating_sub(32));
        let stop = ws.saturating_sub(16);
        while ws > stop && !bytes[ws - 1].is_ascii_whitespace() {
            ws -= 1;
        }
        let ws = floor_char_boundary(text, ws);
        let mut we = ceil_char_boundary(text, i + 32);
        let stop = (we + 16).min(bytes.len());
        while we < stop && !bytes[we].is_ascii_whitespace() {
            we += 1;
        }
        let we = ceil_char_boundary(text, we);
        match out.last_mut() {
            Some(last) if ws <= last.1 => last.1 = last.1.max(we),
            _ => out.push((ws, we)),
        }
    }
    out
}

/// The position of the first ASCII digit in `bytes` at or after `from`, eight bytes per step: most
/// of an ad is not digits.
fn next_ascii_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // The high bit of each byte of `hit` is set when that byte is in 0x30..=0x39 (one byte
        // never borrows from or carries into another: every operand is at most 0x7F per byte
        // before the additions below, which stay under 0x100).
        let low7 = x & (ONES * 0x7F);
        let hit = (ONES * (0x7F + 0x3A)).wrapping_sub(low7)
            & !x
            & (low7 + ONES * (0x7F - 0x2F))
            & (ONES * 0x80);
        if hit != 0 {
            return Some(i + (hit.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| i + p)
}

fn ceil_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_ascii_digit_finds_every_digit_and_nothing_else() {
        // Every byte value at every position of a 19-byte buffer, against the plain search.
        for b in 0..=255u8 {
            for pos in 0..19 {
                let mut buf = [b'x'; 19];
                buf[pos] = b;
                for from in [0, 3, pos] {
                    let want = buf[from..]
                        .iter()
                        .position(u8::is_ascii_digit)
                        .map(|p| from + p);
                    assert_eq!(
                        next_ascii_digit(&buf, from),
                        want,
                        "byte {b} at {pos} from {from}"
                    );
                }
            }
        }
        assert_eq!(next_ascii_digit(b"ab", 5), None);
    }

    fn prices(text: &str) -> Vec<(String, String, Option<&'static str>, Option<RateUnit>)> {
        let t = MoneyTables::new().expect("patterns compile");
        t.prices(text, &digit_windows(text, &[]), false)
            .into_iter()
            .map(|p| (text[p.start..p.end].to_string(), p.value, p.currency, p.per))
            .collect()
    }

    fn ages(text: &str) -> Vec<u8> {
        let t = MoneyTables::new().expect("patterns compile");
        t.ages(text, &digit_windows(text, &[]))
            .into_iter()
            .map(|a| a.value)
            .collect()
    }

    /// Pieces of price-like text: every word of the quick reader's lists, in other cases too,
    /// near misses, separators, digits and non-ASCII neighbours.
    const PIECES: &[&str] = &[
        "150",
        "1",
        "1500",
        "1234567",
        "15",
        ".",
        ",",
        " ",
        "  ",
        "/",
        "-",
        ":",
        "=",
        "–",
        "'",
        "$",
        "€",
        "£",
        "₴",
        "₽",
        "🌹",
        "usd",
        "EUR",
        "euro",
        "Euros",
        "gbp",
        "pound",
        "quid",
        "грн",
        "Грн.",
        "руб",
        "руб.",
        "р.",
        "рублей",
        "lei",
        "лей",
        "zł",
        "bucks",
        "roses",
        "Rose",
        "donation",
        "hh",
        "HH",
        "qv",
        "qk",
        "qK",
        "hour",
        "hours",
        "hr",
        "hrs",
        "h",
        "overnight",
        "night",
        "nite",
        "ovn",
        "day",
        "час",
        "годину",
        "Ночь",
        "ніч",
        "ora",
        "oră",
        "heure",
        "nuit",
        "notte",
        "stundā",
        "val",
        "val.",
        "tund",
        " per ",
        "per",
        " all'",
        "all",
        "a",
        "an",
        "for",
        "за",
        "half",
        "30",
        "min",
        "1/2",
        "x",
        "я",
        "é",
        "ſ",
        "\n",
    ];

    /// The slots of a price-shaped text (boundary, unit, separator, currency, amount, space,
    /// currency, separator, unit, boundary), with near misses in each.
    const SLOTS: &[&[&str]] = &[
        &[".", " ", "\n", "x", "я", ""],
        &[
            "",
            "hh",
            "Ночь",
            "nuit",
            "overnight",
            "qK",
            "val",
            "all",
            "30 min",
            "eur",
            "h",
        ],
        &["", " ", " - ", ":", "=", "–", "  ", " :"],
        &["", "$", "€", "usd", "EUR", "euro", "£"],
        &["150", "1", "1.500", "15,50", "1234567", "1 500", "1500.0"],
        &["", " ", "  ", "\t"],
        &[
            "", "€", "eur", "Euro", "euros", "руб.", "руб", "р.", "roses", "🌹", "donation", "лей",
            "zł", "roſes", "грн",
        ],
        &[
            "", "/", " / ", " per ", " all'", "-", " ", "/1 ", " a ", " an ", "/ ",
        ],
        &[
            "", "hh", "ora", "val.", "h", "hour", "1 hour", "night", "30 min", "stundā", "час",
            "day", "ore",
        ],
        &[".", " ", "x", "я", "", "5"],
    ];

    /// Built once for all proptest cases.
    static TABLES: std::sync::LazyLock<MoneyTables> =
        std::sync::LazyLock::new(|| MoneyTables::new().expect("patterns compile"));

    proptest::proptest! {
        /// Wherever the hand reader answers, it reads what the regex reads: the same price span,
        /// amount and cents, the same currency and the same unit.
        #[test]
        fn quick_price_agrees_with_the_regex(
            parts in proptest::collection::vec(proptest::sample::select(PIECES), 1..12),
            slots in proptest::collection::vec(0..1000usize, SLOTS.len()),
        ) {
            // Random pieces, then a price-shaped text: one choice per slot of [`SLOTS`].
            let shaped: String = SLOTS
                .iter()
                .zip(&slots)
                .map(|(choices, i)| choices[i % choices.len()])
                .collect();
            let text: String = parts.concat() + " " + &shaped + ".";
            let t = &*TABLES;
            let mut at = 0;
            while at < text.len() {
                let Some(whole) = t.prices.find_at(&text, at) else { break };
                if let Some(quick) = quick_price(&text, text.len(), whole) {
                    let hit = t.prices.read(&text, at, whole).expect("the regex reads its match");
                    let g = hit.groups;
                    let s = |x: Option<(usize, usize)>| x.map(|(a, b)| &text[a..b]);
                    proptest::prop_assert_eq!(quick[0], g[0], "span in {:?}", text);
                    proptest::prop_assert_eq!(quick[1], g[1], "amount in {:?}", text);
                    proptest::prop_assert_eq!(quick[2], g[2], "cents in {:?}", text);
                    let cur = |g: &Groups| {
                        s(g[3].or(g[4])).map(|c| (c.to_string(), currency_code(c, false)))
                    };
                    proptest::prop_assert_eq!(
                        cur(&quick).map(|c| c.1), cur(&g).map(|c| c.1), "currency in {:?}", text
                    );
                    proptest::prop_assert_eq!(
                        cur(&quick).is_some(), cur(&g).is_some(), "currency in {:?}", text
                    );
                    proptest::prop_assert_eq!(
                        s(quick[5]).map(rate_unit), s(g[5]).map(rate_unit), "unit in {:?}", text
                    );
                }
                at = ceil_char_boundary(&text, whole.1.max(at + 1));
            }
        }
    }

    /// The parts compiled on first use (every branch, the whole alternations with groups) all
    /// compile, within the slots a branch may have: [`Combined::read`] would otherwise skip them.
    #[test]
    fn lazily_compiled_patterns_compile() {
        let t = MoneyTables::new().expect("patterns compile");
        assert!(t.prices.compile_all(), "price patterns");
        assert!(t.ages.compile_all(), "age patterns");
    }

    /// The age patterns write their Unicode classes outside `(?i)` (case folding `\p{L}` was a
    /// third of the age gate's build cost) with the set folding gave (`\p{L}` plus U+0345, the
    /// combining ypogegrammeni that folds to a letter): the same syntax tree as the patterns
    /// written inside `(?i)`, so the same matches.
    #[test]
    fn age_classes_outside_case_folding_are_the_same_sets() {
        use regex_automata::util::syntax::parse;
        let age_end = r"(?:$|[^\p{L}\p{N}\-–+'’:/$€£.,]|[.,](?:\s|$))";
        let reference = [
                // 19 yrs, 21yo, 23 y/o, 23-year-old, 19 лет, 19 років, 19 ani
                r"(?:^|[^\p{L}\p{N}\-–+/.,])(?P<v>[0-9]{2})[\s\-]?(?P<u>yrs?\.?(?:\s?old)?|y/o|y\.o\.?|yo|years?[\s\-]?old|year-old|years?|anni|ans|ani|лет|год(?:а|ик)?|рок(?:ів|и)|рочків|gadi|gadu|gadus|metai|metų|aastane|aastat)(?:$|[^\p{L}\p{N}])".to_string(),
                // age: 19, aged 19, возраст 19
                r"(?:^|[^\p{L}\p{N}])(?:age|aged|âge|età|eta|vârsta|varsta|vârstă|возраст|вік|vecums|amžius|vanus)\s?[:\-=]?\s?(?P<v>[0-9]{2})(?:$|[^\p{L}\p{N}\-–+])".to_string(),
                // I'm 20, мне 19, am 19
                r"(?:^|[^\p{L}\p{N}])(?:i'?m|i’m|i\s?am|мне|мені|am|sunt|ho|j'ai|esmu|man\s?ir|olen)\s(?P<v>[0-9]{2})(?:$|[^\p{L}\p{N}\-–+'’:/$€£])".to_string(),
                // I'm Kira, 23 / Я Кира, 23 / Sunt Ana, 23 / Je suis Léa, 23 (name, comma, age)
                format!(
                    r"(?:^|[^\p{{L}}\p{{N}}])(?:i'?m|i’m|i\s?am|my\s?name\s?is|call\s?me|я|меня\s?зовут|мене\s?звати|mă\s?numesc|ma\s?numesc|sunt|je\s?suis|je\s?m'appelle|sono|mi\s?chiamo|esmu|mani\s?sauc|aš|mano\s?vardas|olen|minu\s?nimi\s?on)\s(?P<n>\p{{L}}[\p{{L}}'’\-]{{1,20}}),\s?(?P<v>[0-9]{{2}}){age_end}"
                ),
                // Kira, 23 at the start of a line or sentence (a capitalised name, comma, age, then
                // the end of the phrase: "Monday, 23 March" is not an age)
                r"(?:^|\n\s*|[^\p{L}\p{N}\s,]\s*)(?-i:\p{Lu}\p{Ll}{1,15}),\s?(?P<v>[0-9]{2})(?:$|\s*\n|\s*[^\p{L}\p{N}\s\-–+/:'’$€£.,]|[.,](?:\s|$))".to_string(),
            ];
        let t = MoneyTables::new().expect("patterns compile");
        assert_eq!(t.ages.lazy.branches.len(), reference.len());
        for (branch, old) in t.ages.lazy.branches.iter().zip(&reference) {
            let old = parse(&format!("(?i)(?:{old})")).expect("the reference parses");
            let new = parse(&branch.pattern).expect("the pattern parses");
            assert!(old == new, "age pattern differs: {}", branch.pattern);
        }
    }

    /// Pieces of age-shaped texts: numbers, units, keywords, names, separators and boundaries,
    /// with the characters the hand reader must leave to the regex (a no-break space, a
    /// combining mark, a Roman numeral, a trailing dot).
    const AGE_PIECES: &[&str] = &[
        "19",
        "23",
        "5",
        "123",
        "2",
        " ",
        "  ",
        "-",
        "–",
        "\n",
        "\t",
        ",",
        ".",
        ":",
        "=",
        "+",
        "/",
        "'",
        "’",
        "yrs",
        "yr.",
        "yo",
        "y/o",
        "y.o.",
        "years",
        "year-old",
        "old",
        " old",
        "YRS",
        "anni",
        "ans",
        "ani",
        "лет",
        "года",
        "років",
        "gadi",
        "metų",
        "aastane",
        "age",
        "Aged",
        "âge",
        "возраст",
        "I'm",
        "i am",
        "мне",
        "am",
        "j'ai",
        "Sunt",
        "Я",
        "Kira",
        "Кира",
        "Léa",
        "Rūta",
        "my name is",
        "Monday",
        "x",
        "min",
        "💕",
        "€",
        "\u{a0}",
        "\u{345}",
        "Ⅻ",
        "é",
    ];

    proptest::proptest! {
        /// Wherever the hand reader answers, it reads what the regex reads: the age, the unit
        /// and the kind of branch (unit, keyword, or name and comma).
        #[test]
        fn quick_age_agrees_with_the_regex(
            parts in proptest::collection::vec(proptest::sample::select(AGE_PIECES), 1..14),
        ) {
            let text: String = parts.concat();
            let t = &*TABLES;
            let class = |b: usize| match b { 0 => 0, 1 | 2 => 1, _ => 3 };
            let mut at = 0;
            while at < text.len() {
                let Some(whole) = t.ages.find_at(&text, at) else { break };
                if let Some((branch, groups)) = quick_age(&text, whole) {
                    let hit = t.ages.read(&text, at, whole).expect("the regex reads its match");
                    proptest::prop_assert_eq!(branch, class(hit.branch), "branch in {:?}", text);
                    proptest::prop_assert_eq!(groups[0], hit.groups[0], "age in {:?}", text);
                    proptest::prop_assert_eq!(groups[1], hit.groups[1], "unit in {:?}", text);
                }
                at = ceil_char_boundary(&text, whole.1.max(at + 1));
            }
        }
    }

    #[test]
    fn quick_age_reads_the_common_shapes() {
        let t = MoneyTables::new().expect("patterns compile");
        for (text, branch) in [
            (" 19 yrs ", 0),
            (" 21yo,", 0),
            (" 19 лет", 0),
            (" мне 19 лет", 1),
            (" 23-year-old ", 0),
            ("age: 19 ", 1),
            ("I'm 20 ", 1),
            ("I'm Kira, 23 ", 3),
            ("\nKira, 24\n", 3),
        ] {
            let whole = t.ages.find_at(text, 0).expect("an age match");
            let (b, _) = quick_age(text, whole).unwrap_or_else(|| panic!("{text:?} read by hand"));
            assert_eq!(b, branch, "{text:?}");
        }
    }

    #[test]
    fn quick_price_reads_the_common_shapes() {
        let t = MoneyTables::new().expect("patterns compile");
        for text in [
            " 150 euro/ora ",
            " 80 eur/val. ",
            " 90€ all'ora ",
            " ночь 3000 руб. ",
            " nuit 200€ ",
            " hh 120 ",
            " overnight $900 ",
            " 150 roses ",
            " 150 🌹 ",
            " 70 eur - hour ",
        ] {
            // Not at either end of the haystack, where a match may start with `^` or end with `$`.
            let text = &format!(".{text}.");
            let whole = t.prices.find_at(text, 0).expect("a price");
            let quick = quick_price(text, text.len(), whole);
            assert!(quick.is_some(), "{text:?} read by hand");
            assert_eq!(
                quick.map(|g| g[0]),
                t.prices.read(text, 0, whole).map(|h| h.groups[0])
            );
        }
        // Not certain: thousands, cents, a match at either end of the haystack.
        for text in [".1.500 eur ", ".15,50€ ", "150 eur ", ".150 eur"] {
            let whole = t.prices.find_at(text, 0).expect("a price");
            assert!(quick_price(text, text.len(), whole).is_none(), "{text:?}");
        }
    }

    #[test]
    fn rates() {
        assert_eq!(
            prices("only $150/hr"),
            vec![(
                "$150/hr".into(),
                "150".into(),
                Some("USD"),
                Some(RateUnit::Hour)
            )]
        );
        assert_eq!(prices("hh 120")[0].3, Some(RateUnit::HalfHour));
        assert_eq!(prices("hh 120")[0].1, "120");
        assert_eq!(prices("150 roses")[0].1, "150");
        assert_eq!(prices("donation 200")[0].1, "200");
        assert_eq!(prices("1500 грн за час")[0].2, Some("UAH"));
        assert_eq!(prices("1500 грн за час")[0].3, Some(RateUnit::Hour));
        assert_eq!(prices("overnight 800€")[0].3, Some(RateUnit::Night));
        assert_eq!(prices("200 eur/h")[0].0, "200 eur/h");
        assert_eq!(prices("150 hh / 250 hr")[0].3, Some(RateUnit::HalfHour));
        assert_eq!(prices("150 hh / 250 hr")[1].1, "250");
        assert!(prices("stay 2 hrs").is_empty());
        // Glued to letters of any script, a number is not a price.
        assert!(prices("за150€").is_empty());
        assert!(prices("150€я").is_empty());
        assert_eq!(prices("я 150€")[0].1, "150");
        // Upper case in any script.
        assert_eq!(prices("150 ROSES/HR")[0].3, Some(RateUnit::Hour));
        assert_eq!(prices("1500 ГРН ЗА ЧАС")[0].2, Some("UAH"));
        assert_eq!(prices("80 EURO/ORĂ")[0].3, Some(RateUnit::Hour));
        assert_eq!(prices("DONATION 200")[0].1, "200");
    }

    #[test]
    fn salaries_are_not_prices() {
        assert!(prices("salary 1500 EUR per month").is_empty());
        assert!(prices("earn $3000 a week").is_empty());
        assert!(prices("зарплата від 20000 грн").is_empty());
        // Salary words in any case, ASCII or not.
        assert!(prices("SALARY: 1500 EUR").is_empty());
        assert!(prices("Зарплата від 20000 грн").is_empty());
        assert!(prices("ЗАРПЛАТА 20000 грн").is_empty());
        assert_eq!(prices("roses 1500 EUR").len(), 1);
        assert!(prices("call at 5").is_empty());
    }

    #[test]
    fn ages_and_not_ages() {
        assert_eq!(ages("sweet 19 yrs"), vec![19]);
        assert_eq!(ages("21yo blonde"), vec![21]);
        assert_eq!(ages("age: 19"), vec![19]);
        assert_eq!(ages("hi I'm 20, new"), vec![20]);
        assert_eq!(ages("19 years old"), vec![19]);
        assert_eq!(ages("мне 19 лет"), vec![19]);
        assert_eq!(ages("19 років"), vec![19]);
        assert_eq!(ages("am 19 ani"), vec![19]);
        assert!(ages("girls 18-25 years").is_empty());
        assert!(ages("girls 18-25").is_empty());
        assert!(ages("5 years experience").is_empty());
        assert!(ages("18+ only").is_empty());
        assert!(ages("I'm 20 minutes away").is_empty());
    }

    #[test]
    fn a_name_comma_and_an_age() {
        assert_eq!(ages("I'm Kira, 23"), vec![23]);
        assert_eq!(ages("hi, i'm kira, 23, new here"), vec![23]);
        assert_eq!(ages("my name is Anna, 21."), vec![21]);
        assert_eq!(ages("Kira 23 y/o"), vec![23]);
        assert_eq!(ages("23yo"), vec![23]);
        assert_eq!(ages("age: 23"), vec![23]);
        assert_eq!(ages("a 23-year-old student"), vec![23]);
        assert_eq!(ages("new girl 💕 Bella, 22 💕 call me"), vec![22]);
        assert_eq!(ages("Hi!\nKira, 24\nnew in town"), vec![24]);
        assert_eq!(ages("Я Кира, 23"), vec![23]);
        assert_eq!(ages("Меня зовут Даша, 20"), vec![20]);
        assert_eq!(ages("Sunt Ana, 22"), vec![22]);
        assert_eq!(ages("Je suis Léa, 21"), vec![21]);
        assert_eq!(ages("Sono Giulia, 25"), vec![25]);
        assert_eq!(ages("Esmu Anna, 20"), vec![20]);
        assert_eq!(ages("Aš Rūta, 22"), vec![22]);
        assert_eq!(ages("Olen Kati, 19"), vec![19]);
        // The span is the age, not the name.
        let t = MoneyTables::new().expect("patterns compile");
        let text = "I'm Kira, 23";
        let a = t.ages(text, &digit_windows(text, &[]));
        assert_eq!(&text[a[0].start..a[0].end], "23");
    }

    #[test]
    fn a_name_comma_and_a_number_that_is_not_an_age() {
        for text in [
            "girls 18-25",
            "Girls, 18-25 wanted",
            "Girls, 18+",
            "Available Monday, 23 May",
            "I'm available, 24/7",
            "I'm here, 24 hours",
            "I'm close, 15 minutes away",
            "Paris, 23 rue de Rivoli",
            "Kira, 23.5",
            "Room, 23:00",
            "I'm Kira, 23€",
        ] {
            assert!(ages(text).is_empty(), "{text}: {:?}", ages(text));
        }
    }

    #[test]
    fn minute_rates() {
        assert_eq!(prices("30 min $100")[0].3, Some(RateUnit::HalfHour));
        assert_eq!(prices("15min 80$")[0].3, Some(RateUnit::QuarterHour));
        assert_eq!(
            prices("45 mins $150")[0].3,
            Some(RateUnit::FortyFiveMinutes)
        );
        assert_eq!(prices("$150/45min")[0].3, Some(RateUnit::FortyFiveMinutes));
        assert_eq!(prices("20 min - 70€")[0].3, Some(RateUnit::TwentyMinutes));
        assert_eq!(prices("90 min 300 eur")[0].3, Some(RateUnit::NinetyMinutes));
        assert_eq!(
            prices("1.5 hours 300 eur")[0].3,
            Some(RateUnit::NinetyMinutes)
        );
        assert_eq!(prices("60 min $200")[0].3, Some(RateUnit::Hour));
        assert_eq!(prices("qv 80")[0].3, Some(RateUnit::QuickVisit));
    }

    fn resolved(text: &str, region: Option<&str>) -> Vec<Option<&'static str>> {
        let t = MoneyTables::new().expect("patterns compile");
        let mut p = t.prices(text, &digit_windows(text, &[]), false);
        fill_currency(&mut p, region.and_then(|r| r.parse().ok()));
        p.into_iter().map(|p| p.currency).collect()
    }

    #[test]
    fn coded_prices_take_the_documents_currency() {
        // Another price in the ad states the currency.
        assert_eq!(
            resolved("150 roses/hr, overnight $800", None),
            vec![Some("USD"), Some("USD")]
        );
        assert_eq!(
            resolved("150 🌹 hh, 250 € hour", Some("US")),
            vec![Some("EUR"), Some("EUR")]
        );
        // None stated: the region's currency.
        assert_eq!(resolved("150 roses", Some("US")), vec![Some("USD")]);
        assert_eq!(resolved("donation 200", Some("GB")), vec![Some("GBP")]);
        assert_eq!(resolved("150 🌹", Some("FR")), vec![Some("EUR")]);
        // Undecidable: no region and no currency, or several and the region's is not among them.
        assert_eq!(resolved("150 roses", None), vec![None]);
        assert_eq!(
            resolved("150 roses, $100/hh, £300 overnight", Some("FR")),
            vec![None, Some("USD"), Some("GBP")]
        );
        assert_eq!(
            resolved("150 roses, $100/hh, £300 overnight", Some("GB")),
            vec![Some("GBP"), Some("USD"), Some("GBP")]
        );
        // A region whose currency the patterns do not know.
        assert_eq!(resolved("150 roses", Some("JP")), vec![None]);
    }
}
