#!/usr/bin/env python3
"""Side-by-side: redflag-entities vs Python `phonenumbers.PhoneNumberMatcher` and `commonregex`.

One run, one corpus: the seeded labelled corpus of redflag-entities (ad-like documents in nine
languages, plain and disguised identifiers, distractors). Our extractor runs through the example
binary `entities_eval`, which writes the corpus and its predictions; the peers run here on the same
texts. Precision and recall are computed the same way for everyone (multiset match of normalized
values per document); throughput is one thread each, in MB per CPU-second (process CPU time, so
that a busy shared machine does not skew the ratio; ours from /proc/self/stat in the example).

    pip install phonenumbers commonregex
    python3 benches/compare/entities_compare.py [--docs 2000] [--seed 2026]

PhoneNumberMatcher needs a default region: it gets the document's `region` when the corpus gives
one, else "US" (its usual default) -- and, as a second row, the true home region of every document
(an oracle that redflag does not get; redflag infers the region from the text instead).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter

import commonregex
import phonenumbers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def prf(gold_docs, pred_docs, kind, subset=None):
    """Precision/recall/F1 of predictions against gold for one kind. `subset` filters gold items
    (e.g. only obfuscated ones) for recall; precision is then not defined and reported as None."""
    tp = fp = fn = 0
    for gold, pred in zip(gold_docs, pred_docs):
        g_all = [g for g in gold if g["kind"] == kind]
        g = Counter(x["key"] for x in g_all if subset is None or subset(x))
        p = Counter(x["key"] for x in pred if x["kind"] == kind)
        if subset is None:
            inter = g & p
            tp += sum(inter.values())
            fp += sum((p - g).values())
            fn += sum((g - p).values())
        else:
            inter = g & p
            tp += sum(inter.values())
            fn += sum((g - inter).values())
    precision = tp / (tp + fp) if subset is None and tp + fp else (None if subset else 1.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = (2 * precision * recall / (precision + recall)) if precision and recall else (None if subset else 0.0)
    return precision, recall, f1


def fmt(x):
    return "-" if x is None else f"{x:.3f}"


def run_phonenumbers(docs, region_of):
    preds = []
    start = time.process_time()
    for d in docs:
        found = []
        for m in phonenumbers.PhoneNumberMatcher(d["text"], region_of(d)):
            found.append({"kind": "phone", "key": phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)})
        preds.append(found)
    return preds, time.process_time() - start


def run_commonregex(docs):
    phone = commonregex.phone
    email = commonregex.email
    link = commonregex.link
    btc = commonregex.btc_address
    preds = []
    start = time.process_time()
    for d in docs:
        t = d["text"]
        found = []
        for m in phone.finditer(t):
            digits = re.sub(r"\D", "", m.group(0))
            if len(digits) == 10:
                digits = "1" + digits
            found.append({"kind": "phone", "key": "+" + digits})
        for m in email.finditer(t):
            found.append({"kind": "email", "key": m.group(0).lower()})
        emails = [m.span() for m in email.finditer(t)]
        for m in link.finditer(t):
            if any(s <= m.start() < e for s, e in emails):
                continue
            found.append({"kind": "url", "key": m.group(0)})
        for m in btc.finditer(t):
            found.append({"kind": "crypto", "key": "btc:" + m.group(0)})
        preds.append(found)
    return preds, time.process_time() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus_path = os.path.join(tmp, "corpus.jsonl")
        preds_path = os.path.join(tmp, "ours.jsonl")
        cmd = ["cargo", "run", "--quiet", "--release", "-p", "redflag-entities", "--example", "entities_eval", "--",
               "--seed", str(args.seed), "--docs", str(args.docs), "--repeat", str(args.repeat),
               "--corpus-out", corpus_path, "--predictions-out", preds_path]
        out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
        docs = [json.loads(l) for l in open(corpus_path, encoding="utf-8")]
        ours = [json.loads(l) for l in open(preds_path, encoding="utf-8")]
    mb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    def ours_rate(label):
        line = re.search(label + r": ([^\n]*)", out).group(1)
        cpu = re.search(r"([0-9.]+) MB/s per CPU-second", line)
        return float(cpu.group(1) if cpu else re.search(r"([0-9.]+) MB/s", line).group(1))

    ours_all = ours_rate("all kinds, one thread")
    ours_phone = ours_rate("phones only, one thread")

    gold = [d["gold"] for d in docs]
    pn_default, t_default = run_phonenumbers(docs, lambda d: d["region"] or "US")
    pn_oracle, t_oracle = run_phonenumbers(docs, lambda d: d["home_region"])
    cr, t_cr = run_commonregex(docs)

    disguised = lambda g: g["obfuscated"]
    plain = lambda g: not g["obfuscated"]
    print(f"corpus: {len(docs)} documents, {mb:.2f} MB, seed {args.seed}")
    print(f"phonenumbers {phonenumbers.__version__}, commonregex 1.5.4\n")
    print("| phones | precision | recall | F1 | recall, plain | recall, disguised | MB per CPU-second |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    rows = [
        ("redflag-entities (region inferred when not given)", ours, mb / (mb / ours_phone)),
        ("phonenumbers.PhoneNumberMatcher (doc region, else US)", pn_default, mb / t_default),
        ("phonenumbers.PhoneNumberMatcher (true region: oracle)", pn_oracle, mb / t_oracle),
        ("commonregex", cr, mb / t_cr),
    ]
    for name, preds, speed in rows:
        p, r, f = prf(gold, preds, "phone")
        _, rp, _ = prf(gold, preds, "phone", plain)
        _, rd, _ = prf(gold, preds, "phone", disguised)
        print(f"| {name} | {fmt(p)} | {fmt(r)} | {fmt(f)} | {fmt(rp)} | {fmt(rd)} | {speed:.2f} |")
    print(f"\nphones: redflag-entities is {ours_phone / (mb / t_default):.1f}x the speed of PhoneNumberMatcher "
          f"(doc region) and {ours_phone / (mb / t_oracle):.1f}x (oracle region), one thread each")
    print(f"all seven kinds: redflag-entities {ours_all:.2f} MB/s; commonregex (phones, emails, links, btc) "
          f"{mb / t_cr:.2f} MB/s\n")
    print("| kind | redflag P | redflag R | redflag F1 | commonregex P | commonregex R | commonregex F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in ["email", "url", "crypto"]:
        a = prf(gold, ours, kind)
        b = prf(gold, cr, kind)
        print(f"| {kind} | {fmt(a[0])} | {fmt(a[1])} | {fmt(a[2])} | {fmt(b[0])} | {fmt(b[1])} | {fmt(b[2])} |")
    print("\n(commonregex crypto = Bitcoin only, shape only; gold includes ETH/LTC/TRX/XMR/BCH.)")
    print("\nredflag-entities, its own table:\n")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
