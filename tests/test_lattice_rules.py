"""The lattice's rules as plain functions: routes (fewest moves first), dead ends,
positions missing pay or requirements, moves no offering prepares for; the starters."""
from __future__ import annotations

from decimal import Decimal

import pytest

from assessment.lattice import rules
from assessment.lattice.document import (
    Lattice,
    Move,
    Offering,
    Pay,
    Position,
    Track,
    from_data,
    lines_input,
    text_input,
    to_data,
)
from assessment.lattice.starters import add_starter, library
from assessment.questionnaires import Text


def T(en: str) -> Text:
    return Text(en, en + " (es)")


def lattice(moves: list[tuple[str, str, int]], positions: str = "abcdef", **extra) -> Lattice:
    """Positions named by letters; moves (from, to, months in role)."""
    return Lattice(
        tracks=(Track("t", T("Track")),),
        positions=tuple(Position(p, "t", i + 1, T(p.upper())) for i, p in enumerate(positions)),
        moves=tuple(Move(f"m{i}", a, b, "vertical", months_in_role=months)
                    for i, (a, b, months) in enumerate(moves)), **extra)


def keys(route: rules.Route) -> list[str]:
    return [m.source for m in route.moves] + [route.moves[-1].target]


def test_routes_take_the_fewest_moves():
    found = rules.routes(lattice([("a", "b", 6), ("b", "c", 6), ("c", "d", 6), ("a", "d", 30)]),
                         "a", "d")
    assert [keys(r) for r in found] == [["a", "d"]]


def test_every_shortest_route_is_given_quickest_first():
    found = rules.routes(lattice([("a", "b", 12), ("b", "d", 12), ("a", "c", 3), ("c", "d", 3)]),
                         "a", "d")
    assert [keys(r) for r in found] == [["a", "c", "d"], ["a", "b", "d"]]
    assert [r.months for r in found] == [6, 24]


def test_routes_are_limited_to_the_k_best():
    moves = [("a", x, 1) for x in "bcde"] + [(x, "f", 1) for x in "bcde"]
    assert len(rules.routes(lattice(moves), "a", "f", limit=2)) == 2
    assert len(rules.routes(lattice(moves), "a", "f")) == 4


def test_no_route_between_unconnected_positions():
    assert rules.routes(lattice([("a", "b", 1), ("c", "d", 1)]), "a", "d") == []
    assert rules.routes(lattice([("b", "a", 1)]), "a", "b") == []  # moves go one way


def test_no_route_from_a_position_to_itself_or_an_unknown_one():
    the_lattice = lattice([("a", "b", 1)])
    assert rules.routes(the_lattice, "a", "a") == []
    assert rules.routes(the_lattice, "a", "zz") == []


def test_a_move_to_itself_in_stored_data_does_not_loop():
    assert [keys(r) for r in rules.routes(lattice([("a", "a", 1), ("a", "b", 1)]), "a", "b")] == [
        ["a", "b"]]


def test_dead_ends_are_positions_with_no_move_out():
    the_lattice = lattice([("a", "b", 1), ("b", "c", 1)], positions="abc")
    assert [p.key for p in rules.dead_ends(the_lattice)] == ["c"]


def test_positions_without_pay_or_requirements_are_found():
    the_lattice = Lattice(positions=(
        Position("a", "t", 1, T("A"), pay=Pay("hour", Decimal(20), Decimal(24)),
                 lived_experience=True),
        Position("b", "t", 2, T("B"), months_experience=12),
        Position("c", "t", 3, T("C"), pay=Pay("year", Decimal(50000), Decimal(60000)))))
    assert [p.key for p in rules.without_pay(the_lattice)] == ["b"]
    assert [p.key for p in rules.without_requirements(the_lattice)] == ["c"]


def test_moves_asking_for_training_no_offering_prepares_for_are_found():
    base = lattice([], positions="ab")
    the_lattice = Lattice(
        tracks=base.tracks, positions=base.positions,
        offerings=(Offering("o1", "training", T("Core training")),),
        moves=(Move("m1", "a", "b", "vertical", training=T("Core"), offerings=("o1",)),
               Move("m2", "a", "b", "lateral", certification=T("Exam")),
               Move("m3", "b", "a", "lateral", training=T("X"), offerings=("gone",)),
               Move("m4", "b", "a", "lateral")))  # asks for nothing: nothing to prepare
    assert [m.key for m in rules.unprepared_moves(the_lattice)] == ["m2", "m3"]


def test_removing_a_position_removes_the_moves_to_and_from_it():
    the_lattice = lattice([("a", "b", 1), ("b", "c", 1), ("a", "c", 1)], positions="abc")
    after = the_lattice.without_position("b")
    assert [m.key for m in after.moves] == ["m2"]


def test_removing_an_offering_takes_it_off_the_moves():
    the_lattice = Lattice(offerings=(Offering("o1", "training", T("X")),),
                          moves=(Move("m1", "a", "b", "vertical", offerings=("o1",)),))
    assert the_lattice.without_offering("o1").moves[0].offerings == ()


def test_a_lattice_survives_being_stored_and_read_back():
    document = Lattice()
    for starter in library().starters.values():
        document = add_starter(document, starter)
    assert from_data(to_data(document)) == document


@pytest.mark.parametrize("starter", ["peer-support", "family-partner",
                                     "community-health-worker", "substance-use-counselor"])
def test_each_starter_is_bilingual_connected_and_leaves_pay_empty(starter):
    document = add_starter(Lattice(), library().starters[starter])
    assert document.positions and all(p.pay is None for p in document.positions)
    assert all(p.title.en and p.title.es and p.title.untranslated is None
               for p in document.positions)
    first, *_, last = sorted(document.positions, key=lambda p: p.step)
    assert rules.routes(document, first.key, last.key)
    assert rules.unprepared_moves(document) == []


def test_the_peer_support_starter_names_the_medi_cal_certification_and_80_hour_training():
    document = add_starter(Lattice(), library().starters["peer-support"])
    first_move = document.moves[0]
    assert "80-hour" in first_move.training.en and "80 horas" in first_move.training.es
    assert any("Medi-Cal" in (p.certification.en if p.certification else "")
               for p in document.positions)


def test_a_starter_added_twice_gets_fresh_keys():
    starter = library().starters["peer-support"]
    document = add_starter(add_starter(Lattice(), starter), starter)
    assert len({p.key for p in document.positions}) == 2 * len(starter.lattice.positions)
    assert len(rules.routes(document, document.positions[0].key,
                            document.positions[3].key)) == 1


def test_a_text_written_in_one_language_shows_marked_in_the_other():
    text = text_input(None, "Peer navigator", "")
    assert text.in_language("es") == "Peer navigator" and not text.is_translated("es")
    assert text_input(None, "", "") is None
    edited = text_input(Text("A", "B"), "A2", "B")
    assert edited.untranslated == "es"  # Spanish has not caught up with the edit


def test_own_ksas_pair_by_line():
    ksas = lines_input("Listens\nPlans", "Escucha")
    assert [(k.en, k.es, k.untranslated) for k in ksas] == [
        ("Listens", "Escucha", None), ("Plans", "Plans", "es")]


def test_the_drawing_puts_positions_of_one_step_side_by_side_and_links_each():
    from assessment.lattice.drawing import lattice_svg
    two_at_step_one = Lattice(
        tracks=(Track("t", T("Track")), Track("u", T("Other"))),
        positions=(Position("a", "t", 1, T("A")), Position("b", "t", 1, T("B")),
                   Position("c", "u", 1, T("C & D"))),
        moves=(Move("m1", "a", "c", "lateral"),))
    svg = lattice_svg(two_at_step_one, "es", lambda key: f"/p/{key}", "Título")
    import re
    boxes = re.findall(r'<rect class="position" x="(\d+)" y="(\d+)"', svg)
    assert len(boxes) == len(set(boxes)) == 3  # no two boxes on the same spot
    assert all(f'href="/p/{key}"' in svg for key in "abc")
    assert "C &amp; D (es)" in svg and 'class="move move-lateral"' in svg


def test_on_a_large_lattice_every_route_given_has_the_fewest_moves():
    import random
    from collections import deque

    from bench.lattice_routes import big_lattice
    the_lattice = big_lattice()
    leaving: dict[str, list[str]] = {}
    for move in the_lattice.moves:
        leaving.setdefault(move.source, []).append(move.target)

    def fewest(start: str, goal: str) -> int | None:  # plain breadth-first, for comparison
        seen, queue = {start: 0}, deque([start])
        while queue:
            at = queue.popleft()
            for target in leaving.get(at, ()):
                if target not in seen:
                    seen[target] = seen[at] + 1
                    queue.append(target)
        return seen.get(goal)

    rng = random.Random(3)
    keys = [p.key for p in the_lattice.positions]
    for _ in range(60):
        start, goal = rng.sample(keys, 2)
        found = rules.routes(the_lattice, start, goal)
        expected = fewest(start, goal)
        if expected is None:
            assert found == []
            continue
        assert found and all(len(r.moves) == expected for r in found)
        for route in found:  # each route is a real chain from start to goal
            assert route.moves[0].source == start and route.moves[-1].target == goal
            assert all(a.target == b.source for a, b in zip(route.moves, route.moves[1:]))
        assert [r.months for r in found] == sorted(r.months for r in found)
