//! The JSON shapes of DESIGN.md, pinned against literal JSON.

use redflag_model::*;
use serde_json::{Value, json};

fn span(s: usize, e: usize) -> Span {
    Span::new(s, e).expect("valid span")
}

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).expect("serializes")
}

#[test]
fn span_rejects_end_before_start_when_deserialized() {
    let err = serde_json::from_str::<Span>(r#"{"start": 9, "end": 3}"#).unwrap_err();
    assert!(
        err.to_string().contains("span end 3 is before its start 9"),
        "{err}"
    );
    assert_eq!(
        serde_json::from_str::<Span>(r#"{"start": 3, "end": 3}"#).unwrap(),
        span(3, 3)
    );
}

#[test]
fn span_is_flat_inside_a_hit_and_checked() {
    let bad = r#"{"rule":"r","category":"c","weight":0.1,"start":5,"end":1,"matched":"","normalized":""}"#;
    assert!(serde_json::from_str::<IndicatorHit>(bad).is_err());
}

#[test]
fn indicator_hit_wire_format() {
    let mut hit = IndicatorHit::new(
        RuleId::new("youth.fresh"),
        "youth",
        0.4,
        span(12, 20),
        "ƒ r e s h",
        "fresh",
    );
    hit.transforms = vec![Transform::Homoglyph, Transform::Spacing];
    hit.evidence = Some("jrsa+".into());
    hit.source = Some("https://example.org/jrsa".into());
    let expected = json!({"rule": "youth.fresh", "category": "youth", "weight": 0.4, "start": 12, "end": 20,
        "matched": "ƒ r e s h", "normalized": "fresh", "transforms": ["homoglyph", "spacing"],
        "evidence": "jrsa+", "source": "https://example.org/jrsa"});
    assert_eq!(to_value(&hit), expected);
    let back: IndicatorHit = serde_json::from_value(expected).unwrap();
    assert_eq!(back, hit);
}

#[test]
fn entity_wire_format_for_every_kind() {
    let cases = [
        (
            Entity::new(
                EntityValue::Phone {
                    value: "+17025551234".into(),
                },
                span(40, 54),
                "(7o2) 555-l234",
                true,
            ),
            json!({"kind": "phone", "start": 40, "end": 54, "matched": "(7o2) 555-l234",
                "value": "+17025551234", "obfuscated": true}),
        ),
        (
            Entity::new(
                EntityValue::Email {
                    value: "jen@gmail.com".into(),
                },
                span(60, 84),
                "jen [at] gmail [dot] com",
                true,
            ),
            json!({"kind": "email", "start": 60, "end": 84, "matched": "jen [at] gmail [dot] com",
                "value": "jen@gmail.com", "obfuscated": true}),
        ),
        (
            Entity::new(
                EntityValue::Url {
                    value: "https://example.com/x".into(),
                },
                span(90, 111),
                "https://example.com/x",
                false,
            ),
            json!({"kind": "url", "start": 90, "end": 111, "matched": "https://example.com/x",
                "value": "https://example.com/x"}),
        ),
        (
            Entity::new(
                EntityValue::Handle {
                    platform: Platform::Snapchat,
                    value: "jenny_22".into(),
                },
                span(116, 124),
                "jenny_22",
                false,
            ),
            json!({"kind": "handle", "platform": "snapchat", "start": 116, "end": 124,
                "matched": "jenny_22", "value": "jenny_22"}),
        ),
        (
            Entity::new(
                EntityValue::Crypto {
                    chain: Chain::Btc,
                    value: "bc1qexample".into(),
                },
                span(130, 141),
                "bc1qexample",
                false,
            ),
            json!({"kind": "crypto", "chain": "btc", "start": 130, "end": 141, "matched": "bc1qexample",
                "value": "bc1qexample"}),
        ),
        (
            Entity::new(
                EntityValue::Price {
                    value: "150".into(),
                    currency: Some("USD".into()),
                    per: Some(RateUnit::Hour),
                },
                span(180, 191),
                "150 roses/h",
                false,
            ),
            json!({"kind": "price", "start": 180, "end": 191, "matched": "150 roses/h", "value": "150",
                "currency": "USD", "per": "hour"}),
        ),
        (
            Entity::new(
                EntityValue::Age { value: "19".into() },
                span(200, 206),
                "19 yrs",
                false,
            ),
            json!({"kind": "age", "start": 200, "end": 206, "matched": "19 yrs", "value": "19"}),
        ),
    ];
    for (entity, expected) in cases {
        assert_eq!(to_value(&entity), expected, "{:?}", entity.kind());
        let back: Entity = serde_json::from_value(expected).unwrap();
        assert_eq!(back, entity);
    }
}

#[test]
fn unknown_platform_or_chain_is_rejected() {
    let bad = json!({"kind": "handle", "platform": "myspace", "start": 0, "end": 1, "matched": "a", "value": "a"});
    assert!(serde_json::from_value::<Entity>(bad).is_err());
    let bad = json!({"kind": "crypto", "chain": "doge", "start": 0, "end": 1, "matched": "a", "value": "a"});
    assert!(serde_json::from_value::<Entity>(bad).is_err());
}

#[test]
fn personal_data_never_prints_through_debug() {
    let e = Entity::new(
        EntityValue::Email {
            value: "secret.person@example.com".into(),
        },
        span(0, 25),
        "secret.person@example.com",
        false,
    );
    let dbg = format!("{e:?}");
    assert!(!dbg.contains("secret"), "{dbg}");
    assert!(dbg.contains("Email"), "{dbg}");
    let handle = EntityValue::Handle {
        platform: Platform::Telegram,
        value: "hidden_name".into(),
    };
    assert!(!format!("{handle:?}").contains("hidden_name"));
    let mut hit = IndicatorHit::new(
        RuleId::new("contact.phone_obscured"),
        "contact",
        0.6,
        span(0, 12),
        "7o2 555 0134",
        "entity.phone.obfuscated",
    );
    hit.signal = Some("entity.phone.obfuscated".into());
    let dbg = format!("{hit:?}");
    assert!(
        !dbg.contains("0134") && dbg.contains("contact.phone_obscured"),
        "{dbg}"
    );
    let doc = Document::new("ad-1", "my number is 555 0134, ask for Marta");
    let dbg = format!("{doc:?}");
    assert!(!dbg.contains("Marta") && !dbg.contains("0134"), "{dbg}");
    assert!(dbg.contains("ad-1"));
}

#[test]
fn document_reads_the_input_format() {
    let doc: Document = serde_json::from_str(
        r#"{"id": "ad-17", "text": "hi", "region": "ua", "lang": "uk", "images": ["img/17a.jpg"]}"#,
    )
    .unwrap();
    assert_eq!(doc.id, "ad-17");
    assert_eq!(doc.region.map(|r| r.to_string()).as_deref(), Some("UA"));
    assert_eq!(doc.images, vec!["img/17a.jpg".to_owned()]);
    let minimal: Document = serde_json::from_str(r#"{"id": "x", "text": ""}"#).unwrap();
    assert_eq!(minimal, Document::new("x", ""));
    assert!(
        serde_json::from_str::<Document>(r#"{"id": "x", "text": "", "region": "Ukraine"}"#)
            .is_err()
    );
}

#[test]
fn image_types_wire_format() {
    let m = ImageMatch::new("known.csv", "case-3/7", 12, "full");
    assert_eq!(
        to_value(&m),
        json!({"list": "known.csv", "ref": "case-3/7", "distance": 12, "window": "full"})
    );
    let mut f = ImageFinding::new("img/17a.jpg");
    f.sha256 = Some("ab".repeat(32));
    f.pdq = Some("0f".repeat(32));
    f.quality = Some(92);
    f.matches.push(m);
    let v = to_value(&f);
    assert_eq!(v["path"], "img/17a.jpg");
    assert_eq!(v["quality"], 92);
    assert_eq!(v["matches"][0]["ref"], "case-3/7");
    assert!(v.get("error").is_none());
    assert!(
        v.get("windows").is_none(),
        "no windows: the field is omitted"
    );
    f.windows.push(ImageWindow::new("c90", "a5".repeat(32), 87));
    let v = to_value(&f);
    assert_eq!(
        v["windows"],
        json!([{"window": "c90", "pdq": "a5".repeat(32), "quality": 87}])
    );
    let back: ImageFinding = serde_json::from_value(v).unwrap();
    assert_eq!(back, f);
    let mut failed = ImageFinding::new("img/bad.png");
    failed.error = Some(ErrorCode::Decode);
    failed.message = Some("img/bad.png: cannot decode image: corrupt".to_owned());
    assert_eq!(
        to_value(&failed),
        json!({"path": "img/bad.png", "matches": [], "error": "decode",
               "message": "img/bad.png: cannot decode image: corrupt"})
    );

    let h = ImageHash::from_hex(HashAlgorithm::Pdq, None, &"0F".repeat(32)).unwrap();
    assert_eq!(
        to_value(&h),
        json!({"algo": "pdq", "hash": "0f".repeat(32)})
    );
    let mut rec = HashRecord::new("a.jpg", "cd".repeat(32), &h);
    rec.quality = Some(100);
    assert_eq!(
        to_value(&rec),
        json!({"path": "a.jpg", "sha256": "cd".repeat(32), "algo": "pdq", "hash": "0f".repeat(32), "quality": 100})
    );
}

#[test]
fn image_hash_validates_length_and_digits() {
    assert!(ImageHash::from_hex(HashAlgorithm::Pdq, None, "abcd").is_err());
    assert!(ImageHash::from_hex(HashAlgorithm::Dhash, None, "zz00000000000000").is_err());
    assert!(ImageHash::from_hex(HashAlgorithm::Dhash, None, "00000000000000ff").is_ok());
    assert!(serde_json::from_value::<ImageHash>(json!({"algo": "pdq", "hash": "00"})).is_err());
    assert!(serde_json::from_value::<ImageHash>(json!({"algo": "md5", "hash": "00"})).is_err());
}

#[test]
fn distances_between_different_algorithms_or_variants_mean_nothing() {
    let a = ImageHash::from_hex(HashAlgorithm::Dhash, None, "ffffffffffffffff").unwrap();
    let b = ImageHash::from_hex(HashAlgorithm::Ahash, None, "ffffffffffffffff").unwrap();
    let c = ImageHash::from_hex(
        HashAlgorithm::Dhash,
        Some("gradient".into()),
        "0000000000000000",
    )
    .unwrap();
    let d = ImageHash::from_hex(HashAlgorithm::Dhash, None, "0000000000000000").unwrap();
    assert_eq!(a.distance(&b), None);
    assert_eq!(a.distance(&c), None);
    assert_eq!(a.distance(&d), Some(64));
}

#[test]
fn report_wire_format() {
    let mut report = Report::new("ad-17", "e3".repeat(32));
    report.score = 0.74;
    report.level = RiskLevel::High;
    report
        .contributions
        .push(Contribution::new(RuleId::new("youth.fresh"), 0.21));
    report.provenance = Provenance::new("redflag 0.1.0");
    report
        .provenance
        .lexicons
        .push(LexiconInfo::new("redflag-default", "2026.11", "aa"));
    report.provenance.options = ScanOptions::new(None, vec![Part::Indicators, Part::Entities]);
    report
        .warnings
        .push(Warning::new("hit_cap", "more than 100 hits of rule `x`"));
    let expected = json!({
        "type": "report", "schema": "redflag.report/1", "id": "ad-17", "sha256": "e3".repeat(32),
        "score": 0.74, "level": "high", "indicators": [], "entities": [], "images": [],
        "contributions": [{"rule": "youth.fresh", "points": 0.21}],
        "provenance": {"tool": "redflag 0.1.0",
            "lexicons": [{"name": "redflag-default", "version": "2026.11", "sha256": "aa"}],
            "options": {"region": null, "parts": ["indicators", "entities"]}},
        "warnings": [{"code": "hit_cap", "message": "more than 100 hits of rule `x`"}]
    });
    assert_eq!(to_value(&report), expected);
    let back: Report = serde_json::from_value(expected).unwrap();
    assert_eq!(back, report);
}

#[test]
fn report_and_error_records_are_told_apart_by_type() {
    let line = r#"{"type":"error","line":17,"id":"ad-17","error":"invalid_json","message":"expected `:` at column 9"}"#;
    let rec: Record = serde_json::from_str(line).unwrap();
    let Record::Error(err) = rec else {
        panic!("expected an error record")
    };
    assert_eq!(err.line, Some(17));
    assert_eq!(err.error, ErrorCode::InvalidJson);
    assert_eq!(serde_json::to_string(&err).unwrap(), line);

    let report_line = serde_json::to_string(&Report::new("a", "b")).unwrap();
    assert!(matches!(
        serde_json::from_str::<Record>(&report_line).unwrap(),
        Record::Report(_)
    ));
    // A report claiming to be something else is not read as a report.
    let wrong = report_line.replacen(r#""type":"report""#, r#""type":"cluster""#, 1);
    assert!(serde_json::from_str::<Report>(&wrong).is_err());
}

#[test]
fn error_record_field_order_and_optional_fields() {
    let rec = ErrorRecord::new(ErrorCode::Decode, "not a PNG").with_path("img/a.png");
    assert_eq!(
        serde_json::to_string(&rec).unwrap(),
        r#"{"type":"error","path":"img/a.png","error":"decode","message":"not a PNG"}"#
    );
}

#[test]
fn enums_round_trip_through_their_names() {
    for t in Transform::ALL {
        assert_eq!(t.as_str().parse::<Transform>().unwrap(), t);
        assert_eq!(to_value(&t), json!(t.as_str()));
    }
    for k in EntityKind::ALL {
        assert_eq!(k.as_str().parse::<EntityKind>().unwrap(), k);
        assert_eq!(to_value(&k), json!(k.as_str()));
    }
    for a in HashAlgorithm::ALL {
        assert_eq!(a.as_str().parse::<HashAlgorithm>().unwrap(), a);
    }
    for p in Part::ALL {
        assert_eq!(p.as_str().parse::<Part>().unwrap(), p);
    }
    for l in [
        RiskLevel::None,
        RiskLevel::Low,
        RiskLevel::Medium,
        RiskLevel::High,
    ] {
        assert_eq!(l.as_str().parse::<RiskLevel>().unwrap(), l);
        assert_eq!(to_value(&l), json!(l.as_str()));
    }
    assert!(RiskLevel::High > RiskLevel::Medium && RiskLevel::Low > RiskLevel::None);
}

#[test]
fn link_keys_identify_the_same_identifier() {
    let h = EntityValue::Handle {
        platform: Platform::Kik,
        value: "amy".into(),
    };
    assert_eq!(h.link_key(), "handle:kik:amy");
    let p = EntityValue::Phone {
        value: "+380501234567".into(),
    };
    assert_eq!(p.link_key(), "phone:+380501234567");
}

#[test]
fn rate_units_wire_names_old_and_minute_based() {
    let units = [
        (RateUnit::QuickVisit, "quick_visit"),
        (RateUnit::HalfHour, "half_hour"),
        (RateUnit::Hour, "hour"),
        (RateUnit::TwoHours, "two_hours"),
        (RateUnit::Night, "night"),
        (RateUnit::Day, "day"),
        (RateUnit::QuarterHour, "quarter_hour"),
        (RateUnit::TwentyMinutes, "twenty_minutes"),
        (RateUnit::FortyFiveMinutes, "forty_five_minutes"),
        (RateUnit::NinetyMinutes, "ninety_minutes"),
    ];
    for (unit, name) in units {
        assert_eq!(unit.as_str(), name);
        assert_eq!(to_value(&unit), json!(name));
        assert_eq!(
            serde_json::from_value::<RateUnit>(json!(name)).ok(),
            Some(unit)
        );
    }
    assert!(serde_json::from_value::<RateUnit>(json!("fortnight")).is_err());
}

#[test]
fn entity_signal_names_are_kind_names() {
    for kind in EntityKind::ALL {
        let (plain, obfuscated) = kind.signal_names();
        assert_eq!(plain, format!("entity.{kind}"));
        assert_eq!(obfuscated, format!("entity.{kind}.obfuscated"));
    }
}
