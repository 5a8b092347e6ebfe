#!/usr/bin/env python3
"""Regenerates the `redflag synth` + `redflag eval` table of BENCHMARKS.md.

    cargo build --release -p redflag-cli
    python3 benches/compare/synth_eval_table.py [--docs 10000] [--seed 2026] [--langs en,ru]

Prints the Markdown table (overall, per family, per depth, per entity kind) and the document
ranking line. Everything comes from `redflag eval`'s JSON; nothing is computed here.
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / "target" / "release" / "redflag"


def row(name, m):
    ci = m["ci95"]["recall"]
    rec = "n/a" if m["recall"] is None else f"{m['recall']:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]"
    p = "n/a" if m["precision"] is None else f"{m['precision']:.3f}"
    f1 = "n/a" if m["f1"] is None else f"{m['f1']:.3f}"
    return f"| {name} | {m['tp']} | {m['fp']} | {m['fn']} | {p} | {rec} | {f1} |"


def run(docs, seed, langs):
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        cmd = [str(BIN), "synth", "--seed", str(seed), "--docs", str(docs), "--out", str(gold)]
        if langs:
            cmd += ["--langs", langs]
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        out = subprocess.run([str(BIN), "eval", "--gold", str(gold)], check=True,
                             capture_output=True, text=True).stdout
    return json.loads(out)


def per_lang(a):
    print("| language | indicator tp | fp | fn | precision | recall | entity tp | fp | fn | ROC-AUC |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for lang in ["en", "ru", "uk", "ro", "lv", "lt", "et", "fr", "it"]:
        v = run(a.docs, a.seed, lang)
        ind = [sum(m[k] for m in v["by_rule"].values()) for k in ("tp", "fp", "fn")]
        ent = [sum(m[k] for m in v["by_entity_kind"].values()) for k in ("tp", "fp", "fn")]
        p = ind[0] / (ind[0] + ind[1]) if ind[0] + ind[1] else float("nan")
        r = ind[0] / (ind[0] + ind[2]) if ind[0] + ind[2] else float("nan")
        auc = v.get("documents", {}).get("roc_auc")
        print(f"| {lang} | {ind[0]} | {ind[1]} | {ind[2]} | {p:.3f} | {r:.3f} | {ent[0]} | {ent[1]} | "
              f"{ent[2]} | {auc:.3f} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--langs", default=None)
    ap.add_argument("--per-lang", action="store_true",
                    help="one row per language instead: indicator-only and entity-only counts")
    a = ap.parse_args()
    if a.per_lang:
        per_lang(a)
        return
    if not BIN.exists():
        sys.exit(f"build first: cargo build --release -p redflag-cli ({BIN} missing)")
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        cmd = [str(BIN), "synth", "--seed", str(a.seed), "--docs", str(a.docs), "--out", str(gold)]
        if a.langs:
            cmd += ["--langs", a.langs]
        subprocess.run(cmd, check=True)
        out = subprocess.run([str(BIN), "eval", "--gold", str(gold)], check=True,
                             capture_output=True, text=True).stdout
    v = json.loads(out)
    print("| bucket | tp | fp | fn | precision | recall [95% CI] | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(row("overall", v["overall"]))
    for k in sorted(v["by_family"]):
        print(row(f"family {k}", v["by_family"][k]))
    for k in sorted(v["by_depth"], key=int):
        print(row(f"depth {k}", v["by_depth"][k]))
    for k in sorted(v["by_entity_kind"]):
        print(row(f"entity {k}", v["by_entity_kind"][k]))
    d = v.get("documents")
    if d:
        print()
        print(f"Document ranking (score vs label): ROC-AUC {d['roc_auc']:.3f} "
              f"[{d['ci95']['roc_auc'][0]:.3f}, {d['ci95']['roc_auc'][1]:.3f}], "
              f"PR-AUC {d['pr_auc']:.3f} [{d['ci95']['pr_auc'][0]:.3f}, {d['ci95']['pr_auc'][1]:.3f}].")
    fps = sorted(((m["fp"], k) for k, m in v["by_rule"].items() if m["fp"]), reverse=True)
    print()
    print("False positives by rule: " + (", ".join(f"{k} {n}" for n, k in fps) or "none"))


if __name__ == "__main__":
    main()
