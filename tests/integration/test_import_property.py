"""Any ICEWS-shaped file: every row is accounted for, and importing it again adds nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.catalogue import OccurrenceRecorded
from store.interchange.formats import import_stream
from store.reading import events
from store.root import open_store
from tests.integration.test_import_icews import HEADER

names = st.sampled_from(["Russian Federation", "France", "Citizen (Japan)", "Police (India)", "NA", "Łukasz Nowak",
                         "Militant (India)", "Recep Tayyip Erdoğan", "???", ""])
codes = st.sampled_from(["040", "041", "042", "043", "044", "016", "015", "112", "1121", "173", "057", "0314",
                         "190", "010", "NA", "", "999"])
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
row = st.tuples(st.integers(1, 8).map(str) | st.just("NA"), st.sampled_from(["2018-06-01", "2018-06-31", "NA", "2018"]),
                names, codes, names, cells, st.sampled_from(["", "\t", "\t\t", "\tjunk"]))


def render(r: tuple) -> bytes:
    event_id, date, source, code, target, text, tail = r
    fields = [event_id, date, source, "Government,Police", "NA", text, code, "1", target, "NA", "NA",
              "1", "1", "NA", "Paris", "NA", "NA", "France", "NA", "NA"]
    return ("\t".join(fields) + tail).encode()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=12), register=st.booleans())
def test_every_row_of_any_file_is_imported_duplicate_or_rejected_and_reimport_adds_nothing(
        tmp_path_factory, rows, register):
    lines = [HEADER, *map(render, rows)]
    with open_store(store=str(tmp_path_factory.mktemp("prop") / "s.db")) as store:
        first = import_stream(store, "icews", iter(line + b"\n" for line in lines), register_actors=register,
                              batch_size=5)
        assert first.rows == first.imported + first.duplicates + len(first.rejected) == len(rows)
        stored = sum(1 for _, e in events(store.app) if isinstance(e, OccurrenceRecorded))
        assert stored == first.imported
        again = import_stream(store, "icews", iter(line + b"\n" for line in lines), register_actors=register)
        assert again.imported == 0
        assert sum(1 for _, e in events(store.app) if isinstance(e, OccurrenceRecorded)) == stored
