#!/usr/bin/env python3
"""End to end: `redflag scan --only indicators` against the Python pipeline, JSON in and out on both sides.

Inputs (JSONL, one document per line, written under target/text-compare/):
- `ads-plain.jsonl`: the 250 sample ads of examples/data/ads.jsonl repeated 200 times (ids made
  unique), about 15 MB of real-looking ad text in nine languages;
- `synth-plain.jsonl` and `synth-obfuscated.jsonl`: the seeded corpus of the `corpus` example
  (`redflag_text::synth::corpus`, seed 42), one document per line.

redflag: `target/release/redflag scan -q --jobs 1 --only indicators FILE -o OUT` (reads and parses the
records, full normalization with offset map, Aho-Corasick, patterns, scoring, report JSON written);
its CPU time (user + system) is read from the child's rusage.

Python: the pipeline a user would otherwise write, on the same file: `json.loads` per line,
`unicodedata` NFKC + `casefold`, one `pyahocorasick` automaton over the same lexicon terms, whole-word
check, and one JSON line written per document with the hits (term, rule, start, end); timed with
`time.process_time()`. It does no deobfuscation and its offsets are into its folded copy, not the
original text.

Each side runs three times, alternating; the best run counts (the machine is shared).

Usage: python3 benches/compare/text_e2e.py [MiB of synth corpus]   (needs: pip install pyahocorasick)
Prints a Markdown table on stdout.
"""
import json
import os
import resource
import subprocess
import sys
import time
import unicodedata

import ahocorasick

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "target", "text-compare")
REDFLAG = os.path.join(ROOT, "target", "release", "redflag")


def fold(s):
    return unicodedata.normalize("NFKC", s).casefold()


def build_automaton(terms):
    automaton = ahocorasick.Automaton()
    for rule, term in terms:
        key = fold(term)
        if key:
            automaton.add_word(key, (rule, len(key)))
    automaton.make_automaton()
    return automaton


def python_pipeline(path, automaton, out_path):
    hits = 0
    start = time.process_time()
    with open(path, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out:
        for line in f:
            record = json.loads(line)
            text = fold(record["text"])
            found = []
            for end, (rule, n) in automaton.iter_long(text):
                s = end - n + 1
                before = text[s - 1] if s > 0 else " "
                after = text[end + 1] if end + 1 < len(text) else " "
                if not before.isalnum() and not after.isalnum():
                    found.append({"rule": rule, "start": s, "end": end + 1, "normalized": text[s:end + 1]})
            hits += len(found)
            out.write(json.dumps({"id": record.get("id"), "indicators": found}, ensure_ascii=False))
            out.write("\n")
    return time.process_time() - start, hits


def redflag(path, out_path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([REDFLAG, "scan", "-q", "--jobs", "1", "--only", "indicators", path, "-o", out_path],
                   check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    secs = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    hits = 0
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            hits += sum(1 for h in json.loads(line).get("indicators", []) if not h.get("signal"))
    return secs, hits


def write_inputs(mib):
    os.makedirs(OUT, exist_ok=True)
    subprocess.run([os.path.join(ROOT, "target", "release", "examples", "corpus"), OUT, mib], check=True)
    with open(os.path.join(ROOT, "examples", "data", "ads.jsonl"), encoding="utf-8") as f:
        ads = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(OUT, "ads-plain.jsonl"), "w", encoding="utf-8") as f:
        for i in range(200):
            for d in ads:
                f.write(json.dumps(dict(d, id=f"{d['id']}-{i}"), ensure_ascii=False) + "\n")
    for name in ("plain", "obfuscated"):
        with open(os.path.join(OUT, f"corpus-{name}.txt"), encoding="utf-8") as src, \
                open(os.path.join(OUT, f"synth-{name}.jsonl"), "w", encoding="utf-8") as dst:
            for n, line in enumerate(src):
                dst.write(json.dumps({"id": f"s{n}", "text": line.rstrip("\n")}, ensure_ascii=False) + "\n")


def main():
    mib = sys.argv[1] if len(sys.argv) > 1 else "8"
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "redflag-cli"], check=True, cwd=ROOT)
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "redflag-text", "--example", "corpus"],
                   check=True, cwd=ROOT)
    write_inputs(mib)
    with open(os.path.join(OUT, "terms.txt"), encoding="utf-8") as f:
        terms = [line.rstrip("\n").split("\t", 1) for line in f if "\t" in line]
    automaton = build_automaton(terms)
    print("| input | MB | redflag scan MB/CPU-s | Python MB/CPU-s | ratio | redflag text hits | Python hits |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in ("ads-plain", "synth-plain", "synth-obfuscated"):
        path = os.path.join(OUT, f"{name}.jsonl")
        mb = os.path.getsize(path) / 1e6
        ours, py = [], []
        for _ in range(3):
            ours.append(redflag(path, os.path.join(OUT, f"{name}.redflag.out")))
            py.append(python_pipeline(path, automaton, os.path.join(OUT, f"{name}.python.out")))
        (o_secs, o_hits), (p_secs, p_hits) = min(ours), min(py)
        print(f"| {name} | {mb:.1f} | {mb / o_secs:.1f} | {mb / p_secs:.1f} | {p_secs / o_secs:.2f}x "
              f"| {o_hits} | {p_hits} |")


if __name__ == "__main__":
    main()
