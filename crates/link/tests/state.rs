//! Saving and loading: a loaded linker continues exactly like the original.

use redflag_link::synth::{self, SynthConfig, SynthDoc};
use redflag_link::{Error, LinkConfig, Linker, STATE_FORMAT};

#[test]
fn save_load_add_equals_adding_everything_at_once() -> Result<(), Box<dyn std::error::Error>> {
    let corpus: Vec<SynthDoc> = synth::generate(&SynthConfig::new(11, 30, 600)).collect();
    let (first, second) = corpus.split_at(corpus.len() / 2);
    let config = LinkConfig::builder().hub_threshold(40).build()?;

    let mut all = Linker::new(config.clone());
    for d in &corpus {
        all.add(&d.input())?;
    }

    let mut before = Linker::new(config);
    for d in first {
        before.add(&d.input())?;
    }
    let mut bytes = Vec::new();
    before.save(&mut bytes)?;
    let json: serde_json::Value = serde_json::from_slice(&bytes)?;
    assert_eq!(json["format"], STATE_FORMAT);
    let mut after = Linker::load(bytes.as_slice())?;
    assert_eq!(after.len(), first.len());
    assert_eq!(after.clusters(), before.clusters());
    for d in second {
        after.add(&d.input())?;
    }
    let (got, want) = (after.clusters(), all.clusters());
    assert!(want.len() > 10);
    assert_eq!(got, want);
    assert_eq!(after.hubs(), all.hubs());
    // Saving again gives the same bytes as saving the all-at-once linker.
    let (mut a, mut b) = (Vec::new(), Vec::new());
    after.save(&mut a)?;
    all.save(&mut b)?;
    assert_eq!(a, b);
    // Duplicate ids are still caught after a reload.
    assert!(matches!(
        after.add(&corpus[0].input()),
        Err(Error::DuplicateId { .. })
    ));
    Ok(())
}

#[test]
fn malformed_states_are_errors_not_panics() -> Result<(), Box<dyn std::error::Error>> {
    let corpus: Vec<SynthDoc> = synth::generate(&SynthConfig::new(5, 5, 40)).collect();
    let mut linker = Linker::new(LinkConfig::default());
    for d in &corpus {
        linker.add(&d.input())?;
    }
    let mut bytes = Vec::new();
    linker.save(&mut bytes)?;
    let good: serde_json::Value = serde_json::from_slice(&bytes)?;

    let mut cases: Vec<serde_json::Value> = Vec::new();
    let mut v = good.clone();
    v["format"] = "redflag.link-state/999".into();
    cases.push(v);
    let mut v = good.clone();
    v["templates"]["docs"][0] = 999_999.into();
    cases.push(v);
    let mut v = good.clone();
    v["templates"]["signatures"][0] = "xyz".into();
    cases.push(v);
    let mut v = good.clone();
    v["images"]["hashes"][0] = "not hex".into();
    cases.push(v);
    let mut v = good.clone();
    v["images"]["sets"]["parent"][0] = 4_000_000_000u32.into();
    cases.push(v);
    let mut v = good.clone();
    v["config"]["hub_threshold"] = 0.into();
    cases.push(v);
    let mut v = good.clone();
    v["docs"][1]["id"] = v["docs"][0]["id"].clone();
    cases.push(v);
    for (i, case) in cases.iter().enumerate() {
        let text = serde_json::to_vec(case)?;
        assert!(Linker::load(text.as_slice()).is_err(), "case {i} loaded");
    }
    assert!(matches!(Linker::load(&b"{"[..]), Err(Error::State { .. })));
    assert!(matches!(
        Linker::load(&b""[..]),
        Err(Error::State { .. } | Error::Io { .. })
    ));
    Ok(())
}
