#!/usr/bin/env bash
# The demo: record the seed article into an embedded SQLite store, then show what it holds.
set -euo pipefail
GEO="${GEO:-.venv/bin/geoevents}"
here="$(cd "$(dirname "$0")" && pwd)"
echo "== Recording the seed article ($here/seed.jsonl) into ${GEOEVENTS_STORE:-./geoevents.db}"
"$GEO" append "$here/seed.jsonl"
echo "== Appending it again adds nothing (idempotency keys)"
"$GEO" append "$here/seed.jsonl"
echo "== Three spellings, one actor"
for name in "Choïgu" "Serguei Choigou" "Shoigu"; do "$GEO" actors show "$name" --format json | head -3; done
echo "== What the store holds"
"$GEO" events list
