//! Linking behaviour: evidence kinds, hubs, output shape, reports, errors.

use redflag_link::{Error, Evidence, ImageInput, LinkConfig, LinkInput, Linker, Toggle};
use redflag_model::{
    Entity, EntityValue, ImageFinding, IndicatorHit, Platform, Report, RiskLevel, RuleId, Span,
};

pub(crate) fn entity(text: &str, needle: &str, value: EntityValue) -> Entity {
    let start = text.find(needle).unwrap_or(0);
    let span = Span::new(start, start + needle.len()).unwrap_or_else(|| unreachable!());
    Entity::new(value, span, needle, false)
}

pub(crate) fn phone(text: &str, needle: &str, e164: &str) -> Entity {
    entity(text, needle, EntityValue::Phone { value: e164.into() })
}

const PDQ_A: &str = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

/// `PDQ_A` with `n` low bits of the last words flipped.
fn near(n: u32) -> String {
    let mut words: Vec<u64> = (0..4)
        .map(|i| u64::from_str_radix(&PDQ_A[i * 16..i * 16 + 16], 16).unwrap_or(0))
        .collect();
    for b in 0..n {
        words[(b / 64) as usize] ^= 1 << (b % 64);
    }
    words.iter().map(|w| format!("{w:016x}")).collect()
}

#[test]
fn shared_identifiers_link_and_are_explained() -> Result<(), Error> {
    let (a, b, c) = (
        "Call 0671234567 now",
        "Text 0671234567 or mail x@y.example",
        "Write to x@y.example",
    );
    let ea = [phone(a, "0671234567", "+380671234567")];
    let eb = [
        phone(b, "0671234567", "+380671234567"),
        entity(
            b,
            "x@y.example",
            EntityValue::Email {
                value: "x@y.example".into(),
            },
        ),
    ];
    let ec = [entity(
        c,
        "x@y.example",
        EntityValue::Email {
            value: "x@y.example".into(),
        },
    )];
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&LinkInput::new("a").with_text(a).with_entities(&ea))?;
    linker.add(
        &LinkInput::new("b")
            .with_text(b)
            .with_entities(&eb)
            .with_level(RiskLevel::High),
    )?;
    linker.add(
        &LinkInput::new("c")
            .with_entities(&ec)
            .with_category("movement"),
    )?;
    linker.add(&LinkInput::new("d").with_text("unrelated words here"))?;
    let clusters = linker.clusters();
    assert_eq!(clusters.len(), 1, "d is alone and not listed");
    let c0 = &clusters[0];
    assert_eq!(c0.members, ["a", "b", "c"]);
    assert_eq!(c0.max_level, RiskLevel::High);
    assert_eq!(c0.categories, ["movement"]);
    let via: Vec<(&str, &str, Evidence, Option<&str>)> = c0
        .edges
        .iter()
        .map(|e| (e.a.as_str(), e.b.as_str(), e.via, e.value.as_deref()))
        .collect();
    assert_eq!(
        via,
        [
            ("a", "b", Evidence::Phone, Some("+380671234567")),
            ("b", "c", Evidence::Email, Some("x@y.example")),
        ]
    );
    assert_eq!(c0.shared.len(), 2);
    assert!(c0.shared.iter().all(|s| s.count == 2));
    Ok(())
}

#[test]
fn cluster_json_line_has_the_documented_shape() -> Result<(), Box<dyn std::error::Error>> {
    let t = "tg @anna_x";
    let e = [entity(
        t,
        "anna_x",
        EntityValue::Handle {
            platform: Platform::Telegram,
            value: "anna_x".into(),
        },
    )];
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&LinkInput::new("ad-2").with_entities(&e))?;
    linker.add(&LinkInput::new("ad-1").with_entities(&e))?;
    let json = serde_json::to_string(&linker.clusters()[0])?;
    assert_eq!(
        json,
        r#"{"type":"cluster","id":1,"size":2,"members":["ad-1","ad-2"],"shared":[{"kind":"handle","value":"telegram:anna_x","count":2}],"edges":[{"a":"ad-1","b":"ad-2","via":"handle","value":"telegram:anna_x"}],"max_level":"none","categories":[]}"#
    );
    let back: redflag_link::Cluster = serde_json::from_str(&json)?;
    assert_eq!(back, linker.clusters()[0]);
    Ok(())
}

#[test]
fn a_hub_value_does_not_merge_clusters() -> Result<(), Box<dyn std::error::Error>> {
    let config = LinkConfig::builder().hub_threshold(3).build()?;
    let mut linker = Linker::new(config);
    let texts: Vec<String> = (0..6)
        .map(|i| format!("support 8005550100 ad {i} phone 06700000{i}{i}"))
        .collect();
    let entities: Vec<Vec<Entity>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let own = format!("06700000{i}{i}");
            vec![
                phone(t, "8005550100", "+18005550100"),
                // Pairs (0,1), (2,3), (4,5) share their own number.
                phone(t, &own, &format!("+38067000000{}", i / 2)),
            ]
        })
        .collect();
    for (i, e) in entities.iter().enumerate() {
        linker.add(&LinkInput::new(&format!("ad-{i}")).with_entities(e))?;
    }
    let clusters = linker.clusters();
    let members: Vec<Vec<String>> = clusters.iter().map(|c| c.members.clone()).collect();
    assert_eq!(
        members,
        [["ad-0", "ad-1"], ["ad-2", "ad-3"], ["ad-4", "ad-5"]]
    );
    let hubs = linker.hubs();
    assert_eq!(hubs.len(), 1);
    assert_eq!(
        (
            hubs[0].kind,
            hubs[0].value.as_str(),
            hubs[0].count,
            hubs[0].threshold
        ),
        (Evidence::Phone, "+18005550100", 6, 3)
    );
    assert_eq!(
        serde_json::to_string(&hubs[0])?,
        r#"{"type":"hub","kind":"phone","value":"+18005550100","count":6,"threshold":3,"reason":"count"}"#
    );
    // Without hub control the support number glues everything together.
    let mut glued = Linker::new(LinkConfig::builder().hub_threshold(u32::MAX).build()?);
    for (i, e) in entities.iter().enumerate() {
        glued.add(&LinkInput::new(&format!("ad-{i}")).with_entities(e))?;
    }
    assert_eq!(glued.clusters().len(), 1);
    Ok(())
}

#[test]
fn templates_link_despite_different_details() -> Result<(), Error> {
    let a = "Hi I am Anna. New in town for a few days only. Sweet and discreet, outcall to hotels. Call 0671112233";
    let b = "Outcall to hotels! New in town for a few days only. Hi I am Olga. Sweet and discreet. Call 0509998877";
    let c = "Warehouse work in Poland, free housing and transport, salary paid every week, call 0631234567";
    let (ea, eb) = (
        [phone(a, "0671112233", "+380671112233")],
        [phone(b, "0509998877", "+380509998877")],
    );
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&LinkInput::new("a").with_text(a).with_entities(&ea))?;
    linker.add(&LinkInput::new("b").with_text(b).with_entities(&eb))?;
    linker.add(&LinkInput::new("c").with_text(c))?;
    let clusters = linker.clusters();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].members, ["a", "b"]);
    let edge = &clusters[0].edges[0];
    assert_eq!(edge.via, Evidence::Template);
    assert!(
        edge.similarity.is_some_and(|s| (0.5..=1.0).contains(&s)),
        "{edge:?}"
    );
    assert_eq!(clusters[0].shared[0].value, "a");
    // Turning templates off removes the link.
    let mut off = Linker::new(
        LinkConfig::builder()
            .link(Evidence::Template, Toggle::Off)
            .build()?,
    );
    off.add(&LinkInput::new("a").with_text(a).with_entities(&ea))?;
    off.add(&LinkInput::new("b").with_text(b).with_entities(&eb))?;
    assert!(off.clusters().is_empty());
    Ok(())
}

#[test]
fn identical_texts_are_duplicates_with_similarity_one() -> Result<(), Error> {
    let t = "Young models wanted for work abroad, free tickets, visa help, start next week";
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&LinkInput::new("x").with_text(t))?;
    linker.add(&LinkInput::new("y").with_text(t))?;
    let clusters = linker.clusters();
    assert_eq!(clusters[0].edges[0].similarity, Some(1.0));
    Ok(())
}

#[test]
fn images_link_within_distance_31_only() -> Result<(), Error> {
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&LinkInput::new("p").with_image(ImageInput::new(PDQ_A, Some(90))))?;
    linker.add(&LinkInput::new("q").with_image(ImageInput::window(
        near(31),
        Some(90),
        "center",
    )))?;
    linker.add(&LinkInput::new("r").with_image(ImageInput::new(near(64), Some(90))))?;
    linker.add(&LinkInput::new("low").with_image(ImageInput::new(near(1), Some(20))))?;
    let clusters = linker.clusters();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].members, ["p", "q"]);
    let e = &clusters[0].edges[0];
    assert_eq!((e.via, e.distance), (Evidence::Image, Some(31)));
    assert_eq!(e.value.as_deref(), Some(PDQ_A));
    Ok(())
}

#[test]
fn from_report_takes_entities_images_level_and_categories() -> Result<(), Box<dyn std::error::Error>>
{
    let text = "call 0671234567";
    let mut r1 = Report::new("r1", "0");
    r1.entities.push(phone(text, "0671234567", "+380671234567"));
    r1.level = RiskLevel::Medium;
    let hit = |cat: &str| {
        IndicatorHit::new(
            RuleId::new("x.y"),
            cat,
            0.1,
            Span::new(0, 4).unwrap_or_else(|| unreachable!()),
            "call",
            "call",
        )
    };
    r1.indicators.push(hit("youth"));
    r1.indicators.push(hit("movement"));
    r1.indicators.push(hit("youth"));
    let mut r2 = Report::new("r2", "0");
    let mut img = ImageFinding::new("a.jpg");
    img.pdq = Some(PDQ_A.into());
    img.quality = Some(90);
    r2.images.push(img.clone());
    let mut r3 = Report::new("r3", "0");
    r3.images.push(img);
    r3.entities.push(phone(text, "0671234567", "+380671234567"));
    let input = LinkInput::from_report(&r1, Some(text));
    assert_eq!(input.categories, ["movement", "youth"]);
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&input)?;
    linker.add(&LinkInput::from_report(&r2, None))?;
    linker.add(&LinkInput::from_report(&r3, None))?;
    let clusters = linker.clusters();
    assert_eq!(clusters[0].members, ["r1", "r2", "r3"]);
    assert_eq!(clusters[0].max_level, RiskLevel::Medium);
    assert_eq!(clusters[0].categories, ["movement", "youth"]);
    Ok(())
}

#[test]
fn bad_input_is_a_typed_error_and_leaves_the_linker_unchanged() -> Result<(), Error> {
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&LinkInput::new("a"))?;
    match linker.add(&LinkInput::new("a")) {
        Err(Error::DuplicateId { id }) => assert_eq!(id, "a"),
        other => panic!("expected a duplicate id error, got {other:?}"),
    }
    let bad = LinkInput::new("b").with_image(ImageInput::new("zz", None));
    match linker.add(&bad) {
        Err(e @ Error::InvalidPdq { .. }) => {
            assert_eq!(
                e.to_string(),
                "document `b`: image 0: invalid pdq hash: expected 64 hex digits, got 2"
            );
        }
        other => panic!("expected an invalid hash error, got {other:?}"),
    }
    assert_eq!(linker.len(), 1);
    assert!(!linker.contains("b"));
    // Spans outside the text or inside a character are ignored, never a panic.
    let text = "é short";
    let wild = [
        Entity::new(
            EntityValue::Phone { value: "+1".into() },
            Span::new(1, 2).unwrap_or_else(|| unreachable!()),
            "",
            false,
        ),
        Entity::new(
            EntityValue::Phone { value: "+1".into() },
            Span::new(3, 900).unwrap_or_else(|| unreachable!()),
            "",
            false,
        ),
    ];
    linker.add(&LinkInput::new("c").with_text(text).with_entities(&wild))?;
    assert_eq!(linker.len(), 2);
    Ok(())
}

#[test]
fn linker_and_errors_are_thread_safe() {
    fn check<T: Send + Sync + std::panic::UnwindSafe>() {}
    check::<Linker>();
    check::<Error>();
    check::<LinkConfig>();
}

#[test]
fn debug_output_hides_personal_data() -> Result<(), Error> {
    let t = "call 0671234567";
    let e = [phone(t, "0671234567", "+380671234567")];
    let mut linker = Linker::new(LinkConfig::builder().hub_threshold(2).build()?);
    for id in ["a", "b"] {
        linker.add(&LinkInput::new(id).with_entities(&e))?;
    }
    let clusters = format!("{:?}", linker.clusters());
    assert!(clusters.contains("value_len") && !clusters.contains("671234567"));
    assert!(!format!("{linker:?}").contains("671234567"));
    linker.add(&LinkInput::new("c").with_entities(&e))?;
    let hubs = linker.hubs();
    assert_eq!(hubs.len(), 1);
    assert!(!format!("{hubs:?}").contains("671234567"));
    Ok(())
}

#[test]
fn a_value_repeated_in_one_document_counts_once() -> Result<(), Error> {
    let t = "call 0671234567 or 0671234567";
    let twice = [
        phone(t, "0671234567", "+380671234567"),
        phone(t, "0671234567", "+380671234567"),
    ];
    let mut linker = Linker::new(LinkConfig::builder().hub_threshold(2).build()?);
    for id in ["a", "b", "c"] {
        linker.add(&LinkInput::new(id).with_entities(&twice))?;
    }
    let hubs = linker.hubs();
    assert_eq!(hubs.len(), 1);
    assert_eq!(hubs[0].count, 3);
    Ok(())
}

#[test]
fn a_template_copied_too_often_is_a_hub() -> Result<(), Box<dyn std::error::Error>> {
    let t = "Work abroad in a warehouse, free housing, visa help, salary paid every single week";
    let mut linker = Linker::new(LinkConfig::builder().hub_threshold(3).build()?);
    for id in ["k1", "k2", "k3", "k4"] {
        linker.add(&LinkInput::new(id).with_text(t))?;
    }
    assert!(linker.clusters().is_empty());
    let hubs = linker.hubs();
    assert_eq!(hubs.len(), 1);
    assert_eq!(
        (hubs[0].kind, hubs[0].value.as_str(), hubs[0].count),
        (Evidence::Template, "k1", 4)
    );
    Ok(())
}

/// Issue 8: images link "windows included". A report's crop-window hashes (`redflag scan
/// --windows`) join a photo to a cropped copy whose whole-image hash is far away; the edge says
/// which windows matched, and windows of too low quality are not linked.
#[test]
fn issue_8_window_hashes_from_reports_link_crops() -> Result<(), Box<dyn std::error::Error>> {
    let far = near(80); // the whole photo, 80 bits from the crop
    let mut photo = ImageFinding::new("photo.jpg");
    photo.pdq = Some(far.clone());
    photo.quality = Some(90);
    photo
        .windows
        .push(redflag_model::ImageWindow::new("c80", near(5), 88));
    let mut crop = ImageFinding::new("crop.jpg");
    crop.pdq = Some(PDQ_A.into());
    crop.quality = Some(90);
    let mut r1 = Report::new("r1", "0");
    r1.images.push(photo.clone());
    let mut r2 = Report::new("r2", "0");
    r2.images.push(crop);
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&LinkInput::from_report(&r1, None))?;
    linker.add(&LinkInput::from_report(&r2, None))?;
    let clusters = linker.clusters();
    assert_eq!(clusters.len(), 1);
    let edge = &clusters[0].edges[0];
    assert_eq!((edge.a.as_str(), edge.b.as_str()), ("r1", "r2"));
    assert_eq!(edge.via, Evidence::Image);
    assert_eq!(edge.distance, Some(5));
    assert_eq!(edge.window.as_deref(), Some("c80/full"));
    let json = serde_json::to_string(edge)?;
    assert!(
        json.ends_with(r#""distance":5,"window":"c80/full"}"#),
        "{json}"
    );

    // Added the other way round, the window still belongs to r1.
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&LinkInput::from_report(&r2, None))?;
    linker.add(&LinkInput::from_report(&r1, None))?;
    assert_eq!(
        linker.clusters()[0].edges[0].window.as_deref(),
        Some("c80/full")
    );
    // The state keeps the window names.
    let mut saved = Vec::new();
    linker.save(&mut saved)?;
    let loaded = Linker::load(saved.as_slice())?;
    assert_eq!(loaded.clusters(), linker.clusters());

    // A low-quality window (a flat corner of the photo) does not link.
    r1.images[0].windows[0].quality = 20;
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(&LinkInput::from_report(&r1, None))?;
    linker.add(&LinkInput::from_report(&r2, None))?;
    assert!(linker.clusters().is_empty());
    Ok(())
}

/// Ten ads built from one text with ten different phones (boilerplate copied by unrelated
/// posters) make a template hub, reason `posters`; the same text over two phones (one
/// operation re-posting) still links.
#[test]
fn templates_spread_over_many_contacts_are_hubs() -> Result<(), Box<dyn std::error::Error>> {
    let text = |i: usize| {
        format!(
            "Looking for a relaxing evening after work. Visit our quiet studio downtown. Open late \
             every day of the week. Friendly staff and clean rooms. Call 06700000{i:02}"
        )
    };
    let run = |phone_of: &dyn Fn(usize) -> String| -> Result<Linker, Error> {
        let texts: Vec<String> = (0..10).map(text).collect();
        let entities: Vec<[Entity; 1]> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| [phone(t, &format!("06700000{i:02}"), &phone_of(i))])
            .collect();
        let mut linker = Linker::new(LinkConfig::default());
        for (i, (t, e)) in texts.iter().zip(&entities).enumerate() {
            linker.add(
                &LinkInput::new(&format!("ad-{i}"))
                    .with_text(t)
                    .with_entities(e),
            )?;
        }
        Ok(linker)
    };
    let copied = run(&|i| format!("+3806700000{i:02}"))?;
    assert!(copied.clusters().is_empty());
    let hubs = copied.hubs();
    assert_eq!(hubs.len(), 1);
    assert_eq!(
        (hubs[0].kind, hubs[0].count, hubs[0].posters),
        (Evidence::Template, 10, Some(10))
    );
    let json = serde_json::to_string(&hubs[0])?;
    assert!(json.ends_with(r#""count":10,"threshold":100,"reason":"posters","posters":10}"#));

    let operation = run(&|i| format!("+38067000000{}", i % 2))?;
    assert!(operation.hubs().is_empty());
    assert_eq!(operation.clusters()[0].size, 10);

    // The rule can be turned off.
    let mut off = Linker::new(LinkConfig::builder().hub_posters(0).build()?);
    let texts: Vec<String> = (0..10).map(text).collect();
    for (i, t) in texts.iter().enumerate() {
        let e = [phone(
            t,
            &format!("06700000{i:02}"),
            &format!("+3806700000{i:02}"),
        )];
        off.add(
            &LinkInput::new(&format!("ad-{i}"))
                .with_text(t)
                .with_entities(&e),
        )?;
    }
    assert_eq!(off.clusters()[0].size, 10);
    Ok(())
}
