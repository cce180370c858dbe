"""A coach's view across organizations: comparable positions (same track name, same step)
with their pay ranges beside seed 003's peer-specialist pay for each organization's HHS
region, women's and men's medians included, so a coach sees who pays below the region.
No Flask here."""
from __future__ import annotations

from dataclasses import dataclass

from ..peer_pay import PeerPay, RegionPay
from .document import Lattice, Pay


@dataclass(frozen=True)
class PayRow:
    organization: str
    region: int | None
    title: str
    pay: Pay | None
    region_pay: RegionPay | None

    @property
    def below_region(self) -> bool | None:
        """True when even the top of the range pays less an hour than the region's median;
        None when either figure is missing."""
        return self._below("total")

    @property
    def below_women(self) -> bool | None:
        return self._below("female")

    @property
    def below_men(self) -> bool | None:
        return self._below("male")

    def _below(self, median: str) -> bool | None:
        figure = getattr(self.region_pay, median) if self.region_pay else None
        if self.pay is None or figure is None:
            return None
        return self.pay.hourly_high < figure


@dataclass(frozen=True)
class PayGroup:
    track: str
    step: int
    rows: list[PayRow]


def pay_groups(lattices: list[tuple[str, int | None, Lattice]], pay: PeerPay,
               language: str) -> list[PayGroup]:
    """lattices: (organization name, HHS region, published lattice). Groups by the track's
    name (case and spaces aside) and the step, so a starter's track lines up across
    organizations that kept its name."""
    groups: dict[tuple[str, int], PayGroup] = {}
    for name, region, lattice in lattices:
        for position in lattice.positions:
            track = lattice.track(position.track)
            if track is None:
                continue
            label = track.name.in_language(language)
            key = (" ".join(label.lower().split()), position.step)
            group = groups.setdefault(key, PayGroup(label, position.step, []))
            group.rows.append(PayRow(name, region, position.title.in_language(language),
                                     position.pay, pay.for_region(region)))
    return [groups[key] for key in sorted(groups)]
