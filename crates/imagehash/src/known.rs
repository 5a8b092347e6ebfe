//! Known-hash lists: the formats investigators and platforms exchange.
//!
//! The format is detected from the first non-empty line that is not a `#` comment:
//!
//! * **CSV with a header** naming a `hash` or `pdq` column (case-insensitive), with optional `id`,
//!   `path`, `quality`, `window`, `algo` and `variant` columns. The CSV that `redflag hash --format csv`
//!   writes (`path,algo,window,hash,quality`) is such a list; its `path` serves as the id.
//! * **ThreatExchange CSV**, header `signal_type,signal_str,collab,category,tags`: rows whose
//!   `signal_type` is `pdq` are read; other signal types are counted in
//!   [`KnownList::skipped_other`].
//! * **Lines**: `pdq <hash>` (ThreatExchange hash lines), or a bare hex hash optionally followed by
//!   `,quality` and `,id` (the C++ `pdq-photo-hasher` prints `hash,quality,path`). 64 hex digits
//!   are PDQ; 16 hex digits are read as [`KnownListOptions::short_algorithm`].
//!
//! 64-bit hashes take their `variant` column when the list has one and it is not empty, else the
//! variant redflag's own hashes carry ([`crate::variant_of`]: lists without one are taken to come
//! from the same configuration, e.g. an earlier `redflag hash` run). The index matches a 64-bit
//! hash only against hashes of the same algorithm and variant. PDQ has no variants.
//!
//! The entry's id is its `id` column, else its `path`, else its line number. Entries whose quality
//! is known and below [`KnownListOptions::min_quality`] (default 50, as python-threatexchange) are
//! skipped and counted in [`KnownList::skipped_low_quality`]. Any malformed line is an error
//! naming the list and the line.

use crate::Error;
use redflag_model::{HashAlgorithm, ImageHash};
use std::path::Path;

/// How lists are read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KnownListOptions {
    /// Entries with a known quality below this are skipped (default 50; 0 keeps all).
    pub min_quality: u8,
    /// The algorithm of 16-hex-digit hashes in lists that do not say (default dHash).
    pub short_algorithm: HashAlgorithm,
    /// Largest list file accepted by [`KnownList::read`], in bytes (default 1 GiB).
    pub max_bytes: u64,
}

impl Default for KnownListOptions {
    fn default() -> Self {
        KnownListOptions {
            min_quality: 50,
            short_algorithm: HashAlgorithm::Dhash,
            max_bytes: 1 << 30,
        }
    }
}

/// One known hash.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KnownEntry {
    /// The hash.
    pub hash: ImageHash,
    /// Its id: the `id` column, else `path`, else the line number.
    pub reference: String,
    /// Its quality, when the list gives one.
    pub quality: Option<u8>,
    /// The window it is a hash of, when not the whole image.
    pub window: Option<String>,
    /// 1-based line number in the list.
    pub line: usize,
}

/// A parsed list of known hashes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KnownList {
    /// The list's name (as given, e.g. the file path): reported as `list` in matches.
    pub name: String,
    /// The entries kept, in file order.
    pub entries: Vec<KnownEntry>,
    /// Entries skipped because their quality is below the minimum.
    pub skipped_low_quality: usize,
    /// ThreatExchange rows of other signal types, skipped.
    pub skipped_other: usize,
}

/// One parsed list row, before its hash is checked.
struct Row<'a> {
    algo: HashAlgorithm,
    variant: Option<&'a str>,
    hex: &'a str,
    reference: String,
    quality: Option<u8>,
    window: Option<String>,
    line: usize,
}

#[derive(Default)]
struct Columns {
    hash: usize,
    id: Option<usize>,
    path: Option<usize>,
    quality: Option<usize>,
    window: Option<usize>,
    algo: Option<usize>,
    variant: Option<usize>,
    pdq_only: bool,
    threatexchange: Option<usize>,
}

impl KnownList {
    /// Reads a list file; its name is the path as given.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read, [`Error::LimitExceeded`] when larger than
    /// `max_bytes`, [`Error::InvalidHash`] for a malformed line or a file that is not UTF-8.
    pub fn read(path: &Path, options: &KnownListOptions) -> Result<KnownList, Error> {
        let name = path.display().to_string();
        let len = std::fs::metadata(path)
            .map_err(|e| Error::io(&name, &e))?
            .len();
        if len > options.max_bytes {
            return Err(Error::LimitExceeded {
                path: name,
                what: "file size",
                actual: len,
                limit: options.max_bytes,
            });
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(&name, &e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Error::InvalidHash {
                list: name.clone(),
                line,
                message: "not valid utf-8".to_owned(),
            }
        })?;
        KnownList::parse(&name, &text, options)
    }

    /// Parses list text; `name` names the list in errors and matches.
    ///
    /// # Errors
    /// [`Error::InvalidHash`] naming the line of the first malformed entry.
    pub fn parse(name: &str, text: &str, options: &KnownListOptions) -> Result<KnownList, Error> {
        let mut list = KnownList {
            name: name.to_owned(),
            entries: Vec::new(),
            skipped_low_quality: 0,
            skipped_other: 0,
        };
        let err = |line: usize, message: String| Error::InvalidHash {
            list: name.to_owned(),
            line,
            message,
        };
        let mut columns: Option<Columns> = None;
        let mut first = true;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim_start_matches('\u{feff}').trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if first {
                first = false;
                if let Some(c) = header(line) {
                    columns = Some(c);
                    continue;
                }
            }
            match &columns {
                Some(c) => {
                    let fields = split_csv(line).map_err(|m| err(line_no, m))?;
                    let get = |ix: Option<usize>| {
                        ix.and_then(|k| fields.get(k))
                            .map(|s| s.trim())
                            .filter(|s| !s.is_empty())
                    };
                    if let Some(t) = c.threatexchange
                        && !get(Some(t)).is_some_and(|s| s.eq_ignore_ascii_case("pdq"))
                    {
                        list.skipped_other += 1;
                        continue;
                    }
                    let hex =
                        get(Some(c.hash)).ok_or_else(|| err(line_no, "missing hash".to_owned()))?;
                    let algo = match get(c.algo) {
                        Some(a) => a
                            .to_ascii_lowercase()
                            .parse::<HashAlgorithm>()
                            .map_err(|m| err(line_no, m))?,
                        None if c.pdq_only => HashAlgorithm::Pdq,
                        None => guess_algo(hex, options),
                    };
                    let quality = get(c.quality)
                        .map(|q| parse_quality(q).map_err(|m| err(line_no, m)))
                        .transpose()?;
                    let reference = get(c.id)
                        .or(get(c.path))
                        .map_or_else(|| line_no.to_string(), str::to_owned);
                    let window = get(c.window)
                        .filter(|w| *w != crate::windows::FULL)
                        .map(str::to_owned);
                    let entry = Row {
                        algo,
                        variant: get(c.variant),
                        hex,
                        reference,
                        quality,
                        window,
                        line: line_no,
                    };
                    list.push(entry, options).map_err(|m| err(line_no, m))?;
                }
                None => {
                    let (algo, rest) = match line.split_once(char::is_whitespace) {
                        Some((tag, rest)) if tag.eq_ignore_ascii_case("pdq") => {
                            (Some(HashAlgorithm::Pdq), rest.trim())
                        }
                        _ => (None, line),
                    };
                    let mut parts = rest.splitn(3, [',', '\t', ' ']).map(str::trim);
                    let hex = parts.next().unwrap_or_default();
                    let quality = parts
                        .next()
                        .filter(|s| !s.is_empty())
                        .map(|q| parse_quality(q).map_err(|m| err(line_no, m)))
                        .transpose()?;
                    let reference = parts
                        .next()
                        .filter(|s| !s.is_empty())
                        .map_or_else(|| line_no.to_string(), str::to_owned);
                    let algo = algo.unwrap_or_else(|| guess_algo(hex, options));
                    let entry = Row {
                        algo,
                        variant: None,
                        hex,
                        reference,
                        quality,
                        window: None,
                        line: line_no,
                    };
                    list.push(entry, options).map_err(|m| err(line_no, m))?;
                }
            }
        }
        Ok(list)
    }

    fn push(&mut self, row: Row<'_>, options: &KnownListOptions) -> Result<(), String> {
        let Row {
            algo,
            variant,
            hex,
            reference,
            quality,
            window,
            line,
        } = row;
        let variant = match (algo, variant) {
            (HashAlgorithm::Pdq, Some(v)) => {
                return Err(format!("pdq has no variants (got `{v}`)"));
            }
            (_, Some(v)) => Some(v.to_owned()),
            (_, None) => crate::hasher::variant_of(algo).map(str::to_owned),
        };
        let hash = ImageHash::from_hex(algo, variant, hex).map_err(|e| e.to_string())?;
        if quality.is_some_and(|q| q < options.min_quality) {
            self.skipped_low_quality += 1;
            return Ok(());
        }
        self.entries.push(KnownEntry {
            hash,
            reference,
            quality,
            window,
            line,
        });
        Ok(())
    }
}

fn guess_algo(hex: &str, options: &KnownListOptions) -> HashAlgorithm {
    if hex.len() == 16 {
        options.short_algorithm
    } else {
        HashAlgorithm::Pdq
    }
}

fn parse_quality(q: &str) -> Result<u8, String> {
    q.parse::<u8>().ok().filter(|&v| v <= 100).ok_or_else(|| {
        format!(
            "invalid quality `{}` (expected 0 to 100)",
            q.chars().take(20).collect::<String>()
        )
    })
}

/// Recognises a header line; `None` when the line is data.
fn header(line: &str) -> Option<Columns> {
    let fields = split_csv(line).ok()?;
    let names: Vec<String> = fields
        .iter()
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    let find = |n: &str| names.iter().position(|x| x == n);
    if let (Some(t), Some(s)) = (find("signal_type"), find("signal_str")) {
        return Some(Columns {
            hash: s,
            threatexchange: Some(t),
            pdq_only: true,
            ..Columns::default()
        });
    }
    let (hash, pdq_only) = match (find("hash"), find("pdq")) {
        (Some(h), _) => (h, false),
        (None, Some(p)) => (p, true),
        (None, None) => return None,
    };
    Some(Columns {
        hash,
        id: find("id"),
        path: find("path"),
        quality: find("quality"),
        window: find("window"),
        algo: find("algo"),
        variant: find("variant"),
        pdq_only,
        threatexchange: None,
    })
}

/// Splits one CSV line (RFC 4180 quoting; a quoted field cannot span lines).
fn split_csv(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == ',' {
            out.push(std::mem::take(&mut field));
            at_start = true;
            continue;
        } else if c == '"' && at_start {
            quoted = true;
        } else {
            field.push(c);
        }
        at_start = false;
    }
    if quoted {
        return Err("unterminated quoted field".to_owned());
    }
    out.push(field);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H1: &str = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    const H2: &str = "d8f8f0cec0f4a84f0637022a278f67f0b36e2ed596621e1d33e6339c4e9c9b22";

    #[test]
    fn our_csv_is_a_known_list() {
        let text = format!(
            "path,algo,window,hash,quality\n\"a,b.jpg\",pdq,,{H1},92\na.jpg,pdq,c90,{H2},88\nlow.jpg,pdq,,{H2},12\nb.jpg,dhash,,f0e4c2c0c0c0e0f0,\n"
        );
        let list =
            KnownList::parse("known.csv", &text, &KnownListOptions::default()).expect("valid");
        assert_eq!(list.entries.len(), 3);
        assert_eq!(list.skipped_low_quality, 1);
        assert_eq!(list.entries[0].reference, "a,b.jpg");
        assert_eq!(list.entries[1].window.as_deref(), Some("c90"));
        assert_eq!(list.entries[2].hash.algo(), HashAlgorithm::Dhash);
    }

    #[test]
    fn a_variant_column_is_kept_and_defaults_to_ours() {
        let text = format!(
            "id,algo,variant,hash\na,dhash,python-imagehash,f0e4c2c0c0c0e0f0\nb,dhash,,f0e4c2c0c0c0e0f0\nc,pdq,,{H1}\n"
        );
        let list = KnownList::parse("v.csv", &text, &KnownListOptions::default()).expect("valid");
        let variants: Vec<Option<&str>> = list.entries.iter().map(|e| e.hash.variant()).collect();
        assert_eq!(
            variants,
            [
                Some("python-imagehash"),
                crate::variant_of(HashAlgorithm::Dhash),
                None
            ]
        );
        let bad = format!("id,algo,variant,hash\nc,pdq,x,{H1}\n");
        let e = KnownList::parse("v.csv", &bad, &KnownListOptions::default()).unwrap_err();
        assert!(
            e.to_string().starts_with("v.csv:2: pdq has no variants"),
            "{e}"
        );
    }

    #[test]
    fn threatexchange_formats() {
        let text = format!(
            "signal_type,signal_str,collab,category,tags\npdq,{H1},c,cat,t\nmd5,abc,c,cat,t\n"
        );
        let list = KnownList::parse("te.csv", &text, &KnownListOptions::default()).expect("valid");
        assert_eq!((list.entries.len(), list.skipped_other), (1, 1));
        assert_eq!(list.entries[0].reference, "2");
        let lines = format!("pdq {H1}\n\n# comment\npdq {H2}\n");
        let list = KnownList::parse("te.txt", &lines, &KnownListOptions::default()).expect("valid");
        assert_eq!(list.entries.len(), 2);
        assert_eq!(list.entries[1].line, 4);
    }

    #[test]
    fn plain_lines_with_quality_and_id() {
        let text = format!("{H1}\n{H2},40,x.jpg\n{H2},90,y.jpg\n");
        let list = KnownList::parse("p.txt", &text, &KnownListOptions::default()).expect("valid");
        assert_eq!(list.entries.len(), 2);
        assert_eq!(list.skipped_low_quality, 1);
        assert_eq!(list.entries[1].reference, "y.jpg");
    }

    #[test]
    fn errors_name_the_line() {
        let text = format!("{H1}\nnot-a-hash\n");
        let e = KnownList::parse("p.txt", &text, &KnownListOptions::default()).unwrap_err();
        assert_eq!(e.code(), redflag_model::ErrorCode::InvalidHash);
        assert!(e.to_string().starts_with("p.txt:2: "), "{e}");
        let e = KnownList::parse("c.csv", "id,pdq\nx,\"abc\n", &KnownListOptions::default())
            .unwrap_err();
        assert!(e.to_string().starts_with("c.csv:2: "), "{e}");
    }
}
