"""The CAMEO / PLOVER / ACLED mapping table: each documented rule, both directions."""

from __future__ import annotations

import pytest

from domain.codes import export_codes, from_acled, from_cameo, from_plover, missing
from domain.countries import country_coded, country_named
from store.interchange.actors import guess_kind
from store.interchange.records import Party


@pytest.mark.parametrize("code, mode", [("040", "other"), ("041", "phone"), ("042", "visit"),
                                        ("043", "host"), ("044", "third-party")])
def test_cameo_consultations_are_contacts_with_their_mode(code, mode):
    mapping = from_cameo(code)
    assert (mapping.type, mapping.mode, mapping.plover) == ("ContactMade", mode, "CONSULT")


@pytest.mark.parametrize("code, kind", [
    ("016", "ClaimDenied"), ("015", "ResponsibilityClaimed"), ("112", "AccusationMade"),
    ("1121", "AccusationMade"), ("173", "ArrestsMade"), ("057", "AgreementSigned"), ("180", "AttackOccurred"),
    ("1823", "AttackOccurred"), ("190", "AttackOccurred"), ("202", "AttackOccurred"),
    ("036", "CooperationOffered"), ("010", "CodedEvent"), ("045", "CodedEvent"), ("111", "CodedEvent"),
])
def test_cameo_codes_map_onto_the_catalogue(code, kind):
    assert from_cameo(code).type == kind


def test_intent_to_cooperate_on_intelligence_is_an_offer_in_that_domain():
    assert from_cameo("0314").domain == "intelligence"
    assert from_cameo("030").domain == "diplomatic"


def test_statements_have_no_plover_equivalent_but_arrests_are_coerce_arrest():
    assert from_cameo("010").plover is None
    assert (from_cameo("173").plover, from_cameo("173").plover_mode) == ("COERCE", "arrest")


def test_a_denial_without_the_denied_occurrence_cannot_be_a_claim_denied():
    assert missing(from_cameo("016"), {"source": "rus"}) == ["denies"]


def test_an_arrest_without_a_count_cannot_be_arrests_made():
    assert missing(from_cameo("173"), {"source": "rus"}) == ["count"]
    assert missing(from_cameo("173"), {"source": "rus", "count": 12}) == []


def test_a_contact_needs_two_sides():
    assert missing(from_cameo("041"), {"source": "rus", "target": None}) == ["target"]


@pytest.mark.parametrize("event, mode, cameo, kind", [
    ("CONSULT", "visit", None, "ContactMade"), ("REJECT", None, None, "ClaimDenied"),
    ("ACCUSE", None, None, "AccusationMade"), ("COERCE", "arrest", None, "ArrestsMade"),
    ("COERCE", None, None, "CodedEvent"), ("ASSAULT", None, None, "AttackOccurred"),
    ("AGREE", None, None, "CooperationOffered"), ("SUPPORT", None, None, "CodedEvent"),
    ("SUPPORT", None, "057", "AgreementSigned"), ("PROTEST", "demo", None, "CodedEvent"),
])
def test_plover_types_and_modes_map_onto_the_catalogue(event, mode, cameo, kind):
    assert from_plover(event, mode, None, cameo).type == kind


def test_acled_sub_events_map_through_plover():
    assert from_acled("Strategic developments", "Arrests").type == "ArrestsMade"
    assert from_acled("Strategic developments", "Agreement").type == "AgreementSigned"
    assert from_acled("Battles", "Armed clash").type == "AttackOccurred"
    assert from_acled("Protests", "Peaceful protest").plover == "PROTEST"
    assert from_acled("Strategic developments", "Other").type == "CodedEvent"


@pytest.mark.parametrize("code", ["041", "042", "043", "044", "016", "112", "173", "057", "0314"])
def test_exporting_a_mapped_type_gives_back_the_code_it_was_mapped_from(code):
    mapping = from_cameo(code)
    fields = {"mode": mapping.mode, "domain": mapping.domain}
    assert export_codes(mapping.type, fields)[0] == code


@pytest.mark.parametrize("code, plover, kind", [
    ("0874", ("RETREAT", "disarm"), "CodedEvent"), ("0841", ("RETREAT", "release"), "CodedEvent"),
    ("0871", ("RETREAT", "ceasefire"), "CodedEvent"), ("083", ("CONCEDE", None), "CodedEvent"),
    ("191", ("COERCE", "restrict"), "CodedEvent"), ("192", ("COERCE", "confiscate"), "CodedEvent"),
    ("193", ("ASSAULT", None), "AttackOccurred"), ("2041", ("ASSAULT", None), "AttackOccurred"),
    ("163", ("COERCE", "restrict"), "CodedEvent"), ("094", ("ACCUSE", None), "CodedEvent"),
])
def test_cameo_codes_take_the_plover_2021_type_of_their_code_not_only_of_their_root(code, plover, kind):
    """CAMEO2PLOVER-2021: 084-087 are RETREAT, 191 (blockade) and 192 (occupation) COERCE, 19x and 20x ASSAULT."""
    mapping = from_cameo(code)
    assert ((mapping.plover, mapping.plover_mode), mapping.type) == (plover, kind)


@pytest.mark.parametrize("mode, cameo, kind", [
    (None, None, "AccusationMade"), ("disapprove", None, "AccusationMade"), ("disapprove", "1123", "AccusationMade"),
    ("investigate", None, "CodedEvent"), ("investigate", "091", "CodedEvent"), ("disapprove", "111", "CodedEvent"),
])
def test_a_plover_accusation_is_one_only_when_neither_its_mode_nor_its_code_says_otherwise(mode, cameo, kind):
    assert from_plover("ACCUSE", mode, None, cameo).type == kind


@pytest.mark.parametrize("code", ["0356", "0331", "0333", "1121", "1123", "036", "190", "202", "057", "173"])
def test_an_imported_code_is_exported_again_while_it_still_describes_the_occurrence(code):
    mapping = from_cameo(code)
    fields = {"mode": mapping.mode, "domain": mapping.domain}
    assert export_codes(mapping.type, fields, code)[0] == code
    if mapping.type in ("AgreementSigned", "ArrestsMade"):  # the PLOVER mode their type is known by
        assert export_codes(mapping.type, fields, code)[1:] == export_codes(mapping.type, fields)[1:]


def test_an_imported_code_that_no_longer_describes_the_occurrence_gives_way_to_a_derived_one():
    assert export_codes("ContactMade", {"mode": "visit"}, "041")[:2] == ("042", "CONSULT")  # corrected to a visit
    assert export_codes("CooperationOffered", {"domain": "economic"}, "0332")[0] == "0311"
    assert export_codes("AttackOccurred", {}, "191")[0] == "180"  # an attack stored from 191 by an earlier version


@pytest.mark.parametrize("domain, code", [("humanitarian", "0333"), ("peacekeeping", "0334"),
                                          ("rights-freedoms", "0343"), ("military", "0312"), ("other", "030")])
def test_an_offer_without_an_imported_code_exports_the_code_of_its_domain(domain, code):
    assert export_codes("CooperationOffered", {"domain": domain})[0] == code


def test_a_coded_event_exports_its_own_codes_and_derives_plover_from_cameo():
    assert export_codes("CodedEvent", {"cameo": "173"}) == ("173", "COERCE", "arrest")
    assert export_codes("CodedEvent", {"plover": "PROTEST"}) == (None, "PROTEST", None)


def test_country_long_forms_and_codes_find_the_state():
    assert country_named("Russian Federation").key == "rus"
    assert country_named("korea, republic of").key == "kor"
    assert country_named("Côte d'Ivoire").key == "civ"
    assert country_coded("USA").name == "United States"
    assert country_named("Atlantis") is None


def test_every_un_member_state_resolves_by_its_name_and_long_form():
    from domain.countries import country_named

    for name, key in (("Malta", "mlt"), ("Republic of Iceland", "isl"), ("Micronesia, Federated States of", "fsm"),
                      ("Bahamas, The", "bhs"), ("Kosovo", "xkx"), ("Dominica", "dma"), ("Dominican Republic", "dom")):
        assert country_named(name).key == key, name  # type: ignore[union-attr]


@pytest.mark.parametrize("name, sectors, kind", [
    ("Marcelo Rebelo de Sousa", ("Executive", "Government"), "person"),
    ("Narendra Modi", ("Radicals / Extremists / Fundamentalists", "Parties", "Government"), "person"),
    ("Jens Stoltenberg", ("International Government Organization", "Global Diplomatic IGOs", "Elite"), "person"),
    ("Armed Forces of the Republic of Armenia", ("Military", "Government"), "organisation"),
    ("Libyan Armed Forces", ("Military", "Government"), "organisation"),
    ("Militant (India)", ("Unidentified Forces",), "armed-group"),
    ("Kurdistan Workers Party", ("Separatists", "Insurgents"), "armed-group"),
    ("Rebel Fighters", (), "armed-group"),
    ("Édouard Philippe", (), "person"), ("Özgür Özel", (), "person"), ("Şehbaz Şerif", (), "person"),
    ("Владимир Путин", (), "person"), ("édouard philippe", (), "organisation"), ("2 Brothers", (), "organisation"),
])
def test_an_unknown_actors_kind_is_guessed_from_whole_words_of_its_name_and_sectors(name, sectors, kind):
    assert guess_kind(Party(name, sectors=sectors)) == kind
