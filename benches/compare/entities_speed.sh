#!/usr/bin/env bash
# Entity extraction throughput of this checkout against a baseline revision, in one run.
#
#   benches/compare/entities_speed.sh [BASE_REV] [DOCS]     (defaults: 56b387a, 2000)
#
# Throughput is MB (10^6 bytes) of input text per CPU-second of one thread, all kinds enabled,
# steady state (the extractor is built and warmed up outside the measurement). Both builds run
# the same example (crates/entities/examples/entities_speed.rs, copied into the baseline
# checkout) on the same corpus files (written once by this checkout's entities_eval):
#   dense  the seeded labelled corpus (an entity every ~25 bytes)
#   prose  the same ads padded with ~1 KB of ordinary ad prose each (the density of real ads)
#   phones the dense corpus with only phones enabled
# Reported per build and corpus: instructions per pass (valgrind callgrind, counting only the
# measured passes: repeatable on a busy machine) and MB per CPU-second (median of 3 alternating
# runs), plus the new/old ratios.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BASE="${1:-56b387a}"
DOCS="${2:-2000}"
WORK="$(mktemp -d)"
trap 'git -C "$ROOT" worktree remove --force "$WORK/base" >/dev/null 2>&1 || true; git -C "$ROOT" worktree prune; rm -rf "$WORK"' EXIT

cd "$ROOT"
git worktree add --detach "$WORK/base" "$BASE" >/dev/null 2>&1
cp crates/entities/examples/entities_speed.rs "$WORK/base/crates/entities/examples/"
grep -q '^serde_json' "$WORK/base/crates/entities/Cargo.toml" ||
    sed -i 's/^\[dev-dependencies\]$/[dev-dependencies]\nserde_json.workspace = true/' \
        "$WORK/base/crates/entities/Cargo.toml"
# The baseline builds in its own target directory, kept between runs (target/entities-baseline).
# Not this checkout's: cargo names a path package's artifacts by its path inside the workspace, so
# both checkouts' crates would share file names and whichever files are newer would win.
cargo build -q --release -p redflag-entities --example entities_speed --example entities_eval
cp target/release/examples/entities_speed "$WORK/new"
CARGO_TARGET_DIR="$ROOT/target/entities-baseline" cargo build -q --release -p redflag-entities \
    --example entities_speed --manifest-path "$WORK/base/Cargo.toml"
cp target/entities-baseline/release/examples/entities_speed "$WORK/old"
target/release/examples/entities_eval --docs "$DOCS" --repeat 1 \
    --corpus-out "$WORK/dense.jsonl" --prose-corpus-out "$WORK/prose.jsonl" >/dev/null 2>&1

instr() { # build corpus repeat [flags]: instructions of the measured passes / repeat
    local out="$WORK/cg.$RANDOM"
    valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='entities_speed::measure' \
        "$WORK/$1" "$WORK/$2.jsonl" --repeat "$3" "${@:4}" >/dev/null 2>"$out.err"
    local n
    n=$(grep -o 'Collected : [0-9]*' "$out.err" | grep -o '[0-9]*$')
    echo $((n / $3))
}
rate() { # build corpus repeat [flags]: MB per CPU-second
    "$WORK/$1" "$WORK/$2.jsonl" --repeat "$3" "${@:4}" | sed 's/.*mb_per_cpu_s //'
}
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

printf '| corpus | bytes | old instr/pass | new instr/pass | instr ratio old/new | old MB/CPU-s | new MB/CPU-s | speed ratio new/old |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
for case in dense prose phones; do
    corpus=$case flags=()
    [ "$case" = phones ] && corpus=dense flags=(--phones-only)
    bytes=$(wc -c <"$WORK/$corpus.jsonl")
    io=$(instr old "$corpus" 2 "${flags[@]}")
    in=$(instr new "$corpus" 2 "${flags[@]}")
    o1=$(rate old "$corpus" 10 "${flags[@]}"); n1=$(rate new "$corpus" 10 "${flags[@]}")
    o2=$(rate old "$corpus" 10 "${flags[@]}"); n2=$(rate new "$corpus" 10 "${flags[@]}")
    o3=$(rate old "$corpus" 10 "${flags[@]}"); n3=$(rate new "$corpus" 10 "${flags[@]}")
    om=$(median3 "$o1" "$o2" "$o3"); nm=$(median3 "$n1" "$n2" "$n3")
    text_bytes=$("$WORK/new" "$WORK/$corpus.jsonl" --repeat 1 "${flags[@]}" | sed 's/^bytes \([0-9]*\).*/\1/')
    printf '| %s | %s | %s | %s | %.2f | %s | %s | %.2f |\n' "$case" "$text_bytes" "$io" "$in" \
        "$(echo "$io / $in" | bc -l)" "$om" "$nm" "$(echo "$nm / $om" | bc -l)"
    : "$bytes"
done
