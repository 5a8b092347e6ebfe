#!/bin/sh
# Runs the redflag-text vs Python (NFKC + casefold + pyahocorasick) comparison; see text_compare.py.
set -eu
cd "$(dirname "$0")/../.."
python3 -c "import ahocorasick" 2>/dev/null || python3 -m pip install --quiet pyahocorasick
exec python3 benches/compare/text_compare.py "${1:-8}"
