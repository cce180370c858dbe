"""A career lattice as plain data: tracks of positions, moves between them, and the
program offerings that prepare for the moves.

A lattice is edited as a whole and published as a whole (a dated copy staff see), so it
is kept as one document: these dataclasses, turned to and from JSON-ready dicts. Every
text a worker reads is a questionnaires.Text. No Flask here.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from ..questionnaires import Text

MOVE_KINDS = ("vertical", "lateral", "diagonal")
SCHEDULES = ("full", "part", "flexible")
PAY_UNITS = ("hour", "year")
OFFERING_KINDS = ("training", "tuition", "study_time", "mentoring", "rotation",
                  "micro_credential", "apprenticeship")
OFFERING_LANGUAGES = ("en", "es")
HOURS_PER_YEAR = 2080  # full-time hours, to compare a yearly range with hourly pay


@dataclass(frozen=True)
class Pay:
    unit: str  # "hour" or "year"
    low: Decimal
    high: Decimal

    @property
    def hourly_low(self) -> Decimal:
        return self.low if self.unit == "hour" else (self.low / HOURS_PER_YEAR).quantize(
            Decimal("0.01"))

    @property
    def hourly_high(self) -> Decimal:
        return self.high if self.unit == "hour" else (self.high / HOURS_PER_YEAR).quantize(
            Decimal("0.01"))


@dataclass(frozen=True)
class Track:
    key: str
    name: Text


@dataclass(frozen=True)
class Position:
    key: str
    track: str
    step: int
    title: Text
    pay: Pay | None = None
    schedule: str = "full"
    education: Text | None = None
    certification: Text | None = None
    lived_experience: bool = False
    months_experience: int | None = None
    competencies: tuple[str, ...] = ()  # ids from the bilingual competency list
    own_ksas: tuple[Text, ...] = ()  # written by the lead

    @property
    def has_requirements(self) -> bool:
        return bool(self.education or self.certification or self.lived_experience
                    or self.months_experience)


@dataclass(frozen=True)
class Move:
    key: str
    source: str
    target: str
    kind: str
    training: Text | None = None
    certification: Text | None = None
    months_in_role: int | None = None
    offerings: tuple[str, ...] = ()

    @property
    def has_requirements(self) -> bool:
        return bool(self.training or self.certification)


@dataclass(frozen=True)
class Offering:
    key: str
    kind: str
    name: Text
    eligibility: Text | None = None
    cost: Decimal | None = None  # to the worker, in dollars; 0 is free
    paid_time: bool = False
    languages: tuple[str, ...] = ("en",)


@dataclass(frozen=True)
class Lattice:
    tracks: tuple[Track, ...] = ()
    positions: tuple[Position, ...] = ()
    moves: tuple[Move, ...] = ()
    offerings: tuple[Offering, ...] = ()
    starter: str | None = None
    next_key: int = 1

    def position(self, key: str) -> Position | None:
        return next((p for p in self.positions if p.key == key), None)

    def track(self, key: str) -> Track | None:
        return next((t for t in self.tracks if t.key == key), None)

    def move(self, key: str) -> Move | None:
        return next((m for m in self.moves if m.key == key), None)

    def offering(self, key: str) -> Offering | None:
        return next((o for o in self.offerings if o.key == key), None)

    def positions_in(self, track_key: str) -> list[Position]:
        return sorted((p for p in self.positions if p.track == track_key),
                      key=lambda p: (p.step, p.title.en))

    def moves_from(self, position_key: str) -> list[Move]:
        return [m for m in self.moves if m.source == position_key]

    def moves_into(self, position_key: str) -> list[Move]:
        return [m for m in self.moves if m.target == position_key]

    def new_key(self, prefix: str) -> tuple[str, "Lattice"]:
        """A key never used in this lattice, and the lattice that remembers it is used."""
        return f"{prefix}{self.next_key}", replace(self, next_key=self.next_key + 1)

    # Changes: each returns a new lattice.
    def with_track(self, track: Track) -> "Lattice":
        return replace(self, tracks=_put(self.tracks, track))

    def with_position(self, position: Position) -> "Lattice":
        return replace(self, positions=_put(self.positions, position))

    def with_move(self, move: Move) -> "Lattice":
        return replace(self, moves=_put(self.moves, move))

    def with_offering(self, offering: Offering) -> "Lattice":
        return replace(self, offerings=_put(self.offerings, offering))

    def without_position(self, key: str) -> "Lattice":
        """The position and every move from or to it."""
        return replace(self, positions=tuple(p for p in self.positions if p.key != key),
                       moves=tuple(m for m in self.moves if key not in (m.source, m.target)))

    def without_move(self, key: str) -> "Lattice":
        return replace(self, moves=tuple(m for m in self.moves if m.key != key))

    def without_offering(self, key: str) -> "Lattice":
        """The offering, no longer named by any move."""
        return replace(
            self, offerings=tuple(o for o in self.offerings if o.key != key),
            moves=tuple(replace(m, offerings=tuple(k for k in m.offerings if k != key))
                        for m in self.moves))

    def without_track(self, key: str) -> "Lattice":
        """The track and its positions (with their moves)."""
        lattice = self
        for position in self.positions_in(key):
            lattice = lattice.without_position(position.key)
        return replace(lattice, tracks=tuple(t for t in lattice.tracks if t.key != key))


def _put(items: tuple, item) -> tuple:
    """Replace the item with the same key, or add it at the end."""
    if any(existing.key == item.key for existing in items):
        return tuple(item if existing.key == item.key else existing for existing in items)
    return (*items, item)


# JSON-ready data -------------------------------------------------------------------------

def text_data(text: Text | None) -> dict | None:
    if text is None:
        return None
    return {"en": text.en, "es": text.es, "untranslated": text.untranslated}


def text_from(data: dict | None) -> Text | None:
    if not data:
        return None
    return Text(data["en"], data["es"], data.get("untranslated"))


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def to_data(lattice: Lattice) -> dict:
    return {
        "starter": lattice.starter, "next_key": lattice.next_key,
        "tracks": [{"key": t.key, "name": text_data(t.name)} for t in lattice.tracks],
        "positions": [{
            "key": p.key, "track": p.track, "step": p.step, "title": text_data(p.title),
            "pay": {"unit": p.pay.unit, "low": str(p.pay.low), "high": str(p.pay.high)}
            if p.pay else None,
            "schedule": p.schedule, "education": text_data(p.education),
            "certification": text_data(p.certification),
            "lived_experience": p.lived_experience, "months_experience": p.months_experience,
            "competencies": list(p.competencies),
            "own_ksas": [text_data(k) for k in p.own_ksas]} for p in lattice.positions],
        "moves": [{
            "key": m.key, "source": m.source, "target": m.target, "kind": m.kind,
            "training": text_data(m.training), "certification": text_data(m.certification),
            "months_in_role": m.months_in_role, "offerings": list(m.offerings)}
            for m in lattice.moves],
        "offerings": [{
            "key": o.key, "kind": o.kind, "name": text_data(o.name),
            "eligibility": text_data(o.eligibility),
            "cost": None if o.cost is None else str(o.cost), "paid_time": o.paid_time,
            "languages": list(o.languages)} for o in lattice.offerings],
    }


def from_data(data: dict | None) -> Lattice:
    if not data:
        return Lattice()
    return Lattice(
        starter=data.get("starter"), next_key=data.get("next_key", 1),
        tracks=tuple(Track(t["key"], text_from(t["name"])) for t in data.get("tracks", [])),
        positions=tuple(Position(
            key=p["key"], track=p["track"], step=p["step"], title=text_from(p["title"]),
            pay=Pay(p["pay"]["unit"], Decimal(p["pay"]["low"]), Decimal(p["pay"]["high"]))
            if p.get("pay") else None,
            schedule=p.get("schedule", "full"), education=text_from(p.get("education")),
            certification=text_from(p.get("certification")),
            lived_experience=p.get("lived_experience", False),
            months_experience=p.get("months_experience"),
            competencies=tuple(p.get("competencies", ())),
            own_ksas=tuple(text_from(k) for k in p.get("own_ksas", ())))
            for p in data.get("positions", [])),
        moves=tuple(Move(
            key=m["key"], source=m["source"], target=m["target"], kind=m["kind"],
            training=text_from(m.get("training")),
            certification=text_from(m.get("certification")),
            months_in_role=m.get("months_in_role"), offerings=tuple(m.get("offerings", ())))
            for m in data.get("moves", [])),
        offerings=tuple(Offering(
            key=o["key"], kind=o["kind"], name=text_from(o["name"]),
            eligibility=text_from(o.get("eligibility")), cost=_money(o.get("cost")),
            paid_time=o.get("paid_time", False), languages=tuple(o.get("languages", ("en",))))
            for o in data.get("offerings", [])),
    )


# From a form's two fields --------------------------------------------------------------

def form_value(text: Text | None, language: str) -> str:
    """What the form's field for that language shows: empty where the text is only a copy
    of the other language, so nobody mistakes the copy for a translation."""
    if text is None or not text.is_translated(language):
        return ""
    return text.es if language == "es" else text.en


def text_input(old: Text | None, en: str | None, es: str | None) -> Text | None:
    """The text a form's English and Spanish fields give. One left empty shows the other,
    marked not yet translated; both empty is no text."""
    en, es = (en or "").strip(), (es or "").strip()
    if not en and not es:
        return None
    if not es:
        return Text.written_in("en", en)
    if not en:
        return Text.written_in("es", es)
    if old is not None and old.untranslated is None:
        return old.edited(en, es)
    return Text(en, es)


def lines_input(en: str | None, es: str | None) -> tuple[Text, ...]:
    """Texts written a line each in English and Spanish, paired by line."""
    en_lines = [line.strip() for line in (en or "").splitlines() if line.strip()]
    es_lines = [line.strip() for line in (es or "").splitlines() if line.strip()]
    count = max(len(en_lines), len(es_lines))
    texts = (text_input(None, en_lines[i] if i < len(en_lines) else "",
                        es_lines[i] if i < len(es_lines) else "") for i in range(count))
    return tuple(text for text in texts if text is not None)
