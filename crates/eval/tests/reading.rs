//! Reading gold corpora and predictions: hard errors name the line.

use redflag_eval::*;

#[test]
fn malformed_gold_is_a_hard_error_naming_the_line() {
    let cases = [
        ("{\"text\":\"no id\"}", 1, "missing field `id`"),
        (
            "{\"id\":\"a\",\"text\":\"x\"}\n\n{\"id\":\"a\",\"text\":\"y\"}",
            3,
            "duplicate id `a`",
        ),
        (
            "{\"id\":\"a\",\"text\":\"é\",\"gold\":[{\"kind\":\"phone\",\"start\":0,\"end\":1}]}",
            1,
            "not on char boundaries",
        ),
        (
            "{\"id\":\"a\",\"text\":\"ab\",\"gold\":[{\"kind\":\"phone\",\"start\":0,\"end\":9}]}",
            1,
            "past the end",
        ),
        (
            "{\"id\":\"a\",\"text\":\"ab\",\"gold\":[{\"kind\":\"phone\",\"start\":2,\"end\":1}]}",
            1,
            "before its start",
        ),
        (
            "{\"id\":\"a\",\"text\":\"ab\",\"gold\":[{\"kind\":\"indicator\",\"start\":0,\"end\":1}]}",
            1,
            "without `rule`",
        ),
        ("{\"id\":\"a\",\"text\":\"ab\"", 1, "EOF"),
    ];
    for (input, line, needle) in cases {
        let err = read_gold(input.as_bytes(), "gold.jsonl").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("gold.jsonl:{line}:")), "{msg}");
        assert!(msg.contains(needle), "{msg} lacks {needle}");
    }
}

#[test]
fn predictions_read_reports_and_the_simple_format() {
    let report = r#"{"type":"report","schema":"redflag.report/1","id":"r1","sha256":"00","score":0.5,"level":"medium","indicators":[{"rule":"youth.fresh","category":"youth","weight":0.4,"start":0,"end":5,"matched":"fresh","normalized":"fresh","transforms":[]}],"entities":[{"kind":"phone","value":"+15550134","start":6,"end":14,"matched":"555 0134"}],"images":[],"contributions":[],"provenance":{"tool":"redflag 0.1.0","lexicons":[],"options":{"region":null,"parts":[]}},"warnings":[]}
{"type":"error","line":2,"error":"invalid_json","message":"x"}
{"id":7,"score":0.2,"spans":[{"start":1,"end":2,"label":"email","value":"a@b.c"}]}"#;
    let preds = read_predictions(report.as_bytes(), "p.jsonl").unwrap();
    assert_eq!(preds.len(), 2);
    let r1 = &preds["r1"];
    assert_eq!(r1.score, Some(0.5));
    assert_eq!(r1.spans[0].rule.as_deref(), Some("youth.fresh"));
    assert_eq!(r1.spans[0].category.as_deref(), Some("youth"));
    assert_eq!(r1.spans[1].kind, Some(AnnotationKind::Phone));
    assert_eq!(r1.spans[1].value.as_deref(), Some("+15550134"));
    assert_eq!(preds["7"].spans[0].kind, Some(AnnotationKind::Email));

    let err = read_predictions(
        "{\"id\":\"a\",\"spans\":[{\"start\":3,\"end\":1,\"label\":\"x\"}]}".as_bytes(),
        "p.jsonl",
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("p.jsonl:1:"), "{err}");
    let err = read_predictions("{\"id\":\"a\"}\n{\"id\":\"a\"}".as_bytes(), "p.jsonl").unwrap_err();
    assert!(
        err.to_string()
            .contains("p.jsonl:2: invalid prediction: duplicate id `a`"),
        "{err}"
    );
}

#[test]
fn gold_round_trips_through_json() {
    let mut doc = GoldDocument::new("g", "call 555 0134");
    doc.gold.push(Annotation::entity(
        AnnotationKind::Phone,
        redflag_model::Span::new(5, 13).unwrap(),
        "+15550134",
    ));
    doc.label = Some(1.0);
    let line = serde_json::to_string(&doc).unwrap();
    assert_eq!(
        line,
        r#"{"id":"g","text":"call 555 0134","label":1.0,"gold":[{"kind":"phone","start":5,"end":13,"value":"+15550134","transforms":[]}]}"#
    );
    let back = read_gold(line.as_bytes(), "g").unwrap();
    assert_eq!(back, vec![doc]);
}
