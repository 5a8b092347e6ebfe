#!/usr/bin/env python3
"""`redflag scan` end to end, part by part, two builds side by side in one run.

Runs `BIN scan -q --jobs 1 [--only PART] FILE -o OUT` for every configuration below with two
binaries (e.g. the build of an older commit and the current one), alternating, ROUNDS times each, and
prints a Markdown table of CPU seconds (user + system of the child, the best run) and MB of input per
CPU-second. The outputs of both binaries are compared (`same output` column): a speed-up that changes
what is written is reported, not hidden.

The input defaults to `target/text-compare/ads-plain.jsonl` (the 250 sample ads x 200, written by
`benches/compare/text_e2e.py`); any JSONL file of documents can be given.

Usage:
  python3 benches/compare/scan_parts.py OLD_BIN NEW_BIN [FILE] [ROUNDS]
e.g. (the old build from a worktree of an earlier commit):
  git worktree add /tmp/rf-old <commit> && (cd /tmp/rf-old && cargo build --release -p redflag-cli)
  cargo build --release -p redflag-cli
  python3 benches/compare/scan_parts.py /tmp/rf-old/target/release/redflag target/release/redflag
"""
import filecmp
import os
import resource
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CONFIGS = [
    ("--only images (pipeline: JSON in, report out, no matching)", ["--only", "images"]),
    ("--only indicators", ["--only", "indicators"]),
    ("--only entities", ["--only", "entities"]),
    ("everything (default)", []),
]


def run(binary, args, path, out):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, "scan", "-q", "--jobs", "1", *args, path, "-o", out], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    old, new = sys.argv[1], sys.argv[2]
    path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, "target", "text-compare", "ads-plain.jsonl")
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    mb = os.path.getsize(path) / 1e6
    out_dir = os.path.join(ROOT, "target", "scan-parts")
    os.makedirs(out_dir, exist_ok=True)
    print(f"input: {path} ({mb:.1f} MB), best of {rounds} alternating runs, --jobs 1\n")
    print("| what runs | old CPU s | new CPU s | old MB/CPU-s | new MB/CPU-s | new/old speed | same output |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, args in CONFIGS:
        best = {"old": float("inf"), "new": float("inf")}
        outs = {k: os.path.join(out_dir, f"{k}.jsonl") for k in best}
        for _ in range(rounds):
            for key, binary in (("old", old), ("new", new)):
                best[key] = min(best[key], run(binary, args, path, outs[key]))
        same = "yes" if filecmp.cmp(outs["old"], outs["new"], shallow=False) else "no"
        print(f"| {name} | {best['old']:.2f} | {best['new']:.2f} | {mb / best['old']:.1f} | "
              f"{mb / best['new']:.1f} | {best['old'] / best['new']:.2f}x | {same} |", flush=True)


if __name__ == "__main__":
    main()
