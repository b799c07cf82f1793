"""An actor's offices and memberships are terms: from (inclusive) until (exclusive)."""

from __future__ import annotations

import pytest

from domain.actors import (
    Actor, ActorRegistered, MembershipEnded, MembershipStarted, OfficeLeft, OfficeTaken, Term,
)
from domain.clocks import bound, start_of
from domain.errors import InvalidInput
from tests.unit.helpers import make


def shoigu() -> Actor:
    actor = Actor(make(ActorRegistered, key="sergei-shoigu", name="Sergei Shoigu", kind="person"))
    actor.apply(make(OfficeTaken, actor="sergei-shoigu", office="Minister of Defence", of="rus",
                     rank="minister", portfolio="defence", **{"from": "2012-11-06"}))
    return actor


def test_a_term_covers_its_first_day_but_not_the_day_it_ended():
    term = Term("Minister of Defence", "rus", "2012-11-06", "2024-05-12")
    assert term.covers(start_of("2012-11-06"))
    assert term.covers(bound("2024-05-11"))
    assert not term.covers(start_of("2024-05-12"))
    assert not term.covers(bound("2012-11-05"))


def test_an_open_term_covers_every_later_date():
    assert Term("member", "western-allies", "2022-02-24").covers(bound("2099"))


def test_leaving_an_office_closes_the_open_term():
    actor = shoigu()
    left = make(OfficeLeft, actor="sergei-shoigu", office="Minister of Defence", of="rus", on="2024-05-12")
    actor.check(left)
    actor.apply(left)
    (term,) = actor.offices
    assert (term.since, term.until, term.rank, term.portfolio) == ("2012-11-06", "2024-05-12", "minister", "defence")
    assert term.covers(bound("2024-04-03")) and not term.covers(bound("2024-06-01"))


def test_leaving_an_office_before_it_began_is_refused_on_the_on_field():
    early = make(OfficeLeft, actor="sergei-shoigu", office="Minister of Defence", of="rus", on="2010")
    with pytest.raises(InvalidInput) as caught:
        shoigu().check(early)
    assert caught.value.field == "on"


def test_leaving_an_office_never_held_is_refused():
    other = make(OfficeLeft, actor="sergei-shoigu", office="President", of="rus", on="2024")
    with pytest.raises(InvalidInput, match="no open term") as caught:
        shoigu().check(other)
    assert caught.value.field == "office"


def test_leaving_a_group_never_joined_is_refused_naming_the_group():
    actor = Actor(make(ActorRegistered, key="rus", name="Russia", kind="state"))
    with pytest.raises(InvalidInput, match="no open term") as caught:
        actor.check(make(MembershipEnded, actor="rus", group="western-allies", on="2024"))
    assert caught.value.field == "group"


def test_an_office_ending_before_it_begins_is_refused():
    backwards = make(OfficeTaken, actor="x", office="o", of="rus", rank="official", until="2020",
                     **{"from": "2021"})
    with pytest.raises(InvalidInput) as caught:
        shoigu().check(backwards)
    assert caught.value.field == "until"


@pytest.mark.parametrize(("since", "until"), [("2021-06-01", None), ("2000", "2013"), ("2024", "2025")])
def test_a_term_overlapping_an_open_one_of_the_same_office_is_refused(since, until):
    """Accepted before, it left the actor holding the office for ever: a leave closed only the latest term."""
    again = make(OfficeTaken, actor="sergei-shoigu", office="Minister of Defence", of="rus", rank="minister",
                 until=until, **{"from": since})
    with pytest.raises(InvalidInput, match="overlaps the term in 'Minister of Defence' of 'rus'") as caught:
        shoigu().check(again)
    assert caught.value.field == "from"


def test_terms_that_follow_each_other_or_are_of_another_office_are_kept():
    actor = shoigu()
    left = make(OfficeLeft, actor="sergei-shoigu", office="Minister of Defence", of="rus", on="2024-05-12")
    actor.check(left)
    actor.apply(left)
    for office, since, until in (("Minister of Defence", "2024-05-12", None), ("Secretary", "2013", None),
                                 ("Minister of Defence", "2000", "2012-11-06")):
        actor.check(make(OfficeTaken, actor="sergei-shoigu", office=office, of="rus", rank="minister",
                         until=until, **{"from": since}))


def test_a_membership_overlapping_an_open_one_is_refused():
    actor = Actor(make(ActorRegistered, key="fra", name="France", kind="state"))
    actor.apply(make(MembershipStarted, actor="fra", group="western-allies", **{"from": "2020"}))
    with pytest.raises(InvalidInput, match="overlaps"):
        actor.check(make(MembershipStarted, actor="fra", group="western-allies", **{"from": "2021"}))


def test_memberships_start_and_end_as_terms():
    actor = Actor(make(ActorRegistered, key="fra", name="France", kind="state"))
    actor.apply(make(MembershipStarted, actor="fra", group="western-allies", **{"from": "2022-02-24"}))
    actor.apply(make(MembershipEnded, actor="fra", group="western-allies", on="2030"))
    (term,) = actor.memberships
    assert (term.what, term.since, term.until) == ("western-allies", "2022-02-24", "2030")


def test_a_wikidata_id_is_upper_cased_and_a_bad_one_refused():
    assert make(ActorRegistered, key="fra", name="France", kind="state", wikidata="q142").wikidata == "Q142"
    with pytest.raises(ValueError):
        make(ActorRegistered, key="fra", name="France", kind="state", wikidata="France")


def test_an_actor_key_must_be_lower_case_words():
    with pytest.raises(ValueError):
        make(ActorRegistered, key="Sergei Shoigu", name="Sergei Shoigu", kind="person")


def test_an_office_title_in_another_case_spacing_or_accent_form_is_the_same_office():
    other = make(OfficeTaken, actor="sergei-shoigu", office="minister of  DEFENCE", of="rus", rank="minister",
                 **{"from": "2020-01-01"})
    with pytest.raises(InvalidInput, match="overlaps"):
        shoigu().check(other)


def test_an_office_is_left_and_taken_again_under_its_title_in_any_case():
    actor = shoigu()
    actor.check(make(OfficeLeft, actor="sergei-shoigu", office="MINISTER OF DEFENCE", of="rus", on="2024-05-12"))
    actor.apply(make(OfficeLeft, actor="sergei-shoigu", office="MINISTER OF DEFENCE", of="rus", on="2024-05-12"))
    assert actor.offices[0].until == "2024-05-12"
