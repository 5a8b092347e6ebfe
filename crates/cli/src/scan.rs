//! `redflag scan`: JSONL documents in, one report or error line per record out, in input order.

use crate::Outcome;
use crate::input::{self, InputFile, Line, LineReader};
use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use redflag::Detector;
use redflag::imagehash::Windows;
use redflag::model::{Document, ErrorCode, ErrorRecord, Part, Region, RiskLevel, Warning};
use redflag::text::Lexicon;
use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;
use std::borrow::Cow;
use std::io::{BufReader, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

/// Options that shape the detector, shared by `scan` and `explain`.
#[derive(Debug, Args)]
pub(crate) struct DetectorArgs {
    /// Add a lexicon (TOML) to the default one; repeatable.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Leave the embedded default lexicon out.
    #[arg(long)]
    no_default_lexicon: bool,
    /// Default region (ISO 3166-1 alpha-2) for national phone numbers; a document's `region` wins.
    #[arg(long, value_name = "CC")]
    region: Option<Region>,
    /// Run only these parts (comma-separated: indicators, entities, images).
    #[arg(long, value_name = "PARTS", value_delimiter = ',')]
    only: Vec<Part>,
    /// Leave a lexicon category out (repeatable, or comma-separated).
    #[arg(long, value_name = "CATEGORY", value_delimiter = ',')]
    exclude_category: Vec<String>,
    /// Leave out bias-sensitive rules (ethnicity and nationality cues).
    #[arg(long)]
    no_sensitive: bool,
    /// Most indicator hits reported per rule and document; a `hit_cap` warning marks a report
    /// that reached it.
    #[arg(long, default_value_t = 32, value_name = "N")]
    max_hits_per_rule: usize,
    /// Most indicator hits reported per document; a `hit_cap` warning marks a report that reached
    /// it.
    #[arg(long, default_value_t = 512, value_name = "N")]
    max_hits: usize,
    #[command(flatten)]
    pub(crate) images: crate::known::ImageLimitArgs,
}

impl DetectorArgs {
    /// Builds the detector these options describe.
    pub(crate) fn build(&self) -> anyhow::Result<Detector> {
        self.build_with(None, Windows::None)
    }

    /// Builds the detector, with known image hashes to match document images against, writing
    /// the crop-window hashes `report_windows` selects into each report.
    pub(crate) fn build_with(
        &self,
        known: Option<redflag::imagehash::HashIndex>,
        report_windows: Windows,
    ) -> anyhow::Result<Detector> {
        let mut lexicon = if self.no_default_lexicon {
            Lexicon::empty()
        } else {
            Lexicon::embedded()
        };
        for path in &self.lexicons {
            let extra = Lexicon::from_path(path)?;
            lexicon.merge(extra, &path.display().to_string())?;
        }
        let mut builder = Detector::builder();
        builder.lexicon(lexicon);
        for c in &self.exclude_category {
            builder.exclude_category(c.clone());
        }
        if self.no_sensitive {
            builder.sensitive(redflag::text::Sensitive::Exclude);
        }
        builder
            .max_hits_per_rule(self.max_hits_per_rule)
            .max_hits(self.max_hits)
            .image_limits(self.images.limits());
        if let Some(region) = self.region {
            builder.region(region);
        }
        if !self.only.is_empty() {
            builder.parts(&self.only);
        }
        if let Some(index) = known {
            builder.known(index);
        }
        builder.report_windows(report_windows);
        Ok(builder.build()?)
    }
}

/// How JSONL records are read, shared by the commands that read documents.
#[derive(Debug, Args)]
pub(crate) struct RecordArgs {
    /// The field holding the document text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub(crate) text_field: String,
    /// The field holding the document id (a missing id becomes `<path>:<line>`).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub(crate) id_field: String,
    /// Largest record, in bytes; a longer line becomes a `too_large` error record.
    #[arg(long, default_value_t = 1 << 20, value_name = "N")]
    pub(crate) max_bytes: usize,
}

/// Arguments of `redflag scan`.
#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// JSONL files (one document per line), `.txt` files (one document per file), folders of them,
    /// or `-` for stdin (the default).
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    #[command(flatten)]
    detector: DetectorArgs,
    /// Known image hashes (hash list or folder of images) to match document images against;
    /// repeatable. Image paths in documents are relative to the JSONL file.
    #[arg(long, value_name = "FILE")]
    known: Vec<String>,
    #[command(flatten)]
    records: RecordArgs,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Write the reports to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Replace identifier values (phones, emails, URLs, handles, crypto) with SHA-256 tokens salted
    /// with SALT, and withhold their matched text, to share results without the data. Keep the salt
    /// secret; the same salt gives the same token for the same identifier.
    #[arg(long, value_name = "SALT")]
    redact: Option<String>,
    /// Also hash document images in 20 crop windows and write them into the report
    /// (`images[].windows`), so that `redflag link` on the reports joins cropped copies of a photo.
    #[arg(long)]
    windows: bool,
}

/// A unit of work: one record (a JSONL line or a whole `.txt` file), or an input that failed.
enum Item {
    Line {
        line: Line,
        file: usize,
    },
    Whole {
        bytes: Vec<u8>,
        len: u64,
        file: usize,
    },
    Unreadable {
        file: usize,
        message: String,
    },
}

/// What processing a run of items produced: their output lines, one after the other.
struct Produced {
    /// The lines' JSON, each ended by a newline (only UTF-8 is written; kept as bytes, never
    /// re-validated).
    json: Vec<u8>,
    /// Per item, the report's level, or `None` for an error record.
    levels: Vec<Option<RiskLevel>>,
}

/// Most items a worker processes into one output buffer (fewer for small batches, so that every
/// thread gets work).
const CHUNK_RECORDS: usize = 64;

struct Ctx<'a> {
    detector: &'a Detector,
    files: &'a [InputFile],
    bases: Vec<PathBuf>,
    text_field: &'a str,
    id_field: &'a str,
    max_bytes: usize,
    redact: Option<&'a str>,
    /// The detector's provenance as JSON, written into every report.
    provenance: Vec<u8>,
}

const BATCH_BYTES: usize = 8 << 20;
const BATCH_RECORDS: usize = 4096;

pub(crate) fn run(args: ScanArgs) -> anyhow::Result<Outcome> {
    let known = if args.known.is_empty() {
        None
    } else {
        let (index, summary) = crate::known::load(
            &args.known,
            &crate::known::folder_hasher(args.detector.images.limits())?,
        )?;
        if !args.quiet {
            say!("redflag scan: {}", summary.describe());
        }
        Some(index)
    };
    let report_windows = if args.windows {
        Windows::Standard
    } else {
        Windows::None
    };
    let detector = args.detector.build_with(known, report_windows)?;
    let files = input::expand(&args.paths, &["jsonl", "json", "ndjson", "txt"])
        .context("cannot list the inputs")?;
    let pool = crate::output::worker_pool(args.jobs)?;
    let mut out = crate::output::open(args.output.as_deref())?;
    let ctx = Ctx {
        detector: &detector,
        bases: files.iter().map(InputFile::base_dir).collect(),
        files: &files,
        text_field: &args.records.text_field,
        id_field: &args.records.id_field,
        max_bytes: args.records.max_bytes,
        redact: args.redact.as_deref(),
        provenance: crate::report_json::provenance_json(detector.provenance())
            .context("cannot serialize the provenance")?,
    };

    let progress = progress_bar(None);
    let (tx, rx) = sync_channel::<Vec<Item>>(2);
    let reader_files = files.clone();
    let max_bytes = args.records.max_bytes;
    let reader = std::thread::spawn(move || read_all(&reader_files, max_bytes, &tx));

    let mut counts = Counts::default();
    let mut write_result = Ok(());
    for batch in rx.iter() {
        // Runs of records share one output buffer: one allocation and one write per run.
        let chunk = (batch.len() / (4 * pool.current_num_threads()).max(1)).clamp(1, CHUNK_RECORDS);
        let produced: Vec<Produced> = pool.install(|| {
            batch
                .par_chunks(chunk)
                .map(|items| process_run(&ctx, items))
                .collect()
        });
        for p in &produced {
            for level in &p.levels {
                counts.add(*level);
            }
            if let Err(e) = out.write_all(&p.json) {
                write_result = Err(e);
                break;
            }
        }
        progress.inc(batch.len() as u64);
        if write_result.is_err() {
            break;
        }
    }
    drop(rx);
    let read_result = reader
        .join()
        .map_err(|_| anyhow::anyhow!("the input reader thread failed"))?;
    write_result.context("cannot write output")?;
    out.flush().context("cannot write output")?;
    read_result?;
    progress.finish_and_clear();
    if !args.quiet {
        say!("{}", counts.summary());
    }
    Ok(if counts.errors > 0 {
        Outcome::RecordErrors
    } else {
        Outcome::Clean
    })
}

/// A progress bar on stderr when it is a terminal, hidden otherwise; with a total when known.
pub(crate) fn progress_bar(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(n) => (
            ProgressBar::new(n),
            "{bar:40} {human_pos}/{human_len}  {per_sec}  eta {eta}",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} {human_pos} records  {per_sec}  {elapsed}",
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Reads every input in order and sends batches of records; stops when the receiver is gone.
fn read_all(
    files: &[InputFile],
    max_bytes: usize,
    tx: &std::sync::mpsc::SyncSender<Vec<Item>>,
) -> anyhow::Result<()> {
    let mut batch = Vec::new();
    let mut batch_bytes = 0usize;
    let send = |batch: &mut Vec<Item>, batch_bytes: &mut usize| -> bool {
        *batch_bytes = 0;
        tx.send(std::mem::take(batch)).is_ok()
    };
    for (index, file) in files.iter().enumerate() {
        let reader: Box<dyn Read> = match &file.path {
            None => Box::new(std::io::stdin().lock()),
            Some(p) => match std::fs::File::open(p) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    batch.push(Item::Unreadable {
                        file: index,
                        message: format!("cannot open {}: {e}", file.display),
                    });
                    continue;
                }
            },
        };
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        if file.is_txt() {
            batch.push(read_whole(&mut reader, max_bytes, index, &file.display));
            continue;
        }
        let mut lines = LineReader::new(reader, max_bytes);
        loop {
            match lines.next_line() {
                Ok(Some(line)) => {
                    if line.bytes.iter().all(u8::is_ascii_whitespace)
                        && line.len as usize == line.bytes.len()
                    {
                        continue; // blank lines are not records, but they count in line numbers
                    }
                    batch_bytes += line.bytes.len();
                    batch.push(Item::Line { line, file: index });
                    if (batch_bytes >= BATCH_BYTES || batch.len() >= BATCH_RECORDS)
                        && !send(&mut batch, &mut batch_bytes)
                    {
                        return Ok(());
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    batch.push(Item::Unreadable {
                        file: index,
                        message: format!(
                            "cannot read {} after line {}: {e}",
                            file.display,
                            lines.lines_read()
                        ),
                    });
                    break;
                }
            }
        }
    }
    if !batch.is_empty() {
        send(&mut batch, &mut batch_bytes);
    }
    Ok(())
}

fn read_whole(reader: &mut impl Read, max_bytes: usize, file: usize, display: &str) -> Item {
    let mut bytes = Vec::new();
    let limit = max_bytes as u64 + 1;
    match reader.by_ref().take(limit).read_to_end(&mut bytes) {
        Ok(_) => {
            let mut len = bytes.len() as u64;
            if len == limit {
                match std::io::copy(reader, &mut std::io::sink()) {
                    Ok(rest) => len += rest,
                    Err(e) => {
                        return Item::Unreadable {
                            file,
                            message: format!("cannot read {display}: {e}"),
                        };
                    }
                }
            }
            Item::Whole { bytes, len, file }
        }
        Err(e) => Item::Unreadable {
            file,
            message: format!("cannot read {display}: {e}"),
        },
    }
}

/// Processes a run of items into one buffer of output lines.
fn process_run(ctx: &Ctx<'_>, items: &[Item]) -> Produced {
    // Sized for typical reports so the buffer grows at most once or twice.
    let mut json = Vec::with_capacity(items.len() * 1536);
    let levels = items
        .iter()
        .map(|item| {
            let level = process(ctx, item, &mut json);
            json.push(b'\n');
            level
        })
        .collect();
    Produced { json, levels }
}

/// Writes one item's output line (without its newline) onto `out`: the report, or the error
/// record that replaces it; returns the report's level, `None` for an error record.
fn process(ctx: &Ctx<'_>, item: &Item, out: &mut Vec<u8>) -> Option<RiskLevel> {
    match item {
        Item::Line { line, file } => {
            let display = &ctx.files[*file].display;
            let result = if line.len as usize > ctx.max_bytes {
                Err(ErrorRecord::new(
                    ErrorCode::TooLarge,
                    format!(
                        "record is {} bytes, over the limit of {} (--max-bytes)",
                        line.len, ctx.max_bytes
                    ),
                ))
            } else {
                record_to_document(ctx, &line.bytes, display, line.number)
                    .map(|(doc, warnings)| scan_document(ctx, *file, &doc, warnings, out))
            };
            finish(result, display, Some(line.number), out)
        }
        Item::Whole { bytes, len, file } => {
            let display = &ctx.files[*file].display;
            let result = if *len as usize > ctx.max_bytes {
                Err(ErrorRecord::new(
                    ErrorCode::TooLarge,
                    format!(
                        "document is {len} bytes, over the limit of {} (--max-bytes)",
                        ctx.max_bytes
                    ),
                ))
            } else {
                match std::str::from_utf8(bytes) {
                    Ok(text) => Ok(scan_document(
                        ctx,
                        *file,
                        &Document::new(display.clone(), text),
                        Vec::new(),
                        out,
                    )),
                    Err(e) => Err(ErrorRecord::new(ErrorCode::InvalidUtf8, utf8_message(&e))
                        .with_id(display.clone())),
                }
            };
            finish(result, display, None, out)
        }
        Item::Unreadable { file, message } => {
            let display = &ctx.files[*file].display;
            finish(
                Err(ErrorRecord::new(ErrorCode::Io, message.clone())),
                display,
                None,
                out,
            )
        }
    }
}

/// Passes a report's level through, or writes the error record (with path and line) onto `out`.
fn finish(
    result: Result<RiskLevel, ErrorRecord>,
    display: &str,
    line: Option<u64>,
    out: &mut Vec<u8>,
) -> Option<RiskLevel> {
    match result {
        Ok(level) => Some(level),
        Err(mut rec) => {
            rec = rec.with_path(display);
            if let Some(n) = line {
                rec = rec.with_line(n);
            }
            let start = out.len();
            if let Err(e) = serde_json::to_writer(&mut *out, &rec) {
                out.truncate(start);
                out.extend_from_slice(format!(r#"{{"type":"error","error":"invalid_field","message":"cannot serialize error record: {e}"}}"#).as_bytes());
            }
            None
        }
    }
}

fn scan_document(
    ctx: &Ctx<'_>,
    file: usize,
    doc: &Document,
    warnings: Vec<Warning>,
    out: &mut Vec<u8>,
) -> RiskLevel {
    // The provenance is the same in every report: rendered once (`ctx.provenance`), not copied.
    let mut report = ctx.detector.scan_unstamped_in(doc, &ctx.bases[file]);
    report.warnings.splice(0..0, warnings);
    if let Some(salt) = ctx.redact {
        crate::redact::redact(&mut report, salt);
    }
    let start = out.len();
    let written = crate::report_json::write_report(out, &report, Some(&ctx.provenance));
    if let Err(e) = written {
        // Reports hold only strings, numbers and enums; this cannot fail, but never lose the record.
        out.truncate(start);
        out.extend_from_slice(format!(r#"{{"type":"error","id":{},"error":"invalid_field","message":"cannot serialize report: {e}"}}"#,
            Value::String(doc.id.clone())).as_bytes());
    }
    report.level
}

pub(crate) fn utf8_message(e: &std::str::Utf8Error) -> String {
    format!("invalid UTF-8 at byte {}", e.valid_up_to())
}

/// Turns one JSONL record into a document, or the error record that replaces it.
///
/// Parses straight into the few fields a document needs (the text borrowed from the line when it
/// has no escapes); every other field is skipped without building a tree.
fn record_to_document(
    ctx: &Ctx<'_>,
    bytes: &[u8],
    display: &str,
    line: u64,
) -> Result<(Document, Vec<Warning>), ErrorRecord> {
    parse_record(bytes, ctx.text_field, ctx.id_field, display, line)
}

/// `record_to_document` with the field names given.
fn parse_record(
    bytes: &[u8],
    text_field: &str,
    id_field: &str,
    display: &str,
    line: u64,
) -> Result<(Document, Vec<Warning>), ErrorRecord> {
    // SIMD validation; std's (slower) only to say where an invalid line goes wrong.
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => std::str::from_utf8(bytes)
            .map_err(|e| ErrorRecord::new(ErrorCode::InvalidUtf8, utf8_message(&e)))?,
    };
    let seed = RecordSeed {
        text_field,
        id_field,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let record = seed
        .deserialize(&mut de)
        .and_then(|r| de.end().map(|()| r))
        .map_err(|e| ErrorRecord::new(ErrorCode::InvalidJson, e.to_string()))?;
    match record {
        Parsed::Object(slots) => slots_to_document(slots, id_field, text_field, display, line),
        Parsed::NotObject(found) => Err(ErrorRecord::new(
            ErrorCode::InvalidJson,
            format!("expected a JSON object, found {found}"),
        )),
    }
}

/// Turns a parsed JSON record into a document (fields named by `text_field`/`id_field`), or the
/// error record that replaces it.
pub(crate) fn value_to_document(
    value: Value,
    text_field: &str,
    id_field: &str,
    display: &str,
    line: u64,
) -> Result<(Document, Vec<Warning>), ErrorRecord> {
    let Value::Object(mut map) = value else {
        return Err(ErrorRecord::new(
            ErrorCode::InvalidJson,
            format!("expected a JSON object, found {}", json_type(&value)),
        ));
    };
    let id = map.get(id_field).map(Field::from_value);
    let text = map.remove(text_field).map(Field::from_owned_value);
    let slots = Slots {
        id,
        text,
        region: map.get("region").map(Field::from_value),
        lang: map.get("lang").map(Field::from_value),
        images: map.get("images").map(Field::from_value),
    };
    slots_to_document(slots, id_field, text_field, display, line)
}

/// The fields of a record a document is made of, as they were found.
#[derive(Default)]
struct Slots<'a> {
    id: Option<Field<'a>>,
    text: Option<Field<'a>>,
    region: Option<Field<'a>>,
    lang: Option<Field<'a>>,
    images: Option<Field<'a>>,
}

/// A JSON value as far as a document needs it: strings (borrowed when possible), numbers, arrays of
/// such values, and the type of anything else.
#[derive(Clone, Debug)]
enum Field<'a> {
    Null,
    Str(Cow<'a, str>),
    Number(serde_json::Number),
    Array(Vec<Field<'a>>),
    /// Any other value, by its type (`a boolean`, `an object`).
    Other(&'static str),
}

impl Field<'_> {
    fn type_name(&self) -> &'static str {
        match self {
            Field::Null => "null",
            Field::Str(_) => "a string",
            Field::Number(_) => "a number",
            Field::Array(_) => "an array",
            Field::Other(t) => t,
        }
    }

    fn from_value(v: &Value) -> Field<'static> {
        match v {
            Value::Null => Field::Null,
            Value::String(s) => Field::Str(Cow::Owned(s.clone())),
            Value::Number(n) => Field::Number(n.clone()),
            Value::Array(items) => Field::Array(items.iter().map(Field::from_value).collect()),
            other => Field::Other(json_type(other)),
        }
    }

    fn from_owned_value(v: Value) -> Field<'static> {
        match v {
            Value::String(s) => Field::Str(Cow::Owned(s)),
            other => Field::from_value(&other),
        }
    }
}

impl<'de> Deserialize<'de> for Field<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_none<E>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Field<'de>, E> {
        Ok(Field::Other("a boolean"))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Field<'de>, E> {
        Ok(Field::Number(n.into()))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Field<'de>, E> {
        Ok(Field::Number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Field<'de>, E> {
        // serde_json never yields a non-finite number; `Other` keeps the record if it ever did.
        Ok(serde_json::Number::from_f64(n).map_or(Field::Other("a number"), Field::Number))
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Borrowed(s)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(s.to_owned())))
    }
    fn visit_string<E>(self, s: String) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(s)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Field<'de>>()? {
            items.push(item);
        }
        Ok(Field::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field<'de>, A::Error> {
        // Values are read as fields, not skipped: skipping would not count nesting depth, and
        // records nested deeper than serde_json's recursion limit stay `invalid_json`.
        while map.next_entry::<IgnoredAny, Field<'de>>()?.is_some() {}
        Ok(Field::Other("an object"))
    }
}

/// A parsed record: the document's fields, or the type of a record that is not an object.
enum Parsed<'a> {
    Object(Slots<'a>),
    NotObject(&'static str),
}

/// Parses a record with the field names chosen on the command line.
struct RecordSeed<'n> {
    text_field: &'n str,
    id_field: &'n str,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Parsed<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Parsed<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Parsed<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed<'de>, A::Error> {
        // As with a parsed object: the last of duplicate keys wins; the text field is taken out
        // before `region`, `lang` and `images` are looked at, while the id field is looked at first.
        let mut slots = Slots::default();
        while let Some(key) = map.next_key::<Field<'de>>()? {
            // serde_json keys are always strings.
            let key: &str = match &key {
                Field::Str(k) => k,
                _ => "",
            };
            let (is_id, is_text) = (key == self.id_field, key == self.text_field);
            let wanted = matches!(key, "region" | "lang" | "images");
            if !(is_id || is_text || wanted) {
                // Read, not skipped (see `FieldVisitor::visit_map`).
                map.next_value::<Field<'de>>()?;
                continue;
            }
            let value = map.next_value::<Field<'de>>()?;
            if is_id {
                slots.id = Some(value.clone());
            }
            if is_text {
                slots.text = Some(value);
                continue;
            }
            match key {
                "region" => slots.region = Some(value),
                "lang" => slots.lang = Some(value),
                "images" => slots.images = Some(value),
                _ => {}
            }
        }
        Ok(Parsed::Object(slots))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed<'de>, A::Error> {
        while seq.next_element::<Field<'de>>()?.is_some() {}
        Ok(Parsed::NotObject("an array"))
    }
    fn visit_unit<E>(self) -> Result<Parsed<'de>, E> {
        Ok(Parsed::NotObject("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Parsed<'de>, E> {
        Ok(Parsed::NotObject("a boolean"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Parsed<'de>, E> {
        Ok(Parsed::NotObject("a number"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Parsed<'de>, E> {
        Ok(Parsed::NotObject("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Parsed<'de>, E> {
        Ok(Parsed::NotObject("a number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<Parsed<'de>, E> {
        Ok(Parsed::NotObject("a string"))
    }
}

/// The document made of a record's fields, or the error record that replaces it.
fn slots_to_document(
    slots: Slots<'_>,
    id_field: &str,
    text_field: &str,
    display: &str,
    line: u64,
) -> Result<(Document, Vec<Warning>), ErrorRecord> {
    let id = match slots.id {
        None | Some(Field::Null) => None,
        Some(Field::Str(s)) => Some(s.into_owned()),
        Some(Field::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(ErrorRecord::new(
                ErrorCode::InvalidField,
                format!(
                    "field `{}` must be a string or a number, found {}",
                    id_field,
                    other.type_name()
                ),
            ));
        }
    };
    let with_id = |rec: ErrorRecord| match &id {
        Some(id) => rec.with_id(id.clone()),
        None => rec,
    };
    let text = match slots.text {
        Some(Field::Str(s)) => s.into_owned(),
        None => {
            return Err(with_id(ErrorRecord::new(
                ErrorCode::MissingField,
                format!("missing field `{}`", text_field),
            )));
        }
        Some(other) => {
            return Err(with_id(ErrorRecord::new(
                ErrorCode::InvalidField,
                format!(
                    "field `{}` must be a string, found {}",
                    text_field,
                    other.type_name()
                ),
            )));
        }
    };
    let id =
        id.unwrap_or_else(|| format!("{}:{line}", if display == "-" { "stdin" } else { display }));
    let mut doc = Document::new(id, text);
    let mut warnings = Vec::new();
    match slots.region {
        None | Some(Field::Null) => {}
        Some(Field::Str(s)) => match s.parse::<Region>() {
            Ok(r) => doc.region = Some(r),
            Err(e) => warnings.push(Warning::new("invalid_region", format!("{e}; ignored"))),
        },
        Some(other) => warnings.push(Warning::new(
            "invalid_region",
            format!(
                "field `region` must be a string, found {}; ignored",
                other.type_name()
            ),
        )),
    }
    if let Some(Field::Str(lang)) = slots.lang {
        doc.lang = Some(lang.into_owned());
    }
    match slots.images {
        None | Some(Field::Null) => {}
        Some(Field::Array(items)) => {
            for item in items {
                match item {
                    Field::Str(p) => doc.images.push(p.into_owned()),
                    other => warnings.push(Warning::new(
                        "invalid_image",
                        format!(
                            "image entries must be strings, found {}; skipped",
                            other.type_name()
                        ),
                    )),
                }
            }
        }
        Some(other) => warnings.push(Warning::new(
            "invalid_image",
            format!(
                "field `images` must be an array of paths, found {}; ignored",
                other.type_name()
            ),
        )),
    }
    Ok((doc, warnings))
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[derive(Default)]
struct Counts {
    reports: u64,
    errors: u64,
    levels: [u64; 4],
}

impl Counts {
    fn add(&mut self, level: Option<RiskLevel>) {
        match level {
            Some(l) => {
                self.reports += 1;
                self.levels[l as usize] += 1;
            }
            None => self.errors += 1,
        }
    }

    fn summary(&self) -> String {
        format!(
            "redflag scan: {} records: {} reports (high {}, medium {}, low {}, none {}), {} errors",
            self.reports + self.errors,
            self.reports,
            self.levels[RiskLevel::High as usize],
            self.levels[RiskLevel::Medium as usize],
            self.levels[RiskLevel::Low as usize],
            self.levels[RiskLevel::None as usize],
            self.errors
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed reader gives exactly what parsing into a `Value` first gives.
    #[test]
    fn typed_records_read_like_values() {
        let records = [
            r#"{"id":"a","text":"plain text","region":"RO","lang":"ro","images":["x.jpg"]}"#,
            r#"{"id":"a\"b","text":"esc\u00e9ped\n\"text\"","extra":{"k":[1,2,{"z":null}]}}"#,
            r#"{"id":7,"text":"n"}"#,
            r#"{"id":-7,"text":"n"}"#,
            r#"{"id":1.5e3,"text":"n"}"#,
            r#"{"id":true,"text":"n"}"#,
            r#"{"id":"dup","id":"last","text":"first","text":"second"}"#,
            r#"{"id":"x","text":5}"#,
            r#"{"id":"x","text":{"a":1}}"#,
            r#"{"id":"x","text":["a"]}"#,
            r#"{"id":"x"}"#,
            r#"{"text":"no id"}"#,
            r#"{"id":null,"text":"null id"}"#,
            r#"{"id":"x","text":"t","region":"ZZ9"}"#,
            r#"{"id":"x","text":"t","region":7}"#,
            r#"{"id":"x","text":"t","images":"one.jpg"}"#,
            r#"{"id":"x","text":"t","images":["a.jpg",3,null,["b"],{"c":1}]}"#,
            r#"{"id":"x","text":"t","lang":5}"#,
            r#"[1,2]"#,
            r#""text""#,
            r#"12"#,
            r#"null"#,
            r#"true"#,
        ];
        let same = |a: &Result<(Document, Vec<Warning>), ErrorRecord>,
                    b: &Result<(Document, Vec<Warning>), ErrorRecord>| {
            serde_json::to_string(a).expect("serializes")
                == serde_json::to_string(b).expect("serializes")
        };
        for fields in [
            ("text", "id"),
            ("body", "ref"),
            ("text", "text"),
            ("region", "id"),
        ] {
            for r in records {
                let typed = parse_record(r.as_bytes(), fields.0, fields.1, "in.jsonl", 3);
                let value: Value = serde_json::from_str(r).expect("valid JSON");
                let via_value = value_to_document(value, fields.0, fields.1, "in.jsonl", 3);
                assert!(same(&typed, &via_value), "{r} with {fields:?}");
            }
        }
        // Escapes are decoded; the text is borrowed from the line only when it has none.
        let (doc, _) =
            parse_record(records[1].as_bytes(), "text", "id", "-", 1).expect("a document");
        assert_eq!(doc.text, "esc\u{e9}ped\n\"text\"");
        assert_eq!(doc.id, "a\"b");
        // Invalid JSON and trailing characters stay errors.
        for bad in [
            r#"{"id":"x","text":"t"} x"#,
            r#"{"id":"x","text":"t""#,
            "{\"a\":\u{1}}",
        ] {
            let err = parse_record(bad.as_bytes(), "text", "id", "-", 1).expect_err(bad);
            assert_eq!(err.error, ErrorCode::InvalidJson, "{bad}");
        }
        // Nesting deeper than serde_json's limit, even in a field that is not read, is refused.
        let deep = format!(
            r#"{{"id":"d","text":"x","extra":{}1{}}}"#,
            r#"{"a":"#.repeat(500),
            "}".repeat(500)
        );
        let err = parse_record(deep.as_bytes(), "text", "id", "-", 1).expect_err("too deep");
        assert!(err.message.contains("recursion limit"), "{}", err.message);
    }
}
