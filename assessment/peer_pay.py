"""Seed 003's peer-specialist pay by HHS region and gender, read from questionnaires/.

Reference figures only: the career lattice shows them beside a position's pay range and the
workforce metrics beside an organization's own medians. No Flask here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from .questionnaires import QUESTIONNAIRES_DIR, QuestionnaireError, Text, bilingual, read

PEER_PAY_FILE = QUESTIONNAIRES_DIR / "peer-pay-v1.toml"
HHS_REGIONS = tuple(range(1, 11))


@dataclass(frozen=True)
class RegionPay:
    """Median hourly pay in US dollars; None where the seed gives no figure."""

    region: int
    states: tuple[str, ...]
    female: Decimal | None
    male: Decimal | None
    total: Decimal | None

    @property
    def gap_percent(self) -> Decimal | None:
        """(men's pay - women's pay) / men's pay x 100, the rule PRODUCT.md gives."""
        if self.female is None or not self.male:
            return None
        return ((self.male - self.female) / self.male * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class PeerPay:
    source: Text
    regions: dict[int, RegionPay]

    def for_region(self, region: int | None) -> RegionPay | None:
        return self.regions.get(region) if region else None

    def region_of_state(self, state: str) -> int | None:
        state = state.strip().upper()
        return next((r.region for r in self.regions.values() if state in r.states), None)


@cache
def peer_pay() -> PeerPay:
    return load_peer_pay(PEER_PAY_FILE)


def load_peer_pay(path: Path) -> PeerPay:
    data = read(path)
    regions = {}
    for raw in data.get("region", []):
        number = raw.get("number")
        if number not in HHS_REGIONS or number in regions:
            raise QuestionnaireError(f"{path.name}: region {number!r} is not a new HHS region 1-10")
        regions[number] = RegionPay(
            region=number,
            states=tuple(raw.get("states", ())),
            female=_dollars(raw.get("female"), path),
            male=_dollars(raw.get("male"), path),
            total=_dollars(raw.get("total"), path),
        )
    if set(regions) != set(HHS_REGIONS):
        raise QuestionnaireError(f"{path.name}: every HHS region 1-10 needs an entry")
    return PeerPay(source=bilingual(data.get("source"), "source", path), regions=regions)


def _dollars(value: object, path: Path) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)) or value <= 0:
        raise QuestionnaireError(f"{path.name}: pay {value!r} is not an amount in dollars")
    return Decimal(str(value)).quantize(Decimal("0.01"))
