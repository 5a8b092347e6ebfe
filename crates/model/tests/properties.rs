//! Property tests: every report survives a JSON round-trip; spans keep their invariant.

use proptest::prelude::*;
use redflag_model::*;

fn arb_span() -> impl Strategy<Value = Span> {
    (0usize..10_000, 0usize..500).prop_map(|(s, len)| Span::new(s, s + len).expect("start <= end"))
}

fn arb_text() -> impl Strategy<Value = String> {
    ".{0,24}"
}

fn arb_entity() -> impl Strategy<Value = Entity> {
    let value = prop_oneof![
        arb_text().prop_map(|value| EntityValue::Phone { value }),
        arb_text().prop_map(|value| EntityValue::Email { value }),
        arb_text().prop_map(|value| EntityValue::Url { value }),
        (0usize..11, arb_text()).prop_map(|(i, value)| {
            let platforms = [
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
            ];
            EntityValue::Handle {
                platform: platforms[i],
                value,
            }
        }),
        (0usize..6, arb_text()).prop_map(|(i, value)| {
            let chains = [
                Chain::Btc,
                Chain::Eth,
                Chain::Ltc,
                Chain::Trx,
                Chain::Xmr,
                Chain::Bch,
            ];
            EntityValue::Crypto {
                chain: chains[i],
                value,
            }
        }),
        (
            arb_text(),
            proptest::option::of("[A-Z]{3}"),
            proptest::option::of(0usize..10)
        )
            .prop_map(|(value, currency, per)| {
                let units = [
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
                ];
                EntityValue::Price {
                    value,
                    currency,
                    per: per.map(|i| units[i]),
                }
            }),
        "[0-9]{1,2}".prop_map(|value| EntityValue::Age { value }),
    ];
    (value, arb_span(), arb_text(), any::<bool>()).prop_map(|(v, s, m, o)| Entity::new(v, s, m, o))
}

fn arb_hit() -> impl Strategy<Value = IndicatorHit> {
    (
        "[a-z_.]{1,20}",
        "[a-z_]{1,12}",
        0.0f64..=1.0,
        arb_span(),
        arb_text(),
        arb_text(),
        proptest::collection::vec(0usize..9, 0..4),
        proptest::option::of(arb_text()),
        proptest::option::of(arb_text()),
    )
        .prop_map(
            |(rule, cat, w, span, matched, norm, ts, evidence, signal)| {
                let mut hit = IndicatorHit::new(RuleId::new(rule), cat, w, span, matched, norm);
                hit.transforms = ts.into_iter().map(|i| Transform::ALL[i]).collect();
                hit.evidence = evidence;
                hit.signal = signal;
                hit
            },
        )
}

fn arb_finding() -> impl Strategy<Value = ImageFinding> {
    (
        arb_text(),
        proptest::option::of("[0-9a-f]{64}"),
        proptest::option::of(0u8..=100),
        proptest::collection::vec((arb_text(), arb_text(), 0u32..=256, arb_text()), 0..3),
        proptest::option::of((
            prop_oneof![
                Just(ErrorCode::Io),
                Just(ErrorCode::Decode),
                Just(ErrorCode::LimitExceeded),
                Just(ErrorCode::UnsupportedFormat),
            ],
            arb_text(),
        )),
        proptest::collection::vec((arb_text(), "[0-9a-f]{64}", 0u8..=100), 0..3),
    )
        .prop_map(|(path, pdq, quality, matches, error, windows)| {
            let mut f = ImageFinding::new(path);
            f.pdq = pdq;
            f.quality = quality;
            f.matches = matches
                .into_iter()
                .map(|(l, r, d, w)| ImageMatch::new(l, r, d, w))
                .collect();
            (f.error, f.message) = error.map_or((None, None), |(c, m)| (Some(c), Some(m)));
            f.windows = windows
                .into_iter()
                .map(|(w, h, q)| ImageWindow::new(w, h, q))
                .collect();
            f
        })
}

fn arb_report() -> impl Strategy<Value = Report> {
    (
        arb_text(),
        "[0-9a-f]{64}",
        0.0f64..=1.0,
        0usize..4,
        proptest::collection::vec(arb_hit(), 0..4),
        proptest::collection::vec(arb_entity(), 0..5),
        proptest::collection::vec(arb_finding(), 0..2),
        proptest::collection::vec(("[a-z.]{1,10}", -1.0f64..1.0), 0..3),
        proptest::option::of("[A-Z]{2}"),
        proptest::collection::vec((arb_text(), arb_text()), 0..2),
    )
        .prop_map(
            |(id, sha, score, level, hits, entities, images, contribs, region, warnings)| {
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
                r.images = images;
                r.contributions = contribs
                    .into_iter()
                    .map(|(rule, p)| Contribution::new(RuleId::new(rule), p))
                    .collect();
                r.provenance = Provenance::new("redflag 0.1.0");
                r.provenance.options =
                    ScanOptions::new(region.and_then(|c| c.parse().ok()), vec![Part::Indicators]);
                r.warnings = warnings
                    .into_iter()
                    .map(|(c, m)| Warning::new(c, m))
                    .collect();
                r
            },
        )
}

proptest! {
    #[test]
    fn any_report_survives_a_json_round_trip(report in arb_report()) {
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &report);
        // Also through the output-line enum a consumer would use.
        let rec: Record = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(rec, Record::Report(Box::new(report)));
    }

    #[test]
    fn span_rejects_end_before_start(start in 0usize..1_000_000, end in 0usize..1_000_000) {
        let json = format!(r#"{{"start":{start},"end":{end}}}"#);
        let parsed = serde_json::from_str::<Span>(&json);
        prop_assert_eq!(parsed.is_ok(), start <= end);
        prop_assert_eq!(Span::new(start, end).is_some(), start <= end);
        if let Ok(span) = parsed {
            prop_assert_eq!(serde_json::to_string(&span).unwrap(), json);
        }
    }

    #[test]
    fn image_hash_hex_round_trips(bytes in proptest::collection::vec(any::<u8>(), 32)) {
        let h = ImageHash::from_bytes(HashAlgorithm::Pdq, None, bytes.clone()).unwrap();
        let back = ImageHash::from_hex(HashAlgorithm::Pdq, None, &h.to_hex().to_uppercase()).unwrap();
        prop_assert_eq!(back.as_bytes(), &bytes[..]);
        prop_assert_eq!(h.distance(&back), Some(0));
    }

    #[test]
    fn to_hex_is_lowercase_hex_of_every_byte(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let expected: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        prop_assert_eq!(to_hex(&bytes), expected);
    }
}
