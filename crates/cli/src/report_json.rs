//! A report writer for `redflag scan` that produces exactly the bytes `serde_json::to_writer`
//! produces for a [`Report`], faster.
//!
//! serde_json spends most of a report's serialization escaping strings one byte at a time through
//! `io::Write`; most of those strings are the same in every report (the provenance) or plain ASCII.
//! This writer copies the provenance from JSON rendered once per run, checks strings for bytes that
//! need escaping sixteen at a time (a loop the compiler turns into vector compares), and leaves
//! numbers to serde_json's own formatters (so floats and integers are written by the same code).
//! Image findings, entity kinds this writer does not know, and error records go through serde_json.
//! The model types keep their `Serialize` implementations: this is an output path of the CLI only,
//! tested byte for byte against `serde_json::to_vec` (unit tests and proptests below).

use redflag::model::{
    Contribution, Entity, EntityValue, IndicatorHit, Provenance, Report, Transform, Warning,
};
use serde::Serialize;

/// Writes `report` as one line of JSON (without the newline) onto `out`: the bytes of
/// `serde_json::to_writer(out, report)`, except that `provenance`, when given, is written in
/// place of `report.provenance` (it must be the compact JSON of a [`Provenance`], as
/// [`provenance_json`] renders it).
///
/// # Errors
/// Only what serde_json reports for the parts it writes (nothing, for a `Vec<u8>`).
pub(crate) fn write_report(
    out: &mut Vec<u8>,
    report: &Report,
    provenance: Option<&[u8]>,
) -> serde_json::Result<()> {
    out.extend_from_slice(br#"{"type":"report","schema":"#);
    write_str(out, &report.schema);
    out.extend_from_slice(br#","id":"#);
    write_str(out, &report.id);
    out.extend_from_slice(br#","sha256":"#);
    write_str(out, &report.sha256);
    out.extend_from_slice(br#","score":"#);
    write_number(out, &report.score)?;
    out.extend_from_slice(br#","level":""#);
    out.extend_from_slice(report.level.as_str().as_bytes());
    out.extend_from_slice(br#"","indicators":["#);
    write_list(out, &report.indicators, write_hit)?;
    out.extend_from_slice(br#"],"entities":["#);
    write_list(out, &report.entities, write_entity)?;
    out.extend_from_slice(br#"],"images":["#);
    write_list(out, &report.images, |out, image| {
        serde_json::to_writer(out, image)
    })?;
    out.extend_from_slice(br#"],"contributions":["#);
    write_list(out, &report.contributions, write_contribution)?;
    out.extend_from_slice(br#"],"provenance":"#);
    match provenance {
        Some(json) => out.extend_from_slice(json),
        None => serde_json::to_writer(&mut *out, &report.provenance)?,
    }
    out.extend_from_slice(br#","warnings":["#);
    write_list(out, &report.warnings, |out, w| {
        write_warning(out, w);
        Ok(())
    })?;
    out.extend_from_slice(b"]}");
    Ok(())
}

/// Writes `items` separated by commas (the brackets are the caller's).
fn write_list<T>(
    out: &mut Vec<u8>,
    items: &[T],
    mut write: impl FnMut(&mut Vec<u8>, &T) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item)?;
    }
    Ok(())
}

/// The compact JSON of a provenance, rendered once per run for [`write_report`].
///
/// # Errors
/// As `serde_json::to_vec` (never, for this type).
pub(crate) fn provenance_json(provenance: &Provenance) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(provenance)
}

fn write_hit(out: &mut Vec<u8>, hit: &IndicatorHit) -> serde_json::Result<()> {
    out.extend_from_slice(br#"{"rule":"#);
    write_str(out, hit.rule.as_str());
    out.extend_from_slice(br#","category":"#);
    write_str(out, &hit.category);
    out.extend_from_slice(br#","weight":"#);
    write_number(out, &hit.weight)?;
    write_hit_middle(out, hit)?;
    write_rule_tail(out, hit);
    if let Some(signal) = &hit.signal {
        out.extend_from_slice(br#","signal":"#);
        write_str(out, signal);
    }
    out.push(b'}');
    Ok(())
}

/// The per-hit fields between the rule's `weight` and `evidence`: span, matched, normalized, transforms.
fn write_hit_middle(out: &mut Vec<u8>, hit: &IndicatorHit) -> serde_json::Result<()> {
    write_span(out, hit.span)?;
    out.extend_from_slice(br#","matched":"#);
    write_str(out, &hit.matched);
    out.extend_from_slice(br#","normalized":"#);
    write_str(out, &hit.normalized);
    out.extend_from_slice(br#","transforms":["#);
    write_list(out, &hit.transforms, |out, t| {
        write_transform(out, *t);
        Ok(())
    })?;
    out.push(b']');
    Ok(())
}

/// The rule's fields after the transforms: `evidence` and `source`, when it has them.
fn write_rule_tail(out: &mut Vec<u8>, hit: &IndicatorHit) {
    if let Some(evidence) = &hit.evidence {
        out.extend_from_slice(br#","evidence":"#);
        write_str(out, evidence);
    }
    if let Some(source) = &hit.source {
        out.extend_from_slice(br#","source":"#);
        write_str(out, source);
    }
}

/// A transform family by its wire name; a family added to the model after this writer goes
/// through serde_json.
/// `Transform::as_str` is the serde name of every family (pinned by the model's wire tests).
fn write_transform(out: &mut Vec<u8>, t: Transform) {
    out.push(b'"');
    out.extend_from_slice(t.as_str().as_bytes());
    out.push(b'"');
}

fn write_entity(out: &mut Vec<u8>, entity: &Entity) -> serde_json::Result<()> {
    use EntityValue::{Age, Crypto, Email, Handle, Phone, Price, Url};
    if !matches!(
        entity.value,
        Phone { .. }
            | Email { .. }
            | Url { .. }
            | Handle { .. }
            | Crypto { .. }
            | Price { .. }
            | Age { .. }
    ) {
        // A kind added to the model after this writer: serde_json writes the whole entity.
        return serde_json::to_writer(&mut *out, entity);
    }
    out.extend_from_slice(br#"{"kind":""#);
    out.extend_from_slice(entity.kind().as_str().as_bytes());
    out.push(b'"');
    match &entity.value {
        EntityValue::Phone { value }
        | EntityValue::Email { value }
        | EntityValue::Url { value }
        | EntityValue::Age { value } => {
            out.extend_from_slice(br#","value":"#);
            write_str(out, value);
        }
        EntityValue::Handle { platform, value } => {
            out.extend_from_slice(br#","platform":""#);
            out.extend_from_slice(platform.as_str().as_bytes());
            out.extend_from_slice(br#"","value":"#);
            write_str(out, value);
        }
        EntityValue::Crypto { chain, value } => {
            out.extend_from_slice(br#","chain":""#);
            out.extend_from_slice(chain.as_str().as_bytes());
            out.extend_from_slice(br#"","value":"#);
            write_str(out, value);
        }
        EntityValue::Price {
            value,
            currency,
            per,
        } => {
            out.extend_from_slice(br#","value":"#);
            write_str(out, value);
            if let Some(currency) = currency {
                out.extend_from_slice(br#","currency":"#);
                write_str(out, currency);
            }
            if let Some(per) = per {
                out.extend_from_slice(br#","per":""#);
                out.extend_from_slice(per.as_str().as_bytes());
                out.push(b'"');
            }
        }
        // Ruled out above.
        _ => {}
    }
    write_span(out, entity.span)?;
    out.extend_from_slice(br#","matched":"#);
    write_str(out, &entity.matched);
    if entity.obfuscated {
        out.extend_from_slice(br#","obfuscated":true"#);
    }
    out.push(b'}');
    Ok(())
}

fn write_contribution(out: &mut Vec<u8>, c: &Contribution) -> serde_json::Result<()> {
    out.extend_from_slice(br#"{"rule":"#);
    write_str(out, c.rule.as_str());
    out.extend_from_slice(br#","points":"#);
    write_number(out, &c.points)?;
    out.push(b'}');
    Ok(())
}

fn write_warning(out: &mut Vec<u8>, w: &Warning) {
    out.extend_from_slice(br#"{"code":"#);
    write_str(out, &w.code);
    out.extend_from_slice(br#","message":"#);
    write_str(out, &w.message);
    out.push(b'}');
}

fn write_span(out: &mut Vec<u8>, span: redflag::model::Span) -> serde_json::Result<()> {
    out.extend_from_slice(br#","start":"#);
    write_number(out, &span.start())?;
    out.extend_from_slice(br#","end":"#);
    write_number(out, &span.end())
}

/// A number, written by serde_json's own formatter (integers and floats alike, `null` for a
/// non-finite float), so it is the same text serde_json writes inside a report.
fn write_number<T: Serialize>(out: &mut Vec<u8>, n: &T) -> serde_json::Result<()> {
    n.serialize(&mut serde_json::Serializer::new(out))
}

/// Whether serde_json escapes this byte in a string: `"`, `\` and the control bytes below 0x20.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any of the bytes needs escaping (no early exit).
#[inline(always)]
fn any_needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| any | needs_escape(b))
}

/// Whether any of sixteen bytes needs escaping: a fixed length, so the compiler compares them as
/// one vector.
#[inline(always)]
fn chunk_needs_escape(chunk: &[u8]) -> bool {
    match <&[u8; 16]>::try_from(chunk) {
        Ok(c) => c.iter().fold(false, |any, &b| any | needs_escape(b)),
        Err(_) => any_needs_escape(chunk),
    }
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, and
/// `\u00xx` (lowercase hex) for the other control bytes; everything else, non-ASCII included, as
/// it is.
fn write_str(out: &mut Vec<u8>, s: &str) {
    const CHUNK: usize = 16;
    let bytes = s.as_bytes();
    // Most strings need no escape: check them in sixteen-byte chunks (the last chunk overlapping
    // the one before it), shorter ones byte by byte, and copy them whole.
    let clean = if bytes.len() >= CHUNK {
        bytes.chunks_exact(CHUNK).all(|c| !chunk_needs_escape(c))
            && !chunk_needs_escape(&bytes[bytes.len() - CHUNK..])
    } else {
        !any_needs_escape(bytes)
    };
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if clean {
        out.extend_from_slice(bytes);
    } else {
        let mut run = 0; // start of the bytes not yet copied
        for (j, &b) in bytes.iter().enumerate() {
            if needs_escape(b) {
                out.extend_from_slice(&bytes[run..j]);
                write_escape(out, b);
                run = j + 1;
            }
        }
        out.extend_from_slice(&bytes[run..]);
    }
    out.push(b'"');
}

fn write_escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match b {
        b'"' => out.extend_from_slice(br#"\""#),
        b'\\' => out.extend_from_slice(br"\\"),
        0x08 => out.extend_from_slice(br"\b"),
        b'\t' => out.extend_from_slice(br"\t"),
        b'\n' => out.extend_from_slice(br"\n"),
        0x0c => out.extend_from_slice(br"\f"),
        b'\r' => out.extend_from_slice(br"\r"),
        _ => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0x0f)],
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use redflag::model::{
        Chain, EntityKind, ImageFinding, LexiconInfo, Part, Platform, RateUnit, Region, RiskLevel,
        RuleId, ScanOptions, Span,
    };

    fn serde_bytes(report: &Report) -> Vec<u8> {
        serde_json::to_vec(report).expect("a report serializes")
    }

    fn fast_bytes(report: &Report) -> Vec<u8> {
        let mut out = Vec::new();
        write_report(&mut out, report, None).expect("a report writes");
        out
    }

    /// The same report written with its provenance pre-rendered and taken out of the report.
    fn fast_bytes_cached(report: &Report) -> Vec<u8> {
        let json = provenance_json(&report.provenance).expect("provenance serializes");
        let mut bare = report.clone();
        bare.provenance = Provenance::default();
        let mut out = Vec::new();
        write_report(&mut out, &bare, Some(&json)).expect("a report writes");
        out
    }

    fn check(report: &Report) {
        let expected = serde_bytes(report);
        let fast = fast_bytes(report);
        assert_eq!(
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&expected)
        );
        assert_eq!(fast, expected);
        assert_eq!(fast_bytes_cached(report), expected);
    }

    fn span(start: usize, end: usize) -> Span {
        Span::new(start.min(end), start.max(end)).expect("ordered")
    }

    #[test]
    fn every_escape_and_every_byte() {
        // Every char below 0x80 (all the control bytes), a few above, alone and in runs that
        // cross the 16-byte chunks.
        let mut all = String::new();
        for c in (0u8..0x80)
            .map(char::from)
            .chain(['é', '€', '😀', '\u{7f}'])
        {
            all.push(c);
            let mut one = Vec::new();
            write_str(&mut one, &c.to_string());
            assert_eq!(
                one,
                serde_json::to_vec(&c.to_string()).expect("serializes"),
                "{:?}",
                c
            );
        }
        for cut in 0..all.len() {
            if let Some(s) = all.get(cut..) {
                let mut out = Vec::new();
                write_str(&mut out, s);
                assert_eq!(
                    out,
                    serde_json::to_vec(s).expect("serializes"),
                    "from {cut}"
                );
            }
        }
    }

    #[test]
    fn every_enum_variant_and_option() {
        let mut report = Report::new("ad\"1\\\n", "ab01");
        report.score = 0.1 + 0.2;
        report.level = RiskLevel::High;
        let mut hit = IndicatorHit::new(
            RuleId::new("youth.fresh"),
            "youth",
            0.4,
            span(3, 9),
            "ƒ r e s h",
            "fresh",
        );
        hit.transforms = Transform::ALL.to_vec();
        hit.evidence = Some("jrsa+".into());
        hit.source = Some("https://example.org/\"x\"".into());
        hit.signal = Some("entity.phone.obfuscated".into());
        report.indicators.push(hit.clone());
        hit.evidence = None;
        hit.source = None;
        hit.signal = None;
        hit.transforms.clear();
        report.indicators.push(hit);
        let values = [
            EntityValue::Phone {
                value: "+17025551234".into(),
            },
            EntityValue::Email {
                value: "a@b.c".into(),
            },
            EntityValue::Url {
                value: "http://x.y/\u{1}".into(),
            },
            EntityValue::Age { value: "19".into() },
            EntityValue::Price {
                value: "150".into(),
                currency: None,
                per: None,
            },
        ];
        for (i, v) in values.into_iter().enumerate() {
            report
                .entities
                .push(Entity::new(v, span(i, i + 2), "m\t", i % 2 == 0));
        }
        for platform in [
            Platform::Instagram,
            Platform::Snapchat,
            Platform::Telegram,
            Platform::Whatsapp,
            Platform::Kik,
            Platform::X,
            Platform::Onlyfans,
            Platform::Tiktok,
            Platform::Facebook,
            Platform::Viber,
            Platform::Signal,
        ] {
            report.entities.push(Entity::new(
                EntityValue::Handle {
                    platform,
                    value: "jen_22".into(),
                },
                span(1, 7),
                "@jen_22",
                false,
            ));
        }
        for chain in [
            Chain::Btc,
            Chain::Eth,
            Chain::Ltc,
            Chain::Trx,
            Chain::Xmr,
            Chain::Bch,
        ] {
            report.entities.push(Entity::new(
                EntityValue::Crypto {
                    chain,
                    value: "bc1q".into(),
                },
                span(0, 4),
                "bc1q",
                true,
            ));
        }
        for per in [
            RateUnit::QuickVisit,
            RateUnit::HalfHour,
            RateUnit::Hour,
            RateUnit::TwoHours,
            RateUnit::Night,
            RateUnit::Day,
            RateUnit::QuarterHour,
            RateUnit::TwentyMinutes,
            RateUnit::FortyFiveMinutes,
            RateUnit::NinetyMinutes,
        ] {
            report.entities.push(Entity::new(
                EntityValue::Price {
                    value: "79.99".into(),
                    currency: Some("EUR".into()),
                    per: Some(per),
                },
                span(0, 5),
                "79.99€/h",
                false,
            ));
        }
        let kinds: Vec<EntityKind> = report.entities.iter().map(Entity::kind).collect();
        assert!(EntityKind::ALL.iter().all(|k| kinds.contains(k)));
        let mut image = ImageFinding::new("img/1.jpg");
        image.sha256 = Some("00".into());
        report.images.push(image);
        report.images.push(ImageFinding::new("img/\"2\".jpg"));
        report
            .contributions
            .push(Contribution::new(RuleId::new("youth.fresh"), 1e-7));
        report
            .contributions
            .push(Contribution::new(RuleId::new("x"), f64::NAN));
        report.provenance = Provenance::new("redflag 0.1.0");
        report
            .provenance
            .lexicons
            .push(LexiconInfo::new("redflag-default", "1", "00ff"));
        report.provenance.phone_metadata = Some("8.13".into());
        report.provenance.options = ScanOptions::new(
            Some(Region::try_from("UA".to_owned()).expect("a region")),
            Part::ALL.to_vec(),
        );
        report.provenance.options.excluded_categories = vec!["ethnicity".into()];
        report
            .warnings
            .push(Warning::new("hit_cap", "cap \u{1f} reached"));
        check(&report);
        for level in [RiskLevel::None, RiskLevel::Low, RiskLevel::Medium] {
            report.level = level;
            check(&report);
        }
        check(&Report::new("", ""));
    }

    fn text() -> impl Strategy<Value = String> {
        // Plain ASCII words, the escapes, control bytes, non-ASCII of every width.
        prop::collection::vec(
            prop_oneof![
                "[a-z0-9 .:/_-]{0,24}",
                Just("\"".to_owned()),
                Just("\\".to_owned()),
                "[\u{0}-\u{1f}\u{7f}]",
                "[\u{80}-\u{7ff}\u{800}-\u{ffff}\u{10000}-\u{10ffff}]{1,3}",
                ".{0,4}",
            ],
            0..6,
        )
        .prop_map(|parts| parts.concat())
    }

    fn float() -> impl Strategy<Value = f64> {
        prop_oneof![
            0.0..=1.0f64,
            prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO,
            Just(f64::NAN),
            Just(f64::INFINITY),
        ]
    }

    fn hit() -> impl Strategy<Value = IndicatorHit> {
        (
            (text(), text(), float(), 0usize..1 << 40, 0usize..1000),
            (text(), text()),
            prop::collection::vec(prop::sample::select(Transform::ALL.to_vec()), 0..4),
            (
                prop::option::of(text()),
                prop::option::of(text()),
                prop::option::of(text()),
            ),
        )
            .prop_map(
                |((rule, category, weight, start, len), (matched, normalized), transforms, o)| {
                    let mut h = IndicatorHit::new(
                        RuleId::new(rule),
                        category,
                        weight,
                        span(start, start + len),
                        matched,
                        normalized,
                    );
                    h.transforms = transforms;
                    (h.evidence, h.source, h.signal) = o;
                    h
                },
            )
    }

    fn entity() -> impl Strategy<Value = Entity> {
        let value = prop_oneof![
            text().prop_map(|value| EntityValue::Phone { value }),
            text().prop_map(|value| EntityValue::Email { value }),
            text().prop_map(|value| EntityValue::Url { value }),
            text().prop_map(|value| EntityValue::Age { value }),
            text().prop_map(|value| EntityValue::Handle {
                platform: Platform::Telegram,
                value
            }),
            text().prop_map(|value| EntityValue::Crypto {
                chain: Chain::Eth,
                value
            }),
            (text(), prop::option::of(text()), any::<bool>()).prop_map(|(value, currency, per)| {
                EntityValue::Price {
                    value,
                    currency,
                    per: per.then_some(RateUnit::Night),
                }
            }),
        ];
        (value, 0usize..100_000, 0usize..64, text(), any::<bool>()).prop_map(
            |(v, start, len, matched, obfuscated)| {
                Entity::new(v, span(start, start + len), matched, obfuscated)
            },
        )
    }

    fn report() -> impl Strategy<Value = Report> {
        (
            (text(), "[0-9a-f]{0,64}", float(), 0usize..4),
            prop::collection::vec(hit(), 0..4),
            prop::collection::vec(entity(), 0..4),
            prop::collection::vec((text(), float()), 0..4),
            prop::collection::vec((text(), text()), 0..3),
            (
                text(),
                prop::option::of(text()),
                any::<bool>(),
                prop::collection::vec(text(), 0..2),
            ),
            prop::collection::vec(text(), 0..2),
        )
            .prop_map(
                |(
                    (id, sha, score, level),
                    hits,
                    entities,
                    contributions,
                    warnings,
                    prov,
                    images,
                )| {
                    let mut r = Report::new(id, sha);
                    r.score = score;
                    r.level = [
                        RiskLevel::None,
                        RiskLevel::Low,
                        RiskLevel::Medium,
                        RiskLevel::High,
                    ][level];
                    r.indicators = hits;
                    r.entities = entities;
                    r.contributions = contributions
                        .into_iter()
                        .map(|(rule, p)| Contribution::new(RuleId::new(rule), p))
                        .collect();
                    r.warnings = warnings
                        .into_iter()
                        .map(|(c, m)| Warning::new(c, m))
                        .collect();
                    r.images = images.into_iter().map(ImageFinding::new).collect();
                    let (tool, metadata, region, excluded) = prov;
                    r.provenance = Provenance::new(tool);
                    r.provenance.phone_metadata = metadata;
                    r.provenance.options = ScanOptions::new(
                        region.then(|| Region::try_from("ro".to_owned()).expect("a region")),
                        vec![Part::Indicators],
                    );
                    r.provenance.options.excluded_categories = excluded;
                    r
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn writes_what_serde_json_writes(report in report()) {
            let expected = serde_bytes(&report);
            prop_assert_eq!(fast_bytes(&report), expected.clone());
            prop_assert_eq!(fast_bytes_cached(&report), expected);
        }

        /// Many reports whose hits share rule ids with differing rule fields, each written twice.
        #[test]
        fn reports_sharing_rule_ids_write_what_serde_json_writes(
            reports in prop::collection::vec(report(), 1..6),
            rule_ids in prop::collection::vec(prop::sample::select(vec!["a", "b", "c\"d"]), 0..32),
        ) {
            let mut ids = rule_ids.into_iter().cycle();
            for mut report in reports {
                for hit in &mut report.indicators {
                    if let Some(id) = ids.next() {
                        hit.rule = RuleId::new(id);
                    }
                }
                for _ in 0..2 {
                    let mut out = Vec::new();
                    write_report(&mut out, &report, None).expect("a report writes");
                    prop_assert_eq!(&out, &serde_bytes(&report));
                }
            }
        }

        #[test]
        fn escapes_what_serde_json_escapes(s in text()) {
            let mut out = Vec::new();
            write_str(&mut out, &s);
            prop_assert_eq!(out, serde_json::to_vec(&s).expect("serializes"));
        }
    }
}
