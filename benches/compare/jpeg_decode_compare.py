#!/usr/bin/env python3
"""JPEG decoding: are redflag's pixels libjpeg-turbo's (Pillow's), and what does decoding cost?

* Pixel identity: every JPEG under $REDFLAG_PDQ_REFERENCE (upstream PDQ test data, read in place)
  plus JPEGs written here by Pillow from a synthetic picture (4:4:4, 4:2:2, 4:2:0, progressive,
  greyscale, two qualities), decoded by redflag (`redflag_imagehash::decode`: libjpeg-turbo's
  decoder), by `image`'s own decoder (zune-jpeg) and by Pillow; counts files whose RGB pixels are
  identical to Pillow's.
* Cost: CPU time per decode (getrusage of the child, repeats minus a 1-repeat run to remove process
  start), single core, for redflag, image/zune-jpeg and Pillow (`Image.open(...).load()`).

Reproduce:  pip install numpy pillow
            REDFLAG_PDQ_REFERENCE=../shared/testdata/pdq-reference taskset -c 0 \\
                python3 benches/compare/jpeg_decode_compare.py
"""
import glob, io, json, os, resource, subprocess, sys, tempfile, time

import numpy as np
from PIL import Image

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def build():
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "redflag-imagehash", "--example", "imagehash_cost"],
                   cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "examples", "imagehash_cost")


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
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def child_cpu(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


def ours_pixels(binary, path, which, tmp):
    out = os.path.join(tmp, "px.rgb")
    _, meta = child_cpu([binary, "decode", path, "1", which, out])
    meta = json.loads(meta.strip().splitlines()[-1])
    return np.fromfile(out, np.uint8).reshape(meta["height"], meta["width"], 3)


def pillow_pixels(path):
    return np.asarray(Image.open(path).convert("RGB"))


def main():
    binary = build()
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        ref = os.environ.get("REDFLAG_PDQ_REFERENCE")
        if ref:
            files += sorted(glob.glob(os.path.join(ref, "**", "*.jpg"), recursive=True))
        pic = synthetic(1024, 768, 3)
        made = [("444-q95", dict(quality=95, subsampling=0)), ("422-q75", dict(quality=75, subsampling=1)),
                ("420-q75", dict(quality=75, subsampling=2)), ("420-q30-progressive", dict(quality=30, progressive=True)),
                ("grey-q80", dict(quality=80))]
        for name, opts in made:
            path = os.path.join(tmp, f"synthetic-{name}.jpg")
            (pic.convert("L") if name.startswith("grey") else pic).save(path, "JPEG", **opts)
            files.append(path)
        rows = []
        for f in files:
            mode = Image.open(f).mode
            p = pillow_pixels(f)
            r = ours_pixels(binary, f, "redflag", tmp)
            z = ours_pixels(binary, f, "image", tmp)
            name = os.path.relpath(f, ref) if ref and f.startswith(ref) else os.path.basename(f)
            rows.append((name, mode, p.shape[:2], np.array_equal(r, p), int((r != p).any(axis=2).sum()) if r.shape == p.shape else -1,
                         np.array_equal(z, p), int((z != p).any(axis=2).sum()) if z.shape == p.shape else -1))
        print("\n## JPEG pixels vs Pillow (libjpeg-turbo)\n")
        print("| file | mode | size | redflag identical | redflag px differing | image/zune identical | zune px differing |")
        print("|---|---|---|---|---|---|---|")
        for n, m, (h, w), a, da, b, db in rows:
            print(f"| {n} | {m} | {w}x{h} | {'yes' if a else 'NO'} | {da} | {'yes' if b else 'no'} | {db} |")
        ycc = [r for r in rows if r[1] != "CMYK"]
        print(f"\nnon-CMYK files identical to Pillow: redflag {sum(r[3] for r in ycc)}/{len(ycc)}, "
              f"image/zune {sum(r[5] for r in ycc)}/{len(ycc)}")

        print("\n## JPEG decode cost, CPU ms per decode, single core\n")
        print("| file | redflag (libjpeg-turbo C, no SIMD) | image (zune-jpeg) | Pillow (libjpeg-turbo SIMD) | redflag / zune |")
        print("|---|---|---|---|---|")
        timed = [os.path.join(tmp, "synthetic-420-q75.jpg"), os.path.join(tmp, "synthetic-444-q95.jpg"),
                 os.path.join(tmp, "synthetic-420-q30-progressive.jpg")]
        if ref:
            timed.insert(0, os.path.join(ref, "reg-test-input/dih/bridge-1-original.jpg"))
        repeats = 30
        for f in timed:
            per = {}
            for which in ("redflag", "image"):
                one, _ = child_cpu([binary, "decode", f, "1", which])
                many, _ = child_cpu([binary, "decode", f, str(repeats + 1), which])
                per[which] = (many - one) / repeats * 1e3
            t = time.process_time()
            for _ in range(repeats):
                Image.open(f).load()
            per["pillow"] = (time.process_time() - t) / repeats * 1e3
            w, h = Image.open(f).size
            name = os.path.basename(f)
            print(f"| {name} {w}x{h} | {per['redflag']:.2f} | {per['image']:.2f} | {per['pillow']:.2f} | {per['redflag'] / per['image']:.2f}x |")
    sys.exit(0 if all(r[3] for r in ycc) else 1)


if __name__ == "__main__":
    main()
