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
echo "== Positions on dialogue about Ukraine: Russia's own (stated, and as Paris tells it), and France's (attributed by Moscow and disputed, vs stated)"
"$GEO" positions --actor Russia --topic ukraine-dialogue
"$GEO" positions --actor France --topic ukraine-dialogue
echo "== The opposing readings of the Moscow attack: Moscow's accusation of Ukraine and Paris's denial"
"$GEO" disputes --topic moscow-attack
echo "== France-Russia minister-level contacts since the invasion (2022-02-24): April 2024 is the first since October 2022"
"$GEO" contacts --between France --and Russia --since 2022-02-24 --rank minister
echo "== The Moscow attack's toll as known on the night of 22 March, on 23 March, and now"
"$GEO" incidents --key 2024-03-22-crocus-city-hall-attack --known-at 2024-03-22
"$GEO" incidents --key 2024-03-22-crocus-city-hall-attack --known-at 2024-03-23
"$GEO" incidents --key 2024-03-22-crocus-city-hall-attack
