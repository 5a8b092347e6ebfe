#!/usr/bin/env python3
"""Compare redflag-imagehash with its peers, on the same data, in one run, single core.

* PDQ hashing (hashing only, from the same decoded RGB pixels): ours vs `pdqhash` (Meta's C++
  reference through its Python binding), at 1024x768 and 1600x1004. Also checks the hashes agree.
* Radius search at d=31 over 1M random 256-bit hashes (+ planted near-duplicates): ours (multi-index
  hashing) vs faiss-cpu IndexBinaryFlat and IndexBinaryMultiHash(256, 16, 16) (nflip=1, as HMA).
  Checks that all three return exactly the same (id, distance) pairs.

Reproduce:  pip install numpy pillow pdqhash faiss-cpu
            python3 benches/compare/imagehash_compare.py [--n 1000000] [--queries 1000] [--clustered]
(If REDFLAG_PDQ_REFERENCE is set, the upstream bridge photo is also timed, read in place.)
"""
import argparse, json, os, subprocess, sys, tempfile, time

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def build():
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "redflag-imagehash", "--example", "imagehash_compare"],
                   cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "examples", "imagehash_compare")


def ours(binary, *args):
    out = subprocess.run([binary, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def synthetic(width, height, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    img = np.zeros((height, width, 3), np.float32)
    for c in range(3):
        fx, fy, ph = rng.uniform(1, 9), rng.uniform(1, 9), rng.uniform(0, 6.28)
        img[..., c] = 128 + 60 * np.sin(fx * x / width * 6.28 + ph) * np.cos(fy * y / height * 6.28)
    for _ in range(12):
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(20, height / 3)
        mask = (x - cx) ** 2 + (y - cy) ** 2 < r * r
        img[mask] = rng.uniform(0, 255, 3)
    img += rng.normal(0, 6, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def time_best(fn, repeats):
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        r = fn()
        best = min(best, time.perf_counter() - t)
    return best, r


def bench_pdq(binary, tmp, repeats):
    import pdqhash
    cases = [("synthetic 1024x768", synthetic(1024, 768, 1)), ("synthetic 1600x1004", synthetic(1600, 1004, 2))]
    ref = os.environ.get("REDFLAG_PDQ_REFERENCE")
    if ref:
        from PIL import Image
        photo = Image.open(os.path.join(ref, "reg-test-input/dih/bridge-1-original.jpg")).convert("RGB")
        cases.append(("bridge photo 1600x1004", np.asarray(photo)))
        cases.append(("bridge photo resized 1024x768", np.asarray(photo.resize((1024, 768), Image.BILINEAR))))
    rows = []
    for name, arr in cases:
        arr = np.ascontiguousarray(arr)
        h, w, _ = arr.shape
        path = os.path.join(tmp, f"{w}x{h}-{len(rows)}.rgb")
        arr.tofile(path)
        t_ref, (bits, q_ref) = time_best(lambda: pdqhash.compute(arr), repeats)
        hex_ref = np.packbits(bits).tobytes().hex()
        r = ours(binary, "pdq", path, w, h, repeats)
        rows.append((name, t_ref * 1e3, r["best_ms"], r["hash"] == hex_ref and r["quality"] == q_ref))
    print("\n## PDQ hashing, single core, best of %d (hashing only, same decoded pixels)\n" % repeats)
    print("| image | pdqhash (C++ ref) ms | redflag ms | speed-up | identical hash+quality |")
    print("|---|---|---|---|---|")
    for name, a, b, same in rows:
        print(f"| {name} | {a:.2f} | {b:.2f} | {a / b:.2f}x | {'yes' if same else 'NO'} |")
    return rows



def bench_index(binary, tmp, n, nq, radius, clustered):
    import faiss
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(7)
    if clustered:
        # Near-duplicate clusters as real hash sets have: n/100 centres, 100 members each within
        # 0..24 bits of their centre (vectorised flips: each member gets 24 random bit positions,
        # each flipped with probability 1/2).
        centres = rng.integers(0, 256, (max(1, n // 100), 32), dtype=np.uint8)
        db = centres[rng.integers(0, len(centres), n)]
        noise = np.zeros((n, 256), np.uint8)
        pos = rng.integers(0, 256, (n, 24))
        np.put_along_axis(noise, pos, rng.integers(0, 2, (n, 24), dtype=np.uint8), axis=1)
        db = db ^ np.packbits(noise, axis=1)
    else:
        db = rng.integers(0, 256, (n, 32), dtype=np.uint8)
    q = rng.integers(0, 256, (nq, 32), dtype=np.uint8)
    # Half the queries are near-duplicates of database entries (0..40 flipped bits).
    for i in range(nq // 2):
        src = db[rng.integers(0, n)].copy()
        bits = np.unpackbits(src)
        flip = rng.choice(256, rng.integers(0, 41), replace=False)
        bits[flip] ^= 1
        q[i] = np.packbits(bits)
    dbp, qp = os.path.join(tmp, "db.bin"), os.path.join(tmp, "q.bin")
    db.tofile(dbp)
    q.tofile(qp)

    def checksum(lims, D, I):
        return int((I.astype(np.uint64) * 257 + D.astype(np.uint64)).sum()), int(lims[-1])

    flat = faiss.IndexBinaryFlat(256)
    flat.add(db)
    t = time.perf_counter()
    lims, D, I = flat.range_search(q, radius + 1)  # faiss range search is strict (< radius)
    t_flat = (time.perf_counter() - t) / nq
    sum_flat = checksum(lims, D, I)

    t0 = time.perf_counter()
    mih = faiss.IndexBinaryMultiHash(256, 16, 16)
    mih.nflip = radius // 16
    mih.add(db)
    build_mih = time.perf_counter() - t0
    t = time.perf_counter()
    lims, D, I = mih.range_search(q, radius + 1)
    t_mih = (time.perf_counter() - t) / nq
    sum_mih = checksum(lims, D, I)
    mih_bytes = len(faiss.serialize_index_binary(mih)) / n
    flat_bytes = len(faiss.serialize_index_binary(flat)) / n

    r = ours(binary, "index", dbp, qp, radius, "auto")
    r_lin = ours(binary, "index", dbp, qp, radius, "linear")
    same = (r["checksum"], r["results"]) == sum_flat == sum_mih and (r_lin["checksum"], r_lin["results"]) == sum_flat
    best_faiss = min(t_flat, t_mih) * 1e3
    kind = "clustered (100 per cluster, <= 24 bits from the centre)" if clustered else "random"
    print(f"\n## Radius search, d <= {radius}, {n:,} {kind} hashes, {nq} queries (half near-duplicates), 1 thread\n")
    print("| index | ms/query | vs faster faiss | bytes/hash | results |")
    print("|---|---|---|---|---|")
    print(f"| faiss IndexBinaryFlat (batched) | {t_flat * 1e3:.4f} | {best_faiss / (t_flat * 1e3):.2f}x | {flat_bytes:.0f} | {sum_flat[1]} |")
    print(f"| faiss IndexBinaryMultiHash(256,16,16) (batched) | {t_mih * 1e3:.4f} | {best_faiss / (t_mih * 1e3):.2f}x | {mih_bytes:.0f} | {sum_mih[1]} |")
    print(f"| redflag HashIndex, auto (multi-index) | {r['ms_per_query']:.4f} | {best_faiss / r['ms_per_query']:.2f}x | {r['bytes_per_hash']:.0f} | {r['results']} |")
    print(f"| redflag HashIndex, linear scan (one query at a time) | {r_lin['ms_per_query']:.4f} | {best_faiss / r_lin['ms_per_query']:.2f}x | 32 + ids | {r_lin['results']} |")
    print(f"| redflag HashIndex, linear scan (batched) | {r_lin['ms_per_query_batch']:.4f} | {best_faiss / r_lin['ms_per_query_batch']:.2f}x | 32 + ids | {r_lin['results']} |")
    print(f"\nidentical (id, distance) sets across all four: {'yes' if same else 'NO'}; "
          f"build: faiss MIH {build_mih:.2f} s, redflag {r['build_s']:.2f} s (includes reading {n:,} hashes)")
    return same


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--radius", type=int, default=31)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--skip-pdq", action="store_true")
    ap.add_argument("--skip-index", action="store_true")
    ap.add_argument("--clustered", action="store_true", help="near-duplicate clusters instead of uniform hashes")
    a = ap.parse_args()
    binary = build()
    with tempfile.TemporaryDirectory() as tmp:
        ok = True
        if not a.skip_pdq:
            try:
                rows = bench_pdq(binary, tmp, a.repeats)
                ok &= all(r[3] for r in rows)
            except ImportError as e:
                print(f"pdqhash not installed ({e}); pip install pdqhash")
        if not a.skip_index:
            try:
                ok &= bench_index(binary, tmp, a.n, a.queries, a.radius, a.clustered)
            except ImportError as e:
                print(f"faiss not installed ({e}); pip install faiss-cpu")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
