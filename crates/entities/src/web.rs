//! Emails (plain and disguised), URLs and bare domains, and handles from cue words and links.

use crate::digits::NUMBER_WORDS;
use crate::tld::is_tld;
use linkify::{LinkFinder, LinkKind};
use redflag_model::Platform;
use regex::Regex;

/// An email found in text.
#[derive(Clone, Debug)]
pub(crate) struct FoundEmail {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) value: String,
    pub(crate) obfuscated: bool,
}

/// A URL or bare domain found in text, with what its path identifies.
#[derive(Clone, Debug)]
pub(crate) struct FoundUrl {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// A handle the link carries: platform, byte range of the name in the text, the name.
    pub(crate) handle: Option<(Platform, usize, usize, String)>,
    /// Digits of a phone number the link carries (`wa.me/<digits>`), with their byte range.
    pub(crate) phone: Option<(usize, usize, String)>,
}

/// A handle found from a cue word.
#[derive(Clone, Debug)]
pub(crate) struct FoundHandle {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) platform: Platform,
    pub(crate) value: String,
}

/// Compiled patterns, built once per extractor.
#[derive(Debug, Clone)]
pub(crate) struct WebTables {
    email: Regex,
    cue: Regex,
    /// Lower-case English words, sorted: a bare cue followed by one of them (`snap roses`,
    /// `telegram girl`) is prose, not a handle.
    words: Vec<&'static str>,
}

/// English words (2–10 lower-case ASCII letters) from SCOWL via Debian's `wamerican`; licence in
/// `data/common-words.COPYRIGHT`. Sorted, one per line.
const COMMON_WORDS: &str = include_str!("../data/common-words.txt");

/// Webmail providers that ads name without their domain ending (`name@gmail`, `name at yahoo`).
fn provider_domain(label: &str) -> Option<&'static str> {
    Some(match label {
        "gmail" | "gmial" | "gmal" => "gmail.com",
        "googlemail" => "googlemail.com",
        "yahoo" => "yahoo.com",
        "hotmail" => "hotmail.com",
        "outlook" => "outlook.com",
        "icloud" => "icloud.com",
        "aol" => "aol.com",
        "protonmail" => "protonmail.com",
        "yandex" => "yandex.ru",
        "ukr" => "ukr.net",
        "gmx" => "gmx.com",
        "rambler" => "rambler.ru",
        _ => return None,
    })
}

/// Words that are not a user name before a bare " at ".
const NOT_USER: &[&str] = &[
    "me",
    "us",
    "you",
    "him",
    "her",
    "them",
    "it",
    "call",
    "text",
    "email",
    "mail",
    "write",
    "contact",
    "reach",
    "here",
    "there",
    "is",
    "be",
    "or",
    "and",
    "msg",
    "message",
    "available",
    "arrive",
    "arriving",
    "meet",
    "look",
    "looking",
    "home",
    "work",
    "back",
    "am",
    "are",
    "was",
    "were",
    "stay",
    "staying",
    "located",
    "live",
    "lives",
    "only",
    "also",
    "just",
    "now",
    "today",
    "tonight",
    "out",
    "up",
    "in",
    "on",
    "to",
    "the",
    "a",
    "an",
    "i",
    "we",
    "they",
    "she",
    "he",
    "found",
    "find",
    "be",
    "see",
    "seen",
    "visit",
    "come",
    "me",
    "my",
];

/// Words between a cue and a handle that are skipped.
const FILLERS: &[&str] = &[
    "me", "is", "at", "on", "my", "id", "name", "username", "user", "add", "follow", "dm",
    "handle", "us", "via", "or", "account", "acc", "nick", "it's", "its", "here",
];

/// Words that are never handles.
const NOT_HANDLE: &[&str] = &[
    "incall",
    "outcall",
    "me",
    "my",
    "and",
    "or",
    "for",
    "only",
    "pics",
    "pic",
    "photos",
    "photo",
    "videos",
    "video",
    "chat",
    "call",
    "text",
    "msg",
    "message",
    "now",
    "here",
    "the",
    "a",
    "an",
    "is",
    "at",
    "on",
    "to",
    "in",
    "with",
    "too",
    "also",
    "please",
    "pls",
    "plz",
    "available",
    "add",
    "follow",
    "dm",
    "sms",
    "number",
    "link",
    "bio",
    "account",
    "profile",
    "id",
    "name",
    "if",
    "and",
    "but",
    "not",
    "no",
    "yes",
    "you",
    "your",
    "story",
    "stories",
    "premium",
    "free",
    "vip",
    "same",
    "below",
    "above",
    "info",
    "details",
    "contact",
    "contacts",
    "snap",
    "snapchat",
    "sc",
    "instagram",
    "insta",
    "ig",
    "kik",
    "telegram",
    "tg",
    "whatsapp",
    "viber",
    "signal",
    "onlyfans",
    "tiktok",
    "fb",
    "facebook",
    "twitter",
    "x",
    "sexting",
    "sext",
    "sessions",
    "session",
    "content",
    "live",
    "cam",
    "calls",
    "texts",
    "hmu",
    "ask",
    "write",
    "more",
    "there",
    "this",
    "that",
    "them",
];

fn platform_for_cue(cue: &str) -> Option<Platform> {
    let c: String = cue
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    Some(match c.as_str() {
        "snapchat" | "snap" | "sc" | "снап" | "снэп" => Platform::Snapchat,
        "instagram" | "insta" | "ig" | "инстаграм" | "инста" | "інстаграм" => {
            Platform::Instagram
        }
        "kik" => Platform::Kik,
        "telegram" | "telega" | "tg" | "телеграм" | "телега" | "тг" => {
            Platform::Telegram
        }
        "whatsapp" | "watsapp" | "whatsap" => Platform::Whatsapp,
        "viber" | "вайбер" => Platform::Viber,
        "signal" => Platform::Signal,
        "onlyfans" => Platform::Onlyfans,
        "tiktok" => Platform::Tiktok,
        "facebook" | "fb" => Platform::Facebook,
        "twitter" | "twitter/x" => Platform::X,
        _ => return None,
    })
}

impl WebTables {
    pub(crate) fn new() -> Result<WebTables, regex::Error> {
        let email = Regex::new(concat!(
            r"(?i)(?:^|[^a-z0-9._%+\-])",
            r"([a-z0-9][a-z0-9._%+\-]{0,63})",
            r"(\s*[\[\(\{<]\s*(?:at|@|arroba|собака)\s*[\]\)\}>]\s*|\s*@\s*|\s+(?:at|arroba|собака)\s+)",
            r"([a-z0-9][a-z0-9\-]{0,62}",
            r"(?:(?:\s*[\[\(\{<]\s*(?:dot|\.|точка)\s*[\]\)\}>]\s*|\s+(?:dot|точка)\s+|\.)[a-z0-9][a-z0-9\-]{0,62}){0,4})"
        ))?;
        let cue = Regex::new(concat!(
            r"(?i)(snapchat|snap|sc|instagram|insta|ig|kik|telegram|telega|tg|whats\s?app|watsapp|viber|signal|",
            r"only\s?fans|tik\s?tok|facebook|fb|twitter\s?/\s?x|twitter|снап|снэп|инстаграм|інстаграм|инста|телеграм|телега|тг|вайбер)"
        ))?;
        let words: Vec<&'static str> = COMMON_WORDS.lines().filter(|w| !w.is_empty()).collect();
        debug_assert!(
            words.windows(2).all(|w| w[0] < w[1]),
            "the word list is sorted"
        );
        Ok(WebTables { email, cue, words })
    }

    pub(crate) fn emails(&self, text: &str) -> Vec<FoundEmail> {
        let mut out = Vec::new();
        let windows = email_windows(text);
        let caps_iter = windows.iter().flat_map(|&(ws, we)| {
            let hay = &text[..we];
            let mut at = ws;
            std::iter::from_fn(move || {
                if at >= we {
                    return None;
                }
                let caps = self.email.captures_at(hay, at)?;
                let m = caps.get(0)?;
                at = m.end().max(at + 1);
                while at < hay.len() && !hay.is_char_boundary(at) {
                    at += 1;
                }
                Some(caps)
            })
        });
        for caps in caps_iter {
            let (Some(user), Some(at), Some(domain)) = (caps.get(1), caps.get(2), caps.get(3))
            else {
                continue;
            };
            let user_s = user.as_str().trim_end_matches(['.', '-']);
            if user_s.is_empty() {
                continue;
            }
            let at_s = at.as_str();
            let plain_at = at_s == "@";
            let bare_at = !at_s.contains(['@', '[', '(', '{', '<']);
            // Split the domain into labels and separators.
            let mut labels: Vec<(usize, usize)> = Vec::new();
            let mut dotted_plainly = true;
            let mut word_dot = false;
            let d = domain.as_str();
            let base = domain.start();
            let mut k = 0;
            let bytes = d.as_bytes();
            while k < bytes.len() {
                if bytes[k].is_ascii_alphanumeric() || bytes[k] == b'-' {
                    let s = k;
                    while k < bytes.len() && (bytes[k].is_ascii_alphanumeric() || bytes[k] == b'-')
                    {
                        k += 1;
                    }
                    // "dot" as a separator word is not a label (unless it ends the domain).
                    let label = &d[s..k];
                    if label.eq_ignore_ascii_case("dot") && !labels.is_empty() && k < bytes.len() {
                        word_dot = true;
                        dotted_plainly = false;
                        continue;
                    }
                    labels.push((base + s, base + k));
                } else {
                    if bytes[k] != b'.' {
                        dotted_plainly = false;
                    }
                    k += 1;
                }
            }
            if labels.is_empty() {
                continue;
            }
            // Trim trailing labels until the last one is a real TLD (`jen@gmail.com.Call` → `.com`).
            let lower =
                |r: &(usize, usize)| text[r.0..r.1].trim_end_matches('-').to_ascii_lowercase();
            let mut n = labels.len();
            let mut value_domain = None;
            let mut end = labels[0].1;
            while n >= 2 {
                let tld = lower(&labels[n - 1]);
                if is_tld(&tld) {
                    value_domain =
                        Some(labels[..n].iter().map(lower).collect::<Vec<_>>().join("."));
                    end = labels[n - 1].1;
                    break;
                }
                n -= 1;
            }
            let mut completed = false;
            if value_domain.is_none()
                && let Some(full) = provider_domain(&lower(&labels[0]))
            {
                value_domain = Some(full.to_string());
                end = labels[0].1;
                completed = true;
            }
            let Some(dom) = value_domain else { continue };
            let user_lower = user_s.to_lowercase();
            if bare_at && (user_lower.len() < 2 || NOT_USER.contains(&user_lower.as_str())) {
                continue;
            }
            if bare_at && !word_dot && !completed && provider_domain(&lower(&labels[0])).is_none() {
                // "see you at home.com" is not an email: a bare " at " needs "dot" or a provider.
                continue;
            }
            let start = user.start();
            let obfuscated = !plain_at || !dotted_plainly || completed;
            out.push(FoundEmail {
                start,
                end,
                value: format!("{user_lower}@{dom}"),
                obfuscated,
            });
        }
        out
    }

    pub(crate) fn urls(&self, text: &str) -> Vec<FoundUrl> {
        let mut out = Vec::new();
        // A `LinkFinder` is a handful of flags: cheaper to make than to share.
        let mut links = LinkFinder::new();
        links.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
        let found = url_windows(text).into_iter().flat_map(|(ws, we)| {
            links
                .links(&text[ws..we])
                .map(move |l| (ws + l.start(), ws + l.end()))
        });
        for (start, end) in found {
            let s = &text[start..end];
            if text[..start].ends_with('@') || text[end..].starts_with('@') {
                continue; // "@name.tld" is a handle; "name.x@host" is an email
            }
            let (has_scheme, rest) = match s.find("://") {
                Some(p) => (true, &s[p + 3..]),
                None => (false, s),
            };
            let rest_off = s.len() - rest.len();
            let host_end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
            let host = rest[..host_end].to_ascii_lowercase();
            let host_nw = host.strip_prefix("www.").unwrap_or(&host);
            let labels: Vec<&str> = host_nw.split('.').collect();
            if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
                continue;
            }
            let known = platform_host(host_nw).is_some();
            if !has_scheme && !host.starts_with("www.") && !known {
                let tld = labels[labels.len() - 1];
                if !is_tld(tld) || labels[labels.len() - 2].chars().count() < 2 {
                    continue;
                }
                if !tld.chars().all(|c| c.is_ascii_lowercase()) && !s.contains('/') {
                    // "Hello.World" capitalised like prose, not a domain
                    let raw_tld = &rest[..host_end].rsplit('.').next().unwrap_or("");
                    if raw_tld.chars().any(|c| c.is_ascii_uppercase()) {
                        continue;
                    }
                }
            }
            let path_start = start + rest_off + host_end;
            let mut found = FoundUrl {
                start,
                end,
                handle: None,
                phone: None,
            };
            if let Some(kind) = platform_host(host_nw) {
                link_identifier(text, kind, path_start, end, &mut found);
            }
            out.push(found);
        }
        out
    }

    pub(crate) fn handles(&self, text: &str) -> Vec<FoundHandle> {
        let mut out = Vec::new();
        for cue in self.cue.find_iter(text) {
            // Whole words only (checked here so the pattern stays a plain alternation of literals,
            // which the regex crate searches with a literal prefilter).
            let before = text[..cue.start()].chars().next_back();
            let after = text[cue.end()..].chars().next();
            if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '@' | '.' | '/'))
                || after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let Some(platform) = platform_for_cue(cue.as_str()) else {
                continue;
            };
            if let Some(h) = handle_after(text, cue.end(), platform, &self.words) {
                out.push(h);
            }
        }
        out
    }
}

/// The stretches of `text` between ASCII whitespace that hold a `.` or `:` followed by something
/// other than whitespace. A link (a domain needs a dot, a scheme a colon) never spans whitespace,
/// so linkify finds the same links in these stretches as in the whole text, and ordinary prose
/// (whose dots end sentences) costs one pass over its bytes.
fn url_windows(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = next_dot_or_colon(bytes, i) {
        if bytes.get(p + 1).is_none_or(u8::is_ascii_whitespace) {
            i = p + 1;
            continue;
        }
        // Both ends are at ASCII whitespace or the ends of the text: char boundaries.
        let mut s = p;
        while s > 0 && !bytes[s - 1].is_ascii_whitespace() {
            s -= 1;
        }
        let mut e = p + 1;
        while e < bytes.len() && !bytes[e].is_ascii_whitespace() {
            e += 1;
        }
        out.push((s, e));
        i = e;
    }
    out
}

/// The position of the first `.` or `:` in `bytes` at or after `from` (`memchr2`: SIMD).
fn next_dot_or_colon(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(b'.', b':', bytes.get(from..)?).map(|p| from + p)
}

/// Windows around the places an email can hinge on: `@`, a whole word `at`, `arroba`, `собака`.
/// The email pattern only runs inside them (80 bytes before for the user, 200 after for the
/// domain), so text without any of them costs one byte scan.
fn email_windows(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut push = |pos: usize| {
        let mut ws = pos.saturating_sub(80);
        while ws > 0 && !text.is_char_boundary(ws) {
            ws -= 1;
        }
        let mut we = (pos + 200).min(text.len());
        while we < text.len() && !text.is_char_boundary(we) {
            we += 1;
        }
        match out.last_mut() {
            Some(last) if ws <= last.1 => last.1 = last.1.max(we),
            _ => out.push((ws, we)),
        }
    };
    let word_at = |i: usize, len: usize| {
        (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes
                .get(i + len)
                .is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    // Bytes an anchor can start with: `@`, `a`/`A` (at, arroba), and the lead bytes of `с`/`С`
    // (собака). Everything else is skipped by one table lookup per byte.
    const STARTS: [bool; 256] = {
        let mut t = [false; 256];
        t[b'@' as usize] = true;
        t[b'a' as usize] = true;
        t[b'A' as usize] = true;
        t[0xD0] = true;
        t[0xD1] = true;
        t
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !STARTS[usize::from(b)] {
            i += 1;
            continue;
        }
        let anchor = b == b'@'
            || ((b | 0x20) == b'a'
                && ((bytes.get(i + 1).is_some_and(|c| (c | 0x20) == b't') && word_at(i, 2))
                    || (bytes.len() >= i + 6 && bytes[i..i + 6].eq_ignore_ascii_case(b"arroba"))))
            // `с` is D1 81 and `С` is D0 A1 in UTF-8: two byte compares before the word's.
            || (((b == 0xD1 && bytes.get(i + 1) == Some(&0x81))
                || (b == 0xD0 && bytes.get(i + 1) == Some(&0xA1)))
                && bytes.get(i + 2..i + 12) == Some("обака".as_bytes()));
        if anchor && (b == b'@' || word_anchor_may_hinge(text, i)) {
            push(i);
        }
        i += 1;
    }
    out
}

/// Whether the anchor word (`at`, `arroba`, `собака`) starting at byte `i` can hinge an email the
/// extractor keeps. Written bare (`name at gmail dot com`, not `name [at] gmail`), an email needs
/// a webmail provider right after the word or the word `dot` in its domain (see
/// [`WebTables::emails`]); "meet at the hotel" has neither and costs no pattern search.
fn word_anchor_may_hinge(text: &str, i: usize) -> bool {
    let bracketed = text[..i].trim_end().ends_with(['[', '(', '{', '<']);
    if bracketed {
        return true;
    }
    let Some(word_len) = text[i..].find(|c: char| !c.is_alphabetic()) else {
        return false; // the text ends with the word: no domain
    };
    let label_end = |from: &str| {
        from.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(from.len())
    };
    let mut rest = text[i + word_len..].trim_start();
    let first = label_end(rest);
    let label = rest[..first].trim_end_matches('-').to_ascii_lowercase();
    if provider_domain(&label).is_some() {
        return true;
    }
    // Otherwise the domain must go on with the word `dot` (or a bracketed separator, checked no
    // further): follow its labels and plain dots, at most as many as the pattern takes.
    rest = &rest[first..];
    for _ in 0..5 {
        let sep = rest.trim_start();
        if sep.starts_with(['[', '(', '{', '<'])
            || sep
                .as_bytes()
                .get(..3)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"dot"))
        {
            return true;
        }
        let Some(next) = rest.strip_prefix('.') else {
            return false;
        };
        let len = label_end(next);
        if next[..len].eq_ignore_ascii_case("dot") {
            return true;
        }
        rest = &next[len..];
    }
    false
}

/// Reads the handle that follows a cue word, skipping separators and filler words.
fn handle_after(
    text: &str,
    mut pos: usize,
    platform: Platform,
    words: &[&str],
) -> Option<FoundHandle> {
    let limit = (pos + 48).min(text.len());
    let mut fillers = 0;
    // A `:` between cue and name (`sc: anna`) marks a handle even when the name is a word.
    let mut colon = false;
    loop {
        // Skip separators: spaces, punctuation and emoji (not letters, digits or '@').
        let mut skipped = 0;
        while pos < limit {
            let c = text[pos..].chars().next()?;
            if c.is_alphanumeric() || c == '@' || c == '_' || c == '\n' {
                break;
            }
            if c == '.' || c == ',' || c == '!' || c == '?' {
                return None; // sentence ended
            }
            colon |= c == ':';
            pos += c.len_utf8();
            skipped += 1;
            if skipped > 6 {
                return None;
            }
        }
        if pos >= limit {
            return None;
        }
        let word_end = text[pos..]
            .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .map_or(text.len(), |e| pos + e);
        let word = text[pos..word_end].to_lowercase();
        if fillers < 3 && FILLERS.contains(&word.as_str()) {
            pos = word_end;
            fillers += 1;
            continue;
        }
        break;
    }
    let at = text[pos..].starts_with('@');
    let name_start = if at { pos + 1 } else { pos };
    let mut name_end = name_start;
    for (off, c) in text[name_start..].char_indices() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            name_end = name_start + off + 1;
            if name_end - name_start > 30 {
                return None;
            }
        } else {
            break;
        }
    }
    let mut name = &text[name_start..name_end];
    name = name.trim_end_matches('.');
    let name_end = name_start + name.len();
    if name.len() < 2 || !name.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if text[name_end..].starts_with('@') {
        return None; // an email's user part
    }
    if text[name_end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '-')
    {
        return None; // glued to non-ASCII letters: prose, not a handle
    }
    let lower = name.to_ascii_lowercase();
    if NOT_HANDLE.contains(&lower.as_str()) {
        return None;
    }
    // WhatsApp and Viber accounts are phone numbers: a bare word after them is prose in any
    // language ("solo whatsapp scrivimi", "viber Italy" in a job ad), only `@name` / `: name` is a
    // handle.
    if !at && !colon && matches!(platform, Platform::Whatsapp | Platform::Viber) {
        return None;
    }
    // `snap roses`, `telegram girl`: a bare cue followed by an ordinary word is prose.
    if !at
        && !colon
        && lower.bytes().all(|b| b.is_ascii_lowercase())
        && words.binary_search(&lower.as_str()).is_ok()
    {
        return None;
    }
    // A number written with words or look-alike letters after "WhatsApp"/"Viber" is a phone.
    if NUMBER_WORDS.iter().any(|&(w, _)| w == lower)
        || lower
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'o' | b'l' | b'i' | b'.' | b'_'))
    {
        return None;
    }
    if let Some(last) = lower.rsplit('.').next()
        && lower.contains('.')
        && is_tld(last)
    {
        return None; // a domain: reported as a URL
    }
    Some(FoundHandle {
        start: name_start,
        end: name_end,
        platform,
        value: lower,
    })
}

/// What a platform host's path carries.
#[derive(Clone, Copy, Debug)]
enum HostKind {
    Handle(Platform, &'static str),
    WhatsappPhone,
}

fn platform_host(host: &str) -> Option<HostKind> {
    let host = host.strip_prefix("m.").unwrap_or(host);
    Some(match host {
        "instagram.com" | "instagr.am" => HostKind::Handle(Platform::Instagram, ""),
        "t.me" | "telegram.me" | "telegram.dog" => HostKind::Handle(Platform::Telegram, ""),
        "snapchat.com" => HostKind::Handle(Platform::Snapchat, "add/"),
        "onlyfans.com" => HostKind::Handle(Platform::Onlyfans, ""),
        "tiktok.com" => HostKind::Handle(Platform::Tiktok, "@"),
        "twitter.com" | "x.com" => HostKind::Handle(Platform::X, ""),
        "facebook.com" | "fb.com" => HostKind::Handle(Platform::Facebook, ""),
        "kik.me" => HostKind::Handle(Platform::Kik, ""),
        "wa.me" => HostKind::WhatsappPhone,
        _ => return None,
    })
}

const RESERVED_PATHS: &[&str] = &[
    "p",
    "reel",
    "reels",
    "explore",
    "stories",
    "accounts",
    "joinchat",
    "share",
    "intent",
    "home",
    "search",
    "i",
    "hashtag",
    "groups",
    "pages",
    "profile.php",
    "watch",
    "login",
    "signup",
    "s",
    "c",
    "addstickers",
    "proxy",
    "tv",
    "about",
    "help",
    "legal",
    "privacy",
    "terms",
];

fn link_identifier(
    text: &str,
    kind: HostKind,
    path_start: usize,
    end: usize,
    found: &mut FoundUrl,
) {
    let Some(path) = text.get(path_start..end) else {
        return;
    };
    let Some(path) = path.strip_prefix('/') else {
        return;
    };
    let seg_start = path_start + 1;
    match kind {
        HostKind::WhatsappPhone => {
            let digits_len = path.bytes().take_while(u8::is_ascii_digit).count();
            if (8..=15).contains(&digits_len) {
                found.phone = Some((
                    seg_start,
                    seg_start + digits_len,
                    path[..digits_len].to_string(),
                ));
            }
        }
        HostKind::Handle(platform, prefix) => {
            let (skip, rest) = if prefix.is_empty() {
                (0, path)
            } else if let Some(r) = path.strip_prefix(prefix) {
                (prefix.len(), r)
            } else {
                return;
            };
            let len = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
                .count();
            let name = rest[..len].trim_end_matches('.');
            if name.len() < 2 || RESERVED_PATHS.contains(&name.to_ascii_lowercase().as_str()) {
                return;
            }
            let s = seg_start + skip;
            found.handle = Some((platform, s, s + name.len(), name.to_ascii_lowercase()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(text: &str) -> Vec<(String, String, bool)> {
        WebTables::new()
            .map(|t| {
                t.emails(text)
                    .into_iter()
                    .map(|e| (text[e.start..e.end].to_string(), e.value, e.obfuscated))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn next_dot_or_colon_finds_the_first_one() {
        for b in 0..=255u8 {
            for pos in 0..19 {
                let mut buf = [b'x'; 19];
                buf[pos] = b;
                buf[(pos + 5) % 19] = b'.';
                for from in [0, 3, pos] {
                    let want = buf[from..]
                        .iter()
                        .position(|&c| c == b'.' || c == b':')
                        .map(|p| from + p);
                    assert_eq!(next_dot_or_colon(&buf, from), want, "byte {b} at {pos}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// linkify finds the same links in the windows as in the whole text.
        #[test]
        fn url_windows_lose_no_link(
            text in "(www|http|https|com|org|wa|me|t|a|é|ж|[ .:/@\\-_(),?#=\n\t\u{a0}\u{3000}]){0,40}"
        ) {
            let mut links = LinkFinder::new();
            links.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
            let whole: Vec<(usize, usize)> =
                links.links(&text).map(|l| (l.start(), l.end())).collect();
            let windowed: Vec<(usize, usize)> = url_windows(&text)
                .into_iter()
                .flat_map(|(ws, we)| {
                    links.links(&text[ws..we]).map(move |l| (ws + l.start(), ws + l.end()))
                })
                .collect();
            proptest::prop_assert_eq!(whole, windowed);
        }
    }

    #[test]
    fn urls_found_in_windows_keep_their_offsets() {
        let t = WebTables::new().unwrap();
        let text = "Hi. Visit me: https://example.com/x or anna.example.org, ok.\nmore.";
        let urls: Vec<&str> = t.urls(text).iter().map(|u| &text[u.start..u.end]).collect();
        assert_eq!(urls, ["https://example.com/x", "anna.example.org"]);
    }

    #[test]
    fn plain_and_disguised_emails() {
        assert_eq!(
            emails("mail Jen.Doe@Gmail.com now"),
            vec![(
                "Jen.Doe@Gmail.com".into(),
                "jen.doe@gmail.com".into(),
                false
            )]
        );
        assert_eq!(emails("jen [at] gmail [dot] com")[0].1, "jen@gmail.com");
        assert_eq!(emails("jen at gmail dot com")[0].0, "jen at gmail dot com");
        assert_eq!(emails("jen(at)mail.ru")[0].1, "jen@mail.ru");
        assert_eq!(emails("write jen@gmail")[0].1, "jen@gmail.com");
        assert_eq!(emails("jenny at yahoo")[0].1, "jenny@yahoo.com");
        assert!(emails("jenny at yahoo")[0].2);
        assert!(emails("meet me at home. see you at hotel.com").is_empty());
        assert!(emails("file@host.exe").is_empty());
    }

    #[test]
    fn urls_and_platform_links() {
        let t = WebTables::new().ok();
        let Some(t) = t else { panic!("tables") };
        let text =
            "see onlyfans.com/jenny22 or https://wa.me/380501234567 and t.me/jen_k, hello.world";
        let urls = t.urls(text);
        assert_eq!(urls.len(), 3, "{urls:?}");
        assert_eq!(
            urls[0].handle.as_ref().map(|h| h.3.as_str()),
            Some("jenny22")
        );
        assert_eq!(
            urls[1].phone.as_ref().map(|p| p.2.as_str()),
            Some("380501234567")
        );
        assert_eq!(
            urls[2].handle.as_ref().map(|h| h.0),
            Some(Platform::Telegram)
        );
    }

    #[test]
    fn handles_from_cues() {
        let t = WebTables::new().ok();
        let Some(t) = t else { panic!("tables") };
        let text = "add me on snap: Jenny_22 💕 IG @Lola.Rose and kik me candyx";
        let hs = t.handles(text);
        let got: Vec<(Platform, &str)> =
            hs.iter().map(|h| (h.platform, h.value.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (Platform::Snapchat, "jenny_22"),
                (Platform::Instagram, "lola.rose"),
                (Platform::Kik, "candyx")
            ]
        );
        assert_eq!(&text[hs[0].start..hs[0].end], "Jenny_22");
        assert!(t.handles("snap pics and videos").is_empty());
        assert!(t.handles("whatsapp +44 7911 123456").is_empty());
    }

    #[test]
    fn a_bare_cue_before_an_ordinary_word_is_prose_not_a_handle() {
        let Ok(t) = WebTables::new() else {
            panic!("tables")
        };
        // Seen when linking: these glued unrelated ads together through false handles.
        for text in [
            "Only 210 roses, snap roses tonight",
            "telegram girl friendly",
            "viber outcall only",
        ] {
            let hs = t.handles(text);
            assert!(
                hs.iter()
                    .all(|h| !matches!(h.value.as_str(), "roses" | "girl" | "outcall")),
                "{text}: {:?}",
                hs.iter().map(|h| h.value.as_str()).collect::<Vec<_>>()
            );
        }
        // With `@` or `:`, or a name that is not a word, it is a handle.
        let value = |text: &str| t.handles(text).first().map(|h| h.value.clone());
        assert_eq!(value("sc: roses").as_deref(), Some("roses"));
        assert_eq!(value("telegram @girl").as_deref(), Some("girl"));
        assert_eq!(value("kik me missanna").as_deref(), Some("missanna"));
        assert_eq!(value("telegram sweetkate").as_deref(), Some("sweetkate"));
        // Phone-number messengers take no bare word, in any language; `@`/`:` still count.
        assert_eq!(value("solo whatsapp scrivimi"), None);
        assert_eq!(value("viber sweetkate"), None);
        assert_eq!(value("work in Italy, contact viber Italy office"), None);
        assert_eq!(value("whatsapp Germany"), None);
        assert_eq!(value("whatsapp: sweetkate").as_deref(), Some("sweetkate"));
    }
}
