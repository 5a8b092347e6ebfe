#!/usr/bin/env python3
"""No lost records, bounded memory: generate a large JSONL file with a share of bad lines, run
`redflag scan` on it, and check that the output has exactly one line per record, ids in order,
and error records exactly where the bad lines were. Reports throughput and peak memory
(`/usr/bin/time -v`).

    python3 benches/no_lost_records.py --gib 1 --jobs 2

Needs a release build (`cargo build --release -p redflag-cli`, done for you if missing) and
GNU time (`apt-get install time`).
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAD_KINDS = ["invalid_json", "invalid_utf8", "missing_field", "too_large"]


def generate(path, target_bytes, bad_share, seed, max_bytes):
    """Writes the corpus; returns (records, {line_number: expected_error}) with 1-based lines."""
    with open(os.path.join(ROOT, "examples", "data", "ads.jsonl"), encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    rng = random.Random(seed)
    bad = {}
    written = 0
    line = 0
    with open(path, "wb") as out:
        while written < target_bytes:
            line += 1
            if rng.random() < bad_share:
                kind = BAD_KINDS[line % len(BAD_KINDS)]
                bad[line] = kind
                if kind == "invalid_json":
                    data = b'{"id": "n%d", "text": "unterminated' % line
                elif kind == "invalid_utf8":
                    data = b'{"id": "n%d", "text": "caf\xe9 \xff"}' % line
                elif kind == "missing_field":
                    data = b'{"id": "n%d", "body": "no text field"}' % line
                else:
                    data = b'{"id": "n%d", "text": "%s"}' % (line, b"x" * (max_bytes + 10))
            else:
                text = texts[rng.randrange(len(texts))]
                data = json.dumps({"id": "n%d" % line, "text": text}, ensure_ascii=False).encode()
            out.write(data + b"\n")
            written += len(data) + 1
    return line, bad, written


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gib", type=float, default=1.0, help="size of the generated file (GiB)")
    ap.add_argument("--bad-share", type=float, default=0.01)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--max-bytes", type=int, default=65536)
    ap.add_argument("--dir", default=tempfile.gettempdir())
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "redflag"))
    args = ap.parse_args()

    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release", "-p", "redflag-cli"], cwd=ROOT, check=True)
    if not os.path.exists("/usr/bin/time"):
        sys.exit("GNU time is missing: apt-get install time")

    src = os.path.join(args.dir, "redflag-nolost.jsonl")
    dst = os.path.join(args.dir, "redflag-nolost.out.jsonl")
    t0 = time.time()
    records, bad, size = generate(src, int(args.gib * (1 << 30)), args.bad_share, args.seed, args.max_bytes)
    print(f"generated {size / (1 << 20):.0f} MiB, {records} records, {len(bad)} bad, in {time.time() - t0:.0f}s",
          file=sys.stderr)

    cmd = ["/usr/bin/time", "-v", args.binary, "scan", "--jobs", str(args.jobs), "--max-bytes", str(args.max_bytes),
           "-q", src, "--output", dst]
    t0 = time.time()
    proc = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
    elapsed = time.time() - t0
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))

    problems = []
    if proc.returncode != (1 if bad else 0):
        problems.append(f"exit status {proc.returncode}")
    n = 0
    with open(dst, "rb") as f:
        for n, raw in enumerate(f, start=1):
            rec = json.loads(raw)
            want = bad.get(n)
            if want:
                if rec.get("type") != "error" or rec.get("line") != n or rec.get("error") != want:
                    problems.append(f"line {n}: expected {want} error, got {raw[:120]!r}")
            elif rec.get("type") != "report" or rec.get("id") != f"n{n}":
                problems.append(f"line {n}: expected report n{n}, got {raw[:120]!r}")
            if len(problems) > 10:
                break
    if n != records:
        problems.append(f"{n} output lines for {records} records")

    result = {
        "input_mib": round(size / (1 << 20)),
        "records": records,
        "bad_lines": len(bad),
        "jobs": args.jobs,
        "seconds": round(elapsed, 1),
        "mib_per_s": round(size / (1 << 20) / elapsed, 1),
        "records_per_s": round(records / elapsed),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "all_records_accounted_for": not problems,
    }
    print(json.dumps(result))
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    os.remove(src)
    os.remove(dst)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
