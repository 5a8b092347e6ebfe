//! End-to-end behaviour of `Extractor::extract` promised by issue 4.

use redflag_entities::{CryptoAddress, Error, ErrorKind, Extractor, PhoneNumber};
use redflag_model::{Chain, Entity, EntityKind, EntityValue, Platform, RateUnit, Region};

fn region(s: &str) -> Option<Region> {
    s.parse().ok()
}

fn kinds(found: &[Entity]) -> Vec<(EntityKind, String)> {
    found
        .iter()
        .map(|e| (e.kind(), e.value.value().to_string()))
        .collect()
}

#[test]
fn extractor_is_send_sync_and_unwind_safe() {
    fn assert_traits<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
    assert_traits::<Extractor>();
    assert_traits::<Error>();
    assert_traits::<PhoneNumber>();
    assert_traits::<CryptoAddress>();
}

#[test]
fn builder_rejects_no_kinds_and_restricts_kinds() -> Result<(), Error> {
    let err = Extractor::builder()
        .kinds(&[])
        .build()
        .err()
        .map(|e| e.kind().clone());
    assert_eq!(err, Some(ErrorKind::NoKinds));
    let only_email = Extractor::builder().kinds(&[EntityKind::Email]).build()?;
    let found = only_email.extract("call 702-555-0134 or jen@gmail.com", region("US"));
    assert_eq!(
        kinds(&found),
        vec![(EntityKind::Email, "jen@gmail.com".into())]
    );
    Ok(())
}

#[test]
fn region_argument_overrides_the_default() -> Result<(), Box<dyn std::error::Error>> {
    let text = "050 123 4567";
    let ua = Extractor::builder().region("UA".parse()?).build()?;
    assert_eq!(
        kinds(&ua.extract(text, None)),
        vec![(EntityKind::Phone, "+380501234567".into())]
    );
    let found = ua.extract("(702) 555-0134", region("US"));
    assert_eq!(
        kinds(&found),
        vec![(EntityKind::Phone, "+17025550134".into())]
    );
    Ok(())
}

#[test]
fn wa_me_link_gives_url_and_phone_and_t_me_a_telegram_handle() {
    let text = "msg me https://wa.me/447911123456 or t.me/Lola_Rose";
    let found = Extractor::new().extract(text, None);
    let got = kinds(&found);
    assert!(
        got.contains(&(EntityKind::Url, "https://wa.me/447911123456".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&(EntityKind::Phone, "+447911123456".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&(EntityKind::Url, "t.me/Lola_Rose".into())),
        "{got:?}"
    );
    let handle = found.iter().find(|e| e.kind() == EntityKind::Handle);
    assert_eq!(
        handle.map(|h| h.value.clone()),
        Some(EntityValue::Handle {
            platform: Platform::Telegram,
            value: "lola_rose".into()
        })
    );
    assert_eq!(got.len(), 4, "{got:?}");
}

#[test]
fn email_domain_is_not_also_a_url() {
    let found = Extractor::new().extract("write to jen.doe@gmail.com today", None);
    assert_eq!(
        kinds(&found),
        vec![(EntityKind::Email, "jen.doe@gmail.com".into())]
    );
}

#[test]
fn a_phone_is_never_also_a_price_or_an_age() {
    let text = "$150/hr, 19 yrs, call 702 555 0134";
    let found = Extractor::new().extract(text, region("US"));
    let got = kinds(&found);
    assert_eq!(
        got,
        vec![
            (EntityKind::Price, "150".into()),
            (EntityKind::Age, "19".into()),
            (EntityKind::Phone, "+17025550134".into())
        ]
    );
    for e in &found {
        if let EntityValue::Price { currency, per, .. } = &e.value {
            assert_eq!(currency.as_deref(), Some("USD"));
            assert_eq!(*per, Some(RateUnit::Hour));
        }
    }
}

#[test]
fn disguised_phone_is_flagged_and_spans_the_original() {
    let text = "new 💋 text ｓｅｘｙ 7️⃣0️⃣2️⃣ five five five O l 3 4 now";
    let found = Extractor::new().extract(text, region("US"));
    let phone = found.iter().find(|e| e.kind() == EntityKind::Phone);
    let Some(phone) = phone else {
        panic!("no phone in {found:?}")
    };
    assert_eq!(phone.value.value(), "+17025550134");
    assert!(phone.obfuscated);
    assert_eq!(&text[phone.span.range()], phone.matched);
    assert!(phone.matched.starts_with("7️⃣"));
    assert!(phone.matched.ends_with('4'));
}

#[test]
fn number_words_in_every_language() {
    let cases = [
        ("UA", "нуль шість сім один два три чотири пʼять шість сім"),
        (
            "RU",
            "восемь девять один два три четыре пять шесть семь восемь девять",
        ),
        ("RO", "zero șapte doi unu doi trei patru cinci șase șapte"),
        ("LV", "divi seši septiņi astoņi deviņi nulle viens divi"),
        (
            "LT",
            "aštuoni šeši vienas du trys keturi penki šeši septyni",
        ),
        ("EE", "viis üks kaks kolm neli viis kuus seitse"),
        ("FR", "zéro six un deux trois quatre cinq six sept huit"),
        (
            "IT",
            "tre quattro sette uno due tre quattro cinque sei sette",
        ),
    ];
    let e = Extractor::new();
    for (r, text) in cases {
        let found = e.extract(text, region(r));
        assert_eq!(found.len(), 1, "{r}: {text} -> {found:?}");
        assert!(found[0].obfuscated);
        assert_eq!(found[0].matched, text);
    }
}

#[test]
fn distractors_yield_no_phone() {
    let e = Extractor::new();
    for text in [
        "posted 12.05.2024, open 10:00-22:00",
        "height 170 cm, weight 55 kg, 5'6",
        "order #48213377 shipped",
        "zip 90210 since 2019",
        "salary 1500 EUR per month",
        "ref 4821337712",
    ] {
        let phones: Vec<_> = e
            .extract(text, region("US"))
            .into_iter()
            .filter(|x| x.kind() == EntityKind::Phone)
            .collect();
        assert!(phones.is_empty(), "{text}: {phones:?}");
    }
}

#[test]
fn job_ad_age_range_and_salary_are_not_ages_or_prices() {
    let found = Extractor::new().extract("girls 18-25 wanted, salary 2000 EUR per month", None);
    assert!(
        found
            .iter()
            .all(|e| !matches!(e.kind(), EntityKind::Age | EntityKind::Price)),
        "{found:?}"
    );
}

#[test]
fn crypto_addresses_with_checksums() {
    let text =
        "BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa or ETH 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
    let found = Extractor::new().extract(text, None);
    let values: Vec<_> = found.iter().map(|e| e.value.clone()).collect();
    assert_eq!(
        values,
        vec![
            EntityValue::Crypto {
                chain: Chain::Btc,
                value: "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa".into()
            },
            EntityValue::Crypto {
                chain: Chain::Eth,
                value: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".into()
            },
        ]
    );
    let Err(err) = CryptoAddress::parse(Some(Chain::Eth), "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")
    else {
        panic!("a BTC address is not an ETH address");
    };
    assert_eq!(err.to_string(), "invalid eth address");
}

#[test]
fn phone_metadata_is_reported() {
    let e = Extractor::new();
    assert!(
        e.phone_metadata()
            .is_some_and(|m| m.contains("libphonenumber"))
    );
}

#[test]
fn errors_do_not_leak_the_value() {
    let Err(e) = PhoneNumber::parse("555 0134 9999 1234 77", None) else {
        panic!("not a phone")
    };
    assert_eq!(e.to_string(), "invalid phone number");
    let n = PhoneNumber::parse("+447911123456", None).ok();
    assert!(n.is_some_and(|n| !format!("{n:?}").contains("7911")));
}

#[test]
fn issue_4_name_comma_age_and_coded_prices() {
    let e = Extractor::new();
    let text = "I'm Kira, 23 💕 150 roses/hr, girls 18-25 wanted";
    let found = e.extract(text, region("US"));
    let got = kinds(&found);
    assert_eq!(
        got,
        vec![
            (EntityKind::Age, "23".into()),
            (EntityKind::Price, "150".into())
        ]
    );
    assert_eq!(found[0].matched, "23");
    assert_eq!(
        found[1].value,
        EntityValue::Price {
            value: "150".into(),
            currency: Some("USD".into()),
            per: Some(RateUnit::Hour)
        }
    );
    // Without a region and with no currency anywhere in the ad, the currency is unknown.
    let found = e.extract("150 roses, 45 mins", None);
    assert_eq!(
        found.first().map(|p| p.value.clone()),
        Some(EntityValue::Price {
            value: "150".into(),
            currency: None,
            per: None
        })
    );
    // A price is not also an age.
    let found = e.extract("I'm new, 25 roses", None);
    assert!(
        found.iter().all(|x| x.kind() != EntityKind::Age),
        "{:?}",
        kinds(&found)
    );
}

#[test]
fn minute_rates_in_the_wire_format() {
    let found = Extractor::new().extract("45 mins $150, 15min 80$", None);
    let units: Vec<_> = found
        .iter()
        .filter_map(|e| match &e.value {
            EntityValue::Price { per, .. } => *per,
            _ => None,
        })
        .collect();
    assert_eq!(
        units,
        vec![RateUnit::FortyFiveMinutes, RateUnit::QuarterHour]
    );
}
