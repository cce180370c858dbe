"""What the organization page shows of the lattice: its size, its latest version and its
checks, as evidence beside practices 3 and 4 of the rubric. Evidence informs the team's
ratings; nothing here changes one."""
from __future__ import annotations

from dataclasses import dataclass

from ..capability.rubric import Practice, rubric
from ..organizations.models import Organization
from . import operations, rules
from .models import LatticeVersion



EVIDENCE_FOR = ("development", "mapping")  # practices 3 and 4 of the rubric


@dataclass(frozen=True)
class Evidence:
    positions: int
    latest: LatticeVersion | None
    checks: rules.Checks | None
    practices: list[Practice]  # the rubric's practices the lattice is evidence for


def lattice_evidence(organization: Organization) -> Evidence:
    lattice = operations.lattice_of(organization)
    document = lattice.document if lattice else None
    return Evidence(len(document.positions) if document else 0,
                    lattice.latest if lattice else None,
                    rules.checks(document) if document else None,
                    [p for p in rubric().practices if p.id in EVIDENCE_FOR])
