"""Starter lattices and the competency list, read from questionnaires/ (English and
Spanish side by side). A lead adds a starter to their lattice as a new track and edits it
from there. No Flask here."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from ..questionnaires import QUESTIONNAIRES_DIR, QuestionnaireError, Text, bilingual, read
from .document import (
    MOVE_KINDS,
    OFFERING_KINDS,
    SCHEDULES,
    Lattice,
    Move,
    Offering,
    Position,
    Track,
)

STARTERS_FILE = QUESTIONNAIRES_DIR / "lattice-starters-v1.toml"


@dataclass(frozen=True)
class Starter:
    id: str
    name: Text
    lattice: Lattice  # keys are the starter's own; add_starter gives them fresh ones


@dataclass(frozen=True)
class Library:
    version: int
    competencies: dict[str, Text]
    starters: dict[str, Starter]


@cache
def library() -> Library:
    return load_library(STARTERS_FILE)


def load_library(path: Path) -> Library:
    data = read(path)
    competencies = {c["id"]: bilingual(c.get("text"), f"competency {c.get('id')}", path)
                    for c in data.get("competency", [])}
    starters = {}
    for raw in data.get("starter", []):
        starter = _starter(raw, competencies, path)
        starters[starter.id] = starter
    if not starters:
        raise QuestionnaireError(f"{path.name}: no starter lattice")
    return Library(data.get("version", 1), competencies, starters)


def _optional(raw: dict, key: str, where: str, path: Path) -> Text | None:
    return bilingual(raw[key], f"{where} {key}", path) if key in raw else None


def _starter(raw: dict, competencies: dict[str, Text], path: Path) -> Starter:
    sid = raw.get("id", "?")
    track = Track("t", bilingual(raw.get("name"), f"starter {sid}", path))
    positions = []
    for p in raw.get("position", []):
        where = f"starter {sid} position {p.get('key')}"
        unknown = set(p.get("competencies", ())) - set(competencies)
        if unknown or p.get("schedule", "full") not in SCHEDULES:
            raise QuestionnaireError(f"{path.name}: {where} names an unknown competency "
                                     f"or schedule")
        positions.append(Position(
            key=p["key"], track="t", step=p["step"], title=bilingual(p.get("title"), where, path),
            schedule=p.get("schedule", "full"), education=_optional(p, "education", where, path),
            certification=_optional(p, "certification", where, path),
            lived_experience=p.get("lived_experience", False),
            months_experience=p.get("months_experience"),
            competencies=tuple(p.get("competencies", ()))))
    offerings = []
    for o in raw.get("offering", []):
        where = f"starter {sid} offering {o.get('key')}"
        if o.get("kind") not in OFFERING_KINDS:
            raise QuestionnaireError(f"{path.name}: {where} has an unknown kind")
        offerings.append(Offering(
            key=o["key"], kind=o["kind"], name=bilingual(o.get("name"), where, path),
            eligibility=_optional(o, "eligibility", where, path), paid_time=o.get("paid_time", False),
            languages=tuple(o.get("languages", ("en",)))))
    keys = {p.key for p in positions}
    offering_keys = {o.key for o in offerings}
    moves = []
    for number, m in enumerate(raw.get("move", []), 1):
        where = f"starter {sid} move {number}"
        if (m.get("from") not in keys or m.get("to") not in keys or m["from"] == m["to"]
                or m.get("kind") not in MOVE_KINDS
                or not set(m.get("offerings", ())) <= offering_keys):
            raise QuestionnaireError(f"{path.name}: {where} names an unknown position, kind "
                                     f"or offering")
        moves.append(Move(
            key=f"m{number}", source=m["from"], target=m["to"], kind=m["kind"],
            training=_optional(m, "training", where, path),
            certification=_optional(m, "certification", where, path),
            months_in_role=m.get("months_in_role"), offerings=tuple(m.get("offerings", ()))))
    return Starter(sid, track.name, Lattice(tracks=(track,), positions=tuple(positions),
                                           moves=tuple(moves), offerings=tuple(offerings)))


def add_starter(lattice: Lattice, starter: Starter) -> Lattice:
    """The lattice with the starter's track, positions, moves and offerings added under
    fresh keys, so a starter can be added next to others (or twice) without clashes."""
    renamed: dict[str, str] = {}
    for prefix, items in (("t", starter.lattice.tracks), ("o", starter.lattice.offerings),
                          ("p", starter.lattice.positions), ("m", starter.lattice.moves)):
        for item in items:
            renamed[prefix + item.key], lattice = lattice.new_key(prefix)
    track_key = renamed["tt"]
    lattice = lattice.with_track(Track(track_key, starter.name))
    if lattice.starter is None:
        lattice = replace(lattice, starter=starter.id)
    for offering in starter.lattice.offerings:
        lattice = lattice.with_offering(replace(offering, key=renamed["o" + offering.key]))
    for position in starter.lattice.positions:
        lattice = lattice.with_position(replace(position, key=renamed["p" + position.key],
                                                track=track_key))
    for move in starter.lattice.moves:
        lattice = lattice.with_move(replace(
            move, key=renamed["m" + move.key], source=renamed["p" + move.source],
            target=renamed["p" + move.target],
            offerings=tuple(renamed["o" + k] for k in move.offerings)))
    return lattice
