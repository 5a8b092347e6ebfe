//! Calibration against the published findings (research/indicators.md §4.4): the score must rank
//! the co-occurring JRSA predictors above movement language and single job-ad cues. A sanity check of
//! the default weights, not a validity claim.

use redflag_model::{RiskLevel, Signal, Span};
use redflag_text::{Lexicon, Matcher};

fn matcher() -> Matcher {
    Matcher::new(&Lexicon::embedded()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn jrsa_predictors_outrank_movement_language() {
    let m = matcher();
    let movement = m.scan(
        "New in town! Leaving soon, limited time only ✈️ incall and outcall, just arrived",
        &[],
    );
    let text = "Young and fresh girl, 100% real pics, safe and discreet. Call 7o2 five5five l2e4";
    let phone = text
        .find("7o2")
        .map(|s| Signal::new("entity.phone.obfuscated", Span::new(s, text.len())));
    let predictors = m.scan(text, &phone.into_iter().collect::<Vec<_>>());
    assert_eq!(movement.level, RiskLevel::Low, "{movement:?}");
    assert_eq!(predictors.level, RiskLevel::High, "{predictors:?}");
    assert!(predictors.score > 3.0 * movement.score);
    let sum: f64 = predictors.contributions.iter().map(|c| c.points).sum();
    assert!((sum - predictors.score).abs() < 1e-9);
}

#[test]
fn single_job_ad_cues_stay_low_and_co_occurrence_is_high() {
    let m = matcher();
    let single = m.scan(
        "Hotel staff wanted, no experience needed, free travel and accommodation, start Monday.",
        &[],
    );
    assert!(single.level <= RiskLevel::Low, "{single:?}");
    let recipe = m.scan(
        "Work in Italy, tourist visa only. Ticket deducted from your salary, we keep your passport for the paperwork.",
        &[],
    );
    assert_eq!(recipe.level, RiskLevel::High, "{recipe:?}");
    let rules: Vec<&str> = recipe.hits.iter().map(|h| h.rule.as_str()).collect();
    assert_eq!(
        rules,
        [
            "documents.tourist_visa",
            "debt.travel_repaid",
            "documents.passport_held"
        ]
    );
}

#[test]
fn multilingual_recipes_fire() {
    let m = matcher();
    for text in [
        "Работа в Дубае для девушек, паспорт оставить в залог, перелёт в кредит",
        "Робота за кордоном, квиток і візу оплатимо, вартість утримаємо з зарплати, паспорт потрібен для оформлення",
        "Plecare imediată în Italia, biletul se decontează din primul salariu, taxă de înscriere 200 euro",
        "Darbs Īrijā, biļeti apmaksāsim, summu ieturēsim no algas, pasi glabās darba devējs",
        "Vahendustasu 300 eurot, elamiskulud ja trahvid arvestatakse palgast maha",
        "Frais de dossier 250 €, billet avancé, remboursé sur le salaire",
        "Quota di iscrizione 180 euro, biglietto trattenuto dallo stipendio, consegnare il passaporto",
    ] {
        let a = m.scan(text, &[]);
        assert!(
            a.level >= RiskLevel::Medium,
            "{text}: {:.2} {:?}",
            a.score,
            a.hits.iter().map(|h| h.rule.as_str()).collect::<Vec<_>>()
        );
    }
}
