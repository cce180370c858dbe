from decimal import Decimal

import pytest

from assessment.peer_pay import load_peer_pay, peer_pay
from assessment.questionnaires import QuestionnaireError


def test_seed_003_figures_are_read_for_each_region():
    pay = peer_pay()
    region_9 = pay.for_region(9)
    assert (region_9.female, region_9.male, region_9.total) == (
        Decimal("14.14"), Decimal("17.29"), Decimal("16.51"))
    assert pay.for_region(2).female > pay.for_region(2).male  # the one region where women earn more


def test_gap_is_mens_minus_womens_over_mens_pay():
    region_7 = peer_pay().for_region(7)
    assert region_7.gap_percent == Decimal("24.5")  # (16.87 - 12.73) / 16.87


def test_region_10_has_no_figures_and_no_region_gives_none():
    assert peer_pay().for_region(10).total is None
    assert peer_pay().for_region(10).gap_percent is None
    assert peer_pay().for_region(None) is None


def test_states_map_to_their_region():
    pay = peer_pay()
    assert pay.region_of_state("ca") == 9
    assert pay.region_of_state("NY") == 2
    assert pay.region_of_state("WA") == 10
    assert pay.region_of_state("XX") is None


def test_a_missing_region_is_refused(tmp_path):
    path = tmp_path / "pay.toml"
    path.write_text('source.en = "s"\nsource.es = "s"\n[[region]]\nnumber = 1\n')
    with pytest.raises(QuestionnaireError, match="every HHS region"):
        load_peer_pay(path)
