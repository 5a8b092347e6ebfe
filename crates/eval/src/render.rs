//! Human views of an evaluation: an aligned table, a comparison with a baseline, an SVG chart.

use crate::{EvalReport, Metrics};
use std::fmt::Write;

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{x:.3}"))
}

fn interval(v: Option<[f64; 2]>) -> String {
    v.map_or_else(String::new, |[lo, hi]| format!("[{lo:.3}, {hi:.3}]"))
}

fn list(m: &std::collections::BTreeMap<String, Metrics>) -> Vec<(String, &Metrics)> {
    m.iter().map(|(k, v)| (k.clone(), v)).collect()
}

fn sections(report: &EvalReport) -> Vec<(&'static str, Vec<(String, &Metrics)>)> {
    vec![
        ("overall", vec![("all".to_owned(), &report.overall)]),
        ("family", list(&report.by_family)),
        ("depth", list(&report.by_depth)),
        ("entity kind", list(&report.by_entity_kind)),
        ("category", list(&report.by_category)),
        ("rule", list(&report.by_rule)),
    ]
}

/// An aligned table of every bucket: counts, precision, recall, F1 and the F1 interval.
pub fn table(report: &EvalReport) -> String {
    let mut rows: Vec<[String; 9]> = vec![[
        "group".into(),
        "bucket".into(),
        "tp".into(),
        "fp".into(),
        "fn".into(),
        "precision".into(),
        "recall".into(),
        "f1".into(),
        "f1 95% CI".into(),
    ]];
    for (group, items) in sections(report) {
        for (name, m) in items {
            rows.push([
                group.to_owned(),
                name,
                m.tp.to_string(),
                m.fp.to_string(),
                m.fn_.to_string(),
                cell(m.precision),
                cell(m.recall),
                cell(m.f1),
                interval(m.ci95.f1),
            ]);
        }
    }
    let mut out = align(&rows);
    if let Some(d) = &report.documents {
        let _ = writeln!(
            out,
            "documents: n {} positives {}  ROC-AUC {} {}  PR-AUC {} {}",
            d.n,
            d.positives,
            cell(d.roc_auc),
            interval(d.ci95.roc_auc),
            cell(d.pr_auc),
            interval(d.ci95.pr_auc)
        );
    }
    out
}

fn align<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, (w, c)) in widths.iter().zip(row).enumerate() {
            let pad = w - c.chars().count();
            if i < 2 {
                line.push_str(c);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(c);
            }
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A comparison of two evaluations: F1, precision and recall per bucket, with the change
/// (`report` minus `baseline`), for buckets present in either.
pub fn diff_table(report: &EvalReport, baseline: &EvalReport) -> String {
    let mut rows: Vec<[String; 8]> = vec![[
        "group".into(),
        "bucket".into(),
        "f1 base".into(),
        "f1 now".into(),
        "Δ f1".into(),
        "Δ precision".into(),
        "Δ recall".into(),
        "".into(),
    ]];
    let empty = Metrics::default();
    let base_sections = sections(baseline);
    for ((group, items), (_, base_items)) in sections(report).into_iter().zip(base_sections) {
        let mut names: Vec<String> = items.iter().map(|(n, _)| n.clone()).collect();
        names.extend(base_items.iter().map(|(n, _)| n.clone()));
        names.sort();
        names.dedup();
        for name in names {
            let now = items
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(&empty, |(_, m)| *m);
            let base = base_items
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(&empty, |(_, m)| *m);
            let delta = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => format!("{:+.3}", a - b),
                _ => "—".to_owned(),
            };
            let flag = match (now.f1, base.f1) {
                (Some(a), Some(b)) if a + 0.005 < b => "worse",
                (Some(a), Some(b)) if a > b + 0.005 => "better",
                _ => "",
            };
            rows.push([
                group.to_owned(),
                name,
                cell(base.f1),
                cell(now.f1),
                delta(now.f1, base.f1),
                delta(now.precision, base.precision),
                delta(now.recall, base.recall),
                flag.to_owned(),
            ]);
        }
    }
    align(&rows)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An SVG with two charts: the precision-recall curve of document scores (when given) and recall per
/// transform family with its 95% interval.
pub fn plot_svg(report: &EvalReport, pr_points: &[(f64, f64)]) -> String {
    let (w, h) = (900.0, 400.0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">"#
    );
    s.push_str(r#"<rect width="100%" height="100%" fill="white"/>"#);
    s.push('\n');
    // Left: PR curve in a 320x300 box at (50, 40).
    let (x0, y0, pw, ph) = (50.0, 40.0, 320.0, 300.0);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="25" font-weight="bold">Precision–recall (document scores)</text>"#,
        x0
    );
    let _ = writeln!(
        s,
        r##"<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>"##
    );
    for i in 0..=4 {
        let t = f64::from(i) / 4.0;
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">{t:.2}</text>"#,
            x0 + t * pw,
            y0 + ph + 16.0
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{t:.2}</text>"#,
            x0 - 4.0,
            y0 + ph - t * ph + 4.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">recall</text>"#,
        x0 + pw / 2.0,
        y0 + ph + 32.0
    );
    if pr_points.is_empty() {
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">no labelled documents</text>"#,
            x0 + pw / 2.0,
            y0 + ph / 2.0
        );
    } else {
        let pts: Vec<String> = std::iter::once((0.0, pr_points[0].1))
            .chain(pr_points.iter().copied())
            .map(|(r, p)| format!("{:.1},{:.1}", x0 + r * pw, y0 + ph - p * ph))
            .collect();
        let _ = writeln!(
            s,
            r##"<polyline points="{}" fill="none" stroke="#c0392b" stroke-width="2"/>"##,
            pts.join(" ")
        );
    }
    // Right: recall per family with CI whiskers, at (460, 40), 400x300.
    let (x1, bw) = (460.0, 400.0);
    let _ = writeln!(
        s,
        r#"<text x="{x1}" y="25" font-weight="bold">Recall per transform family (95% CI)</text>"#
    );
    let _ = writeln!(
        s,
        r##"<rect x="{x1}" y="{y0}" width="{bw}" height="{ph}" fill="none" stroke="#444"/>"##
    );
    let fams: Vec<(&String, &Metrics)> = report.by_family.iter().collect();
    let n = fams.len().max(1) as f64;
    let slot = bw / n;
    for (i, (name, m)) in fams.iter().enumerate() {
        let cx = x1 + slot * (i as f64 + 0.5);
        if let Some(r) = m.recall {
            let bar_h = r * ph;
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#2e86c1"/>"##,
                cx - slot * 0.35,
                y0 + ph - bar_h,
                slot * 0.7,
                bar_h
            );
            if let Some([lo, hi]) = m.ci95.recall {
                let _ = writeln!(
                    s,
                    r##"<line x1="{cx:.1}" x2="{cx:.1}" y1="{:.1}" y2="{:.1}" stroke="#111" stroke-width="1.5"/>"##,
                    y0 + ph - lo * ph,
                    y0 + ph - hi * ph
                );
            }
            let _ = writeln!(
                s,
                r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="10">{r:.2}</text>"#,
                y0 + ph - bar_h - 4.0
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{cx:.1}" y="{:.1}" text-anchor="end" font-size="10" transform="rotate(-40 {cx:.1} {:.1})">{}</text>"#,
            y0 + ph + 14.0,
            y0 + ph + 14.0,
            esc(name)
        );
    }
    s.push_str("</svg>\n");
    s
}
