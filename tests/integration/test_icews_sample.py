"""The real ICEWS sample (../shared/data/icews, 3,705 rows): every row accounted for, codes honoured."""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pytest

from domain.catalogue import OccurrenceRecorded
from store.interchange.formats import import_stream
from store.reading import events

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(os.environ.get("GEOEVENTS_ICEWS_SAMPLE", ROOT.parent / "shared/data/icews/events.2018.sample.tab"))

pytestmark = pytest.mark.skipif(not SAMPLE.is_file(), reason=f"ICEWS sample not found at {SAMPLE} "
                                "(the shared/ folder beside the repository is absent)")


def expected_type(code: str) -> str:
    """The documented rules, restated independently: what each CAMEO code of the sample becomes."""
    if code[:3] in ("040", "041", "042", "043", "044"):
        return "ContactMade"
    if code.startswith("03"):
        return "CooperationOffered"
    if code.startswith("112"):
        return "AccusationMade"
    if code.startswith("057"):
        return "AgreementSigned"
    if code[:2] in ("18", "19", "20"):
        return "AttackOccurred"
    return "CodedEvent"  # 015, 016 lack the occurrence they refer to, 173 the number arrested


def file_codes() -> Counter[str]:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        return Counter(row["CAMEO Code"] for row in csv.DictReader(f, delimiter="\t"))


def test_the_sample_imports_whole_and_a_second_import_adds_nothing(store):
    with SAMPLE.open("rb") as f:
        first = import_stream(store, "icews", f, register_actors=True, batch_size=500)
    assert first.imported + first.duplicates + len(first.rejected) == sum(file_codes().values()) == 3705
    assert not first.rejected
    with SAMPLE.open("rb") as f:
        second = import_stream(store, "icews", f, register_actors=True)
    assert (second.imported, second.duplicates, second.actors_registered) == (0, 3705, 0)

    stored = [e for _, e in events(store.app) if isinstance(e, OccurrenceRecorded)]
    assert Counter(e.provenance.row["CAMEO Code"] for e in stored) == file_codes()
    by_type = Counter(type(e).__name__ for e in stored)
    expected = Counter()
    for code, count in file_codes().items():
        expected[expected_type(code)] += count
    assert by_type == expected
    denials = [e for e in stored if e.provenance.row["CAMEO Code"] == "016"]
    assert denials and all(e.cameo == "016" for e in denials)
