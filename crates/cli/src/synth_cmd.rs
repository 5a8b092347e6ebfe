//! `redflag synth`: a seeded, labelled benchmark corpus in the gold format `redflag eval` reads.
//!
//! Each document is a carrier text with one lexicon term disguised by a stack of transform families
//! (depth 0 = plain) or, for hard negatives, a benign text that uses indicator words innocently;
//! followed by an ad-like contact block with entities written plainly or disguised, and their
//! distractors (dates, prices, order numbers). Gold labels carry exact byte spans, the rule and
//! category or the entity kind, the normalized value and the families applied.
//!
//! What it measures: how robust matching is to disguise, and extraction quality. It does not
//! measure whether an indicator predicts trafficking; that needs labelled real cases.

use crate::Outcome;
use anyhow::Context;
use clap::Args;
use redflag::entities::corpus;
use redflag::model::{Span, Transform};
use redflag::text::Lexicon;
use redflag::text::synth::Generator;
use redflag_eval::{Annotation, AnnotationKind, GoldDocument, SplitMix64};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `redflag synth`.
#[derive(Debug, Args)]
pub(crate) struct SynthArgs {
    /// Seed: the same seed, size and version give a byte-identical corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of documents.
    #[arg(long, default_value_t = 1000)]
    docs: usize,
    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
    /// Share of hard-negative documents (benign uses of indicator words), 0 to 1.
    #[arg(long, default_value_t = 0.25, value_name = "SHARE")]
    negative_share: f64,
    /// Transform families to draw from (comma-separated; default: all).
    #[arg(long, value_delimiter = ',', value_name = "FAMILIES")]
    families: Vec<Transform>,
    /// Largest number of families stacked on one term (0 = plain text only).
    #[arg(long, default_value_t = 2, value_name = "N")]
    max_depth: usize,
    /// Only these languages (comma-separated ISO 639-1 codes, e.g. `en,ru`; default: all): the
    /// indicator terms, carrier sentences, hard negatives and entity blocks. Terms are filtered by
    /// the language the lexicon gives them (`[indicator.terms]` tables).
    #[arg(long, value_delimiter = ',', value_name = "LANGS")]
    langs: Vec<String>,
    /// Leave entities out (indicator phrases only).
    #[arg(long)]
    no_entities: bool,
    /// Use this lexicon's terms instead of the embedded lexicon's.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Write a linking benchmark instead: N planted operations (groups of ads sharing identifiers
    /// and templates, disguised) plus `--docs` unrelated ads, some sharing only a hub value; each
    /// document carries its `operation`, for scoring `redflag link`.
    #[arg(long, value_name = "N")]
    operations: Option<usize>,
    /// With --operations: do not draw the ads' photos. By default, when writing to --out FILE,
    /// they are drawn as PNG and JPEG files into the folder `<FILE stem>-photos` beside it (the
    /// documents' `images` point there) so that `redflag link` hashes and links them too.
    #[arg(long)]
    no_photos: bool,
}

/// Benign texts that use words the lexicon watches for, with their language; gold has no
/// indicator in them.
const HARD_NEGATIVES: &[(&str, &str)] = &[
    (
        "en",
        "Fresh tulips and a dozen red roses delivered for Mother's Day, order by Friday.",
    ),
    (
        "en",
        "Cherry blossom festival this weekend in the park, free entry for families.",
    ),
    (
        "en",
        "Our 24/7 customer support team is hiring, full contract, paid holidays.",
    ),
    (
        "en",
        "Young professionals networking evening, drinks and talks, register online.",
    ),
    (
        "en",
        "Dental crowns and implants, new patients welcome, NHS and private.",
    ),
    (
        "en",
        "Licensed physiotherapist offers sports massage, booking through the clinic.",
    ),
    (
        "en",
        "New in town? Join our book club, we meet every Thursday at the library.",
    ),
    (
        "en",
        "Warehouse operatives wanted, contract and induction provided, no fees ever charged.",
    ),
    (
        "en",
        "Nanny position: references checked, contract under local labour law, own room.",
    ),
    (
        "en",
        "Sex workers deserve safety and rights: read our report on decriminalisation.",
    ),
    ("ru", "Продам свежие овощи с огорода, доставка по городу."),
    ("uk", "Свіжі квіти до свята, букет троянд зі знижкою."),
    ("ro", "Vând trandafiri proaspeți pentru nunți și botezuri."),
    (
        "fr",
        "Fleurs fraîches et roses pour la fête des mères, livraison gratuite.",
    ),
    (
        "it",
        "Rose fresche per la festa della mamma, consegna a domicilio.",
    ),
    (
        "lv",
        "Svaigi ziedi un rozes Mātes dienai, piegāde bez maksas.",
    ),
    (
        "lt",
        "Šviežios gėlės ir rožės Motinos dienai, pristatymas nemokamai.",
    ),
    (
        "et",
        "Värsked lilled ja roosid emadepäevaks, tasuta kohaletoimetamine.",
    ),
];

pub(crate) fn run(args: SynthArgs) -> anyhow::Result<Outcome> {
    if !(0.0..=1.0).contains(&args.negative_share) {
        anyhow::bail!(
            "--negative-share must be between 0 and 1, got {}",
            args.negative_share
        );
    }
    if let Some(operations) = args.operations {
        return planted(&args, operations);
    }
    let lexicon = match &args.lexicon {
        Some(p) => Lexicon::from_path(p)?,
        None => Lexicon::embedded(),
    };
    let categories: HashMap<String, String> = lexicon
        .rules()
        .iter()
        .map(|r| (r.id.as_str().to_owned(), r.category.clone()))
        .collect();
    let families: Vec<Transform> = if args.families.is_empty() {
        Transform::ALL.to_vec()
    } else {
        args.families.clone()
    };
    let mut rng = SplitMix64::new(args.seed);
    let mut generator = Generator::new(&lexicon, args.seed ^ 0x7e57);
    let langs: Vec<&str> = args.langs.iter().map(|l| l.trim()).collect();
    let negatives_pool: Vec<&str> = HARD_NEGATIVES
        .iter()
        .filter(|(l, _)| langs.is_empty() || langs.contains(l))
        .map(|(_, t)| *t)
        .collect();
    if !langs.is_empty() {
        let known = generator.langs();
        let unknown: Vec<&str> = langs
            .iter()
            .copied()
            .filter(|l| !known.iter().any(|k| k == l))
            .collect();
        if !unknown.is_empty() {
            anyhow::bail!(
                "--langs: the lexicon has no terms in {} (it has: {})",
                unknown.join(", "),
                known.join(", ")
            );
        }
        generator = generator.with_langs(&langs);
        if negatives_pool.is_empty() && args.negative_share > 0.0 {
            anyhow::bail!(
                "--langs: no hard negatives in {}; use --negative-share 0",
                langs.join(", ")
            );
        }
    }
    // The entity blocks carry no indicator language of their own: every indicator phrase in a
    // document is the labelled one (or none, in a hard negative).
    let entity_docs = if args.no_entities {
        Vec::new()
    } else {
        let options = corpus::Options::new().langs(&langs).indicator_free(true);
        corpus::generate_with(args.seed ^ 0xe17, args.docs, &options)
    };
    let mut out = crate::output::open(args.out.as_deref())?;
    let (mut positives, mut negatives) = (0usize, 0usize);
    for i in 0..args.docs {
        let id = format!("synth-{:07}", i + 1);
        let negative = rng.unit() < args.negative_share;
        let mut gold = Vec::new();
        let mut case_lang: Option<String> = None;
        let mut text;
        if negative {
            text = negatives_pool[rng.below(negatives_pool.len() as u64) as usize].to_owned();
            negatives += 1;
        } else {
            let depth = rng.below(args.max_depth.min(families.len()) as u64 + 1) as usize;
            let mut pool = families.clone();
            let mut stack = Vec::with_capacity(depth);
            for _ in 0..depth {
                stack.push(pool.swap_remove(rng.below(pool.len() as u64) as usize));
            }
            // Not every term can carry every family (look-alikes need Latin letters): fall back to
            // fewer families rather than skip the document.
            let case = generator
                .case(&stack)
                .or_else(|| generator.case(&stack[..stack.len().min(1)]))
                .or_else(|| generator.case(&[]));
            let Some(case) = case else {
                anyhow::bail!("the lexicon has no whole-word term to embed");
            };
            let mut a = Annotation::indicator(
                case.rule.as_str(),
                categories
                    .get(case.rule.as_str())
                    .cloned()
                    .unwrap_or_default(),
                case.span,
            );
            a.value = Some(case.term.clone());
            a.transforms = case.families.clone();
            gold.push(a);
            case_lang = case.lang.clone();
            text = case.text;
            positives += 1;
        }
        let mut region = None;
        let mut lang = if negative {
            HARD_NEGATIVES
                .iter()
                .find(|(_, t)| *t == text)
                .map(|(l, _)| (*l).to_owned())
        } else {
            gold.first().and(case_lang.take())
        };
        if let Some(e) = entity_docs.get(i) {
            let offset = text.len() + 1;
            text.push('\n');
            text.push_str(&e.text);
            region = e.region;
            // A document mixing languages says the entity block's only when it has no other.
            lang = lang.or_else(|| Some(e.lang.to_owned()));
            for g in &e.gold {
                let Some(span) = Span::new(g.start + offset, g.end + offset) else {
                    continue;
                };
                let Some(kind) = AnnotationKind::parse(g.kind.as_str()) else {
                    continue; // a kind the gold format does not know yet
                };
                gold.push(Annotation::entity(kind, span, g.value()));
            }
        }
        let mut doc = GoldDocument::new(id, text);
        doc.region = region;
        doc.lang = lang;
        doc.label = Some(if negative { 0.0 } else { 1.0 });
        doc.gold = gold;
        serde_json::to_writer(&mut out, &doc)?;
        writeln!(out)?;
    }
    out.flush().context("cannot write the corpus")?;
    say!(
        "redflag synth: {} documents ({positives} with a disguised indicator, {negatives} hard negatives), seed {}",
        args.docs,
        args.seed
    );
    Ok(Outcome::Clean)
}

/// The linking benchmark: planted operations from `redflag-link`'s generator, as gold documents,
/// with their photos drawn into a folder beside `--out`.
fn planted(args: &SynthArgs, operations: usize) -> anyhow::Result<Outcome> {
    let config = redflag::link::synth::SynthConfig::new(args.seed, operations, args.docs);
    let photo_dir = match &args.out {
        Some(out) if !args.no_photos && out.as_os_str() != "-" => {
            let dir = crate::synth_photos::folder_for(out);
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            Some(dir)
        }
        _ => None,
    };
    let mut written = std::collections::HashSet::new();
    let mut out = crate::output::open(args.out.as_deref())?;
    let (mut n, mut in_ops) = (0usize, 0usize);
    for d in redflag::link::synth::generate(&config) {
        let mut doc = GoldDocument::new(d.id.clone(), d.text.clone());
        for e in &d.entities {
            if let Some(kind) = AnnotationKind::parse(e.kind().as_str()) {
                // Gold values are what an extractor reports: crypto addresses checksummed.
                let value = match &e.value {
                    redflag::model::EntityValue::Crypto { chain, value } => {
                        redflag::entities::CryptoAddress::parse(Some(*chain), value)
                            .map_or_else(|_| value.clone(), |a| a.as_str().to_owned())
                    }
                    v => v.value().to_owned(),
                };
                doc.gold.push(Annotation::entity(kind, e.span, value));
            }
        }
        doc.operation = d.operation;
        // The generator writes North American numbers, most in national format.
        doc.region = "US".parse().ok();
        in_ops += usize::from(d.operation.is_some());
        n += 1;
        match &photo_dir {
            Some(dir) if !d.photos.is_empty() => {
                // The gold format has no `images`; the document format does.
                let mut value = serde_json::to_value(&doc)?;
                let paths = crate::synth_photos::write_all(&d.photos, dir, &mut written)?;
                value["images"] = serde_json::json!(paths);
                serde_json::to_writer(&mut out, &value)?;
            }
            _ => serde_json::to_writer(&mut out, &doc)?,
        }
        writeln!(out)?;
    }
    out.flush().context("cannot write the corpus")?;
    let photos = match &photo_dir {
        Some(dir) => format!("{} photos in {}", written.len(), dir.display()),
        None => "no photos written: links come from identifiers and templates only".to_owned(),
    };
    say!(
        "redflag synth: {n} documents ({in_ops} in {operations} planted operations, {} unrelated), seed {}, {photos}",
        n - in_ops,
        args.seed
    );
    Ok(Outcome::Clean)
}
