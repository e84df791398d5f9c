"""Which hours count: the allocation problem, solved exactly.

Hours of an activity count toward the cycle's total (the *pool*) and, at the same time, toward
every topic requirement inside the total whose topics the activity carries. Requirements that
count *outside* the total take hours away from the pool instead. Caps limit the hours counted from
a set of activities (a format, a topic, activities without an approval body).

When caps bind, which hours count decides compliance, and a greedy pass gets real cases wrong (it
can spend a capped format on general hours that a topic needed). So the choice is a small linear
program, solved exactly over rationals, in three lexicographic stages:

1. minimise the missing hours: ``max(total shortfall, sum of inside-topic shortfalls)`` plus the
   outside-topic shortfalls, the fewest further hours that would make the credential compliant;
2. among those, count as many hours as possible;
3. among those, credit as many hours as possible to topic requirements (up to what each needs).

Activities with the same caps and topics are interchangeable, so they are merged into classes
before solving, which keeps the program small however many activities there are, and split back
in the caller's order (the engine passes a canonical order, so input order never matters).

Each requirement's *best* (the most hours it could be credited with alone, under the caps) is
solved separately. Unlike the joint allocation, it can only grow as activities are added.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from licensetrack.core.allocation.simplex import maximise, maximise_lexicographically
from licensetrack.core.hours import ZERO, Hours


@attrs.frozen
class Item:
    """An activity's countable hours, the caps it falls under and the topic needs it matches."""

    hours: Hours
    caps: frozenset[int] = frozenset()
    needs: frozenset[int] = frozenset()


@attrs.frozen
class Need:
    """A topic requirement: hours still needed this cycle, and whether it counts inside the total."""

    required: Hours
    inside: bool = True


@attrs.frozen
class AllocationProblem:
    """Activities (as items with their hours, caps and topic needs), the caps' limits and the total to reach.

    Named apart from :class:`licensetrack.core.errors.Problem`, which is something wrong with an input.
    """

    items: tuple[Item, ...]
    needs: tuple[Need, ...] = ()
    caps: tuple[Hours, ...] = ()
    total: Hours | None = None


@attrs.frozen
class Allocation:
    """The jointly optimal allocation and each requirement's best on its own."""

    missing: Hours
    pool: tuple[Hours, ...]  # per item: hours counted toward the total
    outside: tuple[dict[int, Hours], ...]  # per item: hours credited to outside needs
    credited: tuple[Hours, ...]  # per need: hours credited in the joint allocation (capped at need)
    cap_used: tuple[Hours, ...]  # per cap: hours counted under it
    best_total: Hours  # the most hours the pool could hold
    best: tuple[Hours, ...]  # per need: the most hours it could be credited with alone
    pool_total: Hours  # the sum of ``pool``


@attrs.frozen
class _Class:
    caps: frozenset[int]
    needs: frozenset[int]
    hours: Hours
    members: tuple[int, ...]


def _classes(problem: AllocationProblem) -> list[_Class]:
    grouped: dict[tuple[frozenset[int], frozenset[int]], list[int]] = {}
    for index, item in enumerate(problem.items):
        if item.hours > 0:
            grouped.setdefault((item.caps, item.needs), []).append(index)
    classes = [
        _Class(caps, needs, sum((problem.items[i].hours for i in members), ZERO), tuple(members))
        for (caps, needs), members in grouped.items()
    ]
    classes.sort(key=lambda c: c.members[0])
    return classes


class _Program:
    """Variables and constraints of one allocation problem, built once and solved in stages.

    A class under no cap and feeding no outside requirement is *settled*: it counts in full in every
    optimum (counting more of it never raises the missing hours, never lowers topic credit, and adds
    to the hours counted, which stage 2 maximises), so it enters as a constant, not a variable. What
    is left to choose, and the program, is usually small.
    """

    def __init__(self, problem: AllocationProblem, classes: list[_Class]) -> None:
        self.problem = problem
        self.classes = classes
        self.settled = {
            c for c, cls in enumerate(classes) if not cls.caps and all(problem.needs[k].inside for k in cls.needs)
        }
        names: list[tuple[str, int, int]] = []
        self.x = {c: self._add(names, ("x", c, -1)) for c in range(len(classes)) if c not in self.settled}
        self.o: dict[tuple[int, int], int] = {}
        for c, cls in enumerate(classes):
            for k in sorted(cls.needs):
                if not problem.needs[k].inside:
                    self.o[(c, k)] = self._add(names, ("o", c, k))
        self.t = [self._add(names, ("t", k, -1)) for k in range(len(problem.needs))]
        self.z = self._add(names, ("z", -1, -1))
        self.size = len(names)
        self.rows: list[list[Hours]] = []
        self.bounds: list[Hours] = []
        self._constraints()

    @staticmethod
    def _add(names: list[tuple[str, int, int]], name: tuple[str, int, int]) -> int:
        names.append(name)
        return len(names) - 1

    def _row(self, coefficients: dict[int, Hours], bound: Hours) -> None:
        row = [ZERO] * self.size
        for var, value in coefficients.items():
            row[var] += value
        self.rows.append(row)
        self.bounds.append(bound)

    def _uses(self, c: int) -> dict[int, Hours]:
        """All hours counted from class ``c``: into the pool and into outside needs."""
        used: dict[int, Hours] = {self.x[c]: 1}
        for (cls, _k), var in self.o.items():
            if cls == c:
                used[var] = 1
        return used

    def _constraints(self) -> None:
        problem = self.problem
        for c in self.x:
            self._row(self._uses(c), self.classes[c].hours)
        for j, limit in enumerate(problem.caps):
            row: dict[int, Hours] = {}
            for c, cls in enumerate(self.classes):
                if j in cls.caps:
                    row.update(self._uses(c))
            self._row(row, limit)
        for k, need in enumerate(problem.needs):
            self._row({self.t[k]: 1}, need.required)
            sources: dict[int, Hours] = {self.t[k]: 1}
            given = ZERO  # hours settled classes give this need
            for c, cls in enumerate(self.classes):
                if k in cls.needs:
                    if c in self.settled:
                        given += cls.hours
                    else:
                        sources[self.x[c] if need.inside else self.o[(c, k)]] = -1
            self._row(sources, given)
        if problem.total is not None:
            settled = sum((self.classes[c].hours for c in self.settled), ZERO)
            self._row({self.z: -1, **dict.fromkeys(self.x.values(), -1)}, settled - problem.total)
        inside = [k for k, need in enumerate(problem.needs) if need.inside]
        if inside:
            required = sum((problem.needs[k].required for k in inside), ZERO)
            self._row({self.z: -1, **{self.t[k]: -1 for k in inside}}, -required)

    def objective(self, coefficients: dict[int, Hours]) -> list[Hours]:
        c = [ZERO] * self.size
        for var, value in coefficients.items():
            c[var] = value
        return c


def allocate(problem: AllocationProblem) -> Allocation:
    """Solve the allocation exactly; see the module docstring for what is optimised.

    When no cap can bind and no requirement counts outside the total, counting every hour is optimal
    in all three stages at once (each objective only grows with the hours counted), so the answer is
    read off directly; a property test checks that this fast path equals the linear program.
    """
    cap_sums = _cap_sums(problem)
    if _nothing_to_choose(problem, cap_sums):
        return _count_everything(problem, cap_sums)
    return allocate_exactly(problem)


def _nothing_to_choose(problem: AllocationProblem, cap_sums: Sequence[Hours]) -> bool:
    """No cap can bind (``cap_sums``: all hours under each cap) and nothing counts outside the total."""
    if any(not need.inside for need in problem.needs):
        return False
    return all(used <= limit for used, limit in zip(cap_sums, problem.caps, strict=True))


def _cap_sums(problem: AllocationProblem) -> list[Hours]:
    """Hours of all items under each cap."""
    sums = [ZERO] * len(problem.caps)
    for item in problem.items:
        for j in item.caps:
            sums[j] += item.hours
    return sums


def _count_everything(problem: AllocationProblem, cap_sums: Sequence[Hours]) -> Allocation:
    pool = tuple(item.hours for item in problem.items)
    matched = [ZERO] * len(problem.needs)
    for item in problem.items:
        for k in item.needs:
            matched[k] += item.hours
    credited = tuple(min(need.required, got) for need, got in zip(problem.needs, matched, strict=True))
    total = sum(pool, ZERO)
    topic_short = sum((need.required - got for need, got in zip(problem.needs, credited, strict=True)), ZERO)
    total_short = max(ZERO, problem.total - total) if problem.total is not None else ZERO
    return Allocation(
        missing=max(total_short, topic_short),
        pool=pool,
        outside=tuple({} for _ in problem.items),
        credited=credited,
        cap_used=tuple(cap_sums),
        best_total=total,
        best=tuple(matched),
        pool_total=total,
    )


def allocate_exactly(problem: AllocationProblem) -> Allocation:
    """The three-stage linear program, always (``allocate`` skips it when nothing is to be chosen)."""
    classes = _classes(problem)
    program = _Program(problem, classes)
    outside_needs = [k for k, need in enumerate(problem.needs) if not need.inside]
    stage1: dict[int, Hours] = {program.z: -1, **{program.t[k]: 1 for k in outside_needs}}
    stage2: dict[int, Hours] = {
        **dict.fromkeys(program.x.values(), 1),
        **dict.fromkeys(program.o.values(), 1),
    }
    stage3: dict[int, Hours] = dict.fromkeys(program.t, 1)
    solution = maximise_lexicographically(
        [program.objective(stage) for stage in (stage1, stage2, stage3)], program.rows, program.bounds
    )
    x = solution.x
    missing = -solution.values[0] + sum((problem.needs[k].required for k in outside_needs), ZERO)

    pool = [ZERO] * len(problem.items)
    outside: list[dict[int, Hours]] = [{} for _ in problem.items]
    for c, cls in enumerate(classes):
        if c in program.settled:
            for i in cls.members:
                pool[i] = problem.items[i].hours
            continue
        left = {i: problem.items[i].hours for i in cls.members}
        _spread(x[program.x[c]], cls.members, left, lambda i, h: pool.__setitem__(i, pool[i] + h))
        for k in sorted(cls.needs):
            if (c, k) in program.o:
                _spread(
                    x[program.o[(c, k)]],
                    cls.members,
                    left,
                    lambda i, h, k=k: outside[i].__setitem__(k, outside[i].get(k, ZERO) + h),
                )
    cap_used = tuple(
        sum(
            (pool[i] + sum(outside[i].values(), ZERO) for i, item in enumerate(problem.items) if j in item.caps),
            ZERO,
        )
        for j in range(len(problem.caps))
    )
    return Allocation(
        missing=missing,
        pool=tuple(pool),
        outside=tuple(outside),
        credited=tuple(x[var] for var in program.t),
        cap_used=cap_used,
        best_total=best_alone(problem, None),
        best=tuple(best_alone(problem, k) for k in range(len(problem.needs))),
        pool_total=sum(pool, ZERO),
    )


def _spread(amount: Hours, members: Sequence[int], left: dict[int, Hours], give: object) -> None:
    assert callable(give)
    for i in members:
        if amount <= 0:
            return
        share = min(amount, left[i])
        if share > 0:
            give(i, share)
            left[i] -= share
            amount -= share


def best_alone(problem: AllocationProblem, need: int | None) -> Hours:
    """The most hours the pool (``need`` None) or one need could be credited with, under the caps."""
    chosen = [item for item in problem.items if item.hours > 0 and (need is None or need in item.needs)]
    if not any(item.caps for item in chosen):
        return sum((item.hours for item in chosen), ZERO)
    caps_used = sorted({j for item in chosen for j in item.caps})
    if len(caps_used) == 1 or _disjoint(chosen):
        return _best_disjoint(chosen, problem.caps)
    rows = [[ZERO] * len(chosen) for _ in caps_used]
    for position, j in enumerate(caps_used):
        for i, item in enumerate(chosen):
            if j in item.caps:
                rows[position][i] = 1
    identity: list[list[Hours]] = [[int(i == r) for i in range(len(chosen))] for r in range(len(chosen))]
    solution = maximise(
        [1] * len(chosen),
        rows + identity,
        [problem.caps[j] for j in caps_used] + [item.hours for item in chosen],
    )
    return solution.value


def _disjoint(items: Sequence[Item]) -> bool:
    """True when no activity falls under two caps, so each cap can be filled on its own."""
    return all(len(item.caps) <= 1 for item in items)


def _best_disjoint(items: Sequence[Item], limits: Sequence[Hours]) -> Hours:
    by_cap: dict[int, Hours] = {}
    free = ZERO
    for item in items:
        if not item.caps:
            free += item.hours
            continue
        (j,) = item.caps
        by_cap[j] = by_cap.get(j, ZERO) + item.hours
    return free + sum((min(hours, limits[j]) for j, hours in by_cap.items()), ZERO)
