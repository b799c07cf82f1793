"""Stream ids derived from keys and names are RFC 4122 version-5 UUIDs in the store's namespace."""

from __future__ import annotations

from uuid import uuid5

from hypothesis import given
from hypothesis import strategies as st

from domain.identity import NAMESPACE, actor_id, name_based_id, name_index_id, occurrence_id_for_key


@given(st.text())
def test_a_name_based_id_is_the_standard_uuid5(name):
    made = name_based_id(name)
    assert made == uuid5(NAMESPACE, name) and made.version == 5


def test_each_kind_of_stream_has_its_own_prefix():
    assert actor_id("fra") == uuid5(NAMESPACE, "actor:fra")
    assert name_index_id("france") == uuid5(NAMESPACE, "name:france")
    assert occurrence_id_for_key("k-1") == uuid5(NAMESPACE, "occurrence:k-1")
