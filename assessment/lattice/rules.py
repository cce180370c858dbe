"""What a lattice tells: the routes between two positions, and the checks that help a lead
see what is missing. Plain functions over a document.Lattice; no Flask here.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .document import Lattice, Move, Position

DEFAULT_ROUTES = 5


@dataclass(frozen=True)
class Route:
    moves: tuple[Move, ...]

    @property
    def months(self) -> int:
        """A likely time: the months in role each move asks for, added up."""
        return sum(move.months_in_role or 0 for move in self.moves)


def routes(lattice: Lattice, start: str, goal: str, limit: int = DEFAULT_ROUTES) -> list[Route]:
    """The routes from start to goal with the fewest moves, at most `limit` of them, the
    shortest likely time first. Empty when the goal cannot be reached (or start is goal)."""
    if start == goal or lattice.position(start) is None or lattice.position(goal) is None:
        return []
    arriving = _arriving_moves(lattice, start, goal)
    if goal not in arriving:
        return []
    found: list[tuple[Move, ...]] = []
    # Walk back from the goal along moves that arrive one step sooner; each walk is a route.
    stack: list[tuple[str, tuple[Move, ...]]] = [(goal, ())]
    while stack and len(found) < limit * 4:
        at, tail = stack.pop()
        if at == start:
            found.append(tail)
            continue
        for move in arriving[at]:
            stack.append((move.source, (move, *tail)))
    ordered = sorted((Route(moves) for moves in found),
                     key=lambda r: (r.months, [m.key for m in r.moves]))
    return ordered[:limit]


def _arriving_moves(lattice: Lattice, start: str, goal: str) -> dict[str, list[Move]]:
    """Breadth-first from start: for each position reached, the moves that reach it in the
    fewest moves. Stops at the goal's distance, so far parts of the lattice are not walked."""
    leaving: dict[str, list[Move]] = {}
    for move in lattice.moves:
        if move.source != move.target:
            leaving.setdefault(move.source, []).append(move)
    distance = {start: 0}
    arriving: dict[str, list[Move]] = {}
    queue = deque([start])
    while queue:
        at = queue.popleft()
        if goal in distance and distance[at] >= distance[goal]:
            break
        for move in leaving.get(at, ()):
            reached = distance.get(move.target)
            if reached is None:
                distance[move.target] = distance[at] + 1
                arriving[move.target] = [move]
                queue.append(move.target)
            elif reached == distance[at] + 1:
                arriving[move.target].append(move)
    return arriving


def dead_ends(lattice: Lattice) -> list[Position]:
    """Positions with no move out of them: no way up or across."""
    leaving = {move.source for move in lattice.moves}
    return [p for p in lattice.positions if p.key not in leaving]


def without_pay(lattice: Lattice) -> list[Position]:
    return [p for p in lattice.positions if p.pay is None]


def without_requirements(lattice: Lattice) -> list[Position]:
    return [p for p in lattice.positions if not p.has_requirements]


def unprepared_moves(lattice: Lattice) -> list[Move]:
    """Moves that ask for training or a certification that no offering prepares for."""
    known = {o.key for o in lattice.offerings}
    return [m for m in lattice.moves
            if m.has_requirements and not any(k in known for k in m.offerings)]


def offerings_for(lattice: Lattice, moves) -> list:
    """The offerings that prepare for any of the moves, each once, in the lattice's order."""
    wanted = {key for move in moves for key in move.offerings}
    return [o for o in lattice.offerings if o.key in wanted]


@dataclass(frozen=True)
class Checks:
    dead_ends: list[Position]
    without_pay: list[Position]
    without_requirements: list[Position]
    unprepared_moves: list[Move]

    @property
    def count(self) -> int:
        return (len(self.dead_ends) + len(self.without_pay) + len(self.without_requirements)
                + len(self.unprepared_moves))


def checks(lattice: Lattice) -> Checks:
    return Checks(dead_ends(lattice), without_pay(lattice), without_requirements(lattice),
                  unprepared_moves(lattice))
