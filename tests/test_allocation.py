"""The allocation is optimal: checked against brute force, and against a case greedy gets wrong."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from licensetrack.core.allocation.problem import AllocationProblem, Item, Need, allocate, best_alone
from licensetrack.core.allocation.simplex import maximise

F = Fraction


def missing_of(problem: AllocationProblem, x: Sequence[Fraction], o: dict[tuple[int, int], Fraction]) -> Fraction:
    """The missing hours of an allocation, straight from the definition."""
    short_total = max(F(0), problem.total - sum(x, F(0))) if problem.total is not None else F(0)
    inside = outside = F(0)
    for k, need in enumerate(problem.needs):
        if need.inside:
            got = sum((x[i] for i, item in enumerate(problem.items) if k in item.needs), F(0))
            inside += max(F(0), need.required - got)
        else:
            got = sum((v for (_, kk), v in o.items() if kk == k), F(0))
            outside += max(F(0), need.required - got)
    return max(short_total, inside) + outside


def feasible(problem: AllocationProblem, x: Sequence[Fraction], o: dict[tuple[int, int], Fraction]) -> bool:
    if any(v < 0 for v in x) or any(v < 0 for v in o.values()):
        return False
    used = [x[i] + sum((v for (ii, _), v in o.items() if ii == i), F(0)) for i in range(len(x))]
    if any(used[i] > item.hours for i, item in enumerate(problem.items)):
        return False
    return all(
        sum((used[i] for i, item in enumerate(problem.items) if j in item.caps), F(0)) <= limit
        for j, limit in enumerate(problem.caps)
    )


def solve_exactly(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Gaussian elimination; None unless the square system has exactly one solution."""
    n = len(rows)
    m = [[*row, b] for row, b in zip(rows, rhs, strict=True)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                factor = m[r][col] / m[col][col]
                m[r] = [a - factor * b for a, b in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def brute_force_missing(problem: AllocationProblem) -> Fraction:
    """Minimum missing hours by enumerating every vertex of the arrangement of all the planes where
    the constraints or the pieces of the (convex, piecewise-linear) missing function change.

    A convex piecewise-linear function on a polytope attains its minimum at such a vertex, so this
    finds the exact optimum without any linear-programming code.
    """
    pairs = [(i, k) for i, item in enumerate(problem.items) for k in sorted(item.needs) if not problem.needs[k].inside]
    n = len(problem.items)
    dim = n + len(pairs)

    def plane(x_coef: dict[int, int], o_coef: dict[tuple[int, int], int]) -> list[Fraction]:
        row = [F(0)] * dim
        for i, c in x_coef.items():
            row[i] += c
        for pair, c in o_coef.items():
            row[n + pairs.index(pair)] += c
        return row

    planes: list[tuple[list[Fraction], Fraction]] = []
    for j in range(dim):
        planes.append(([F(int(j == c)) for c in range(dim)], F(0)))
    for i, item in enumerate(problem.items):
        planes.append((plane({i: 1}, {p: 1 for p in pairs if p[0] == i}), item.hours))
    for j, limit in enumerate(problem.caps):
        members = [i for i, item in enumerate(problem.items) if j in item.caps]
        planes.append((plane(dict.fromkeys(members, 1), {p: 1 for p in pairs if p[0] in members}), limit))
    inside = [k for k, need in enumerate(problem.needs) if need.inside]
    for k, need in enumerate(problem.needs):
        if need.inside:
            planes.append((plane({i: 1 for i, it in enumerate(problem.items) if k in it.needs}, {}), need.required))
        else:
            planes.append((plane({}, {p: 1 for p in pairs if p[1] == k}), need.required))
    if problem.total is not None:
        planes.append((plane(dict.fromkeys(range(n), 1), {}), problem.total))
        for size in range(1, len(inside) + 1):
            for subset in itertools.combinations(inside, size):
                # T - sum(x) == sum over the subset of (m_k - sum of x matching k)
                coef = dict.fromkeys(range(n), -1)
                for k in subset:
                    for i, it in enumerate(problem.items):
                        if k in it.needs:
                            coef[i] += 1
                rhs = sum((problem.needs[k].required for k in subset), F(0)) - problem.total
                planes.append((plane(coef, {}), rhs))
    best: Fraction | None = None
    for chosen in itertools.combinations(planes, dim):
        point = solve_exactly([p[0] for p in chosen], [p[1] for p in chosen]) if dim else []
        if point is None:
            continue
        x = point[:n]
        o = {pair: point[n + idx] for idx, pair in enumerate(pairs)}
        if feasible(problem, x, o):
            value = missing_of(problem, x, o)
            best = value if best is None or value < best else best
        if dim == 0:
            break
    assert best is not None
    return best


small_hours = st.integers(0, 4).map(F) | st.sampled_from([F(1, 2), F(3, 2)])


@st.composite
def problems(draw: st.DrawFn) -> AllocationProblem:
    n_needs = draw(st.integers(0, 2))
    n_caps = draw(st.integers(0, 2))
    needs = tuple(
        Need(required=draw(st.integers(0, 5).map(F)), inside=draw(st.booleans()) if k == 0 else True)
        for k in range(n_needs)
    )
    items = tuple(
        Item(
            hours=draw(small_hours),
            caps=frozenset(draw(st.sets(st.integers(0, n_caps - 1), max_size=n_caps)) if n_caps else ()),
            needs=frozenset(draw(st.sets(st.integers(0, n_needs - 1), max_size=n_needs)) if n_needs else ()),
        )
        for _ in range(draw(st.integers(1, 3)))
    )
    caps = tuple(draw(st.integers(0, 5).map(F)) for _ in range(n_caps))
    total = draw(st.none() | st.integers(0, 8).map(F))
    return AllocationProblem(items=items, needs=needs, caps=caps, total=total)


@given(problems())
def test_allocation_equals_the_brute_force_optimum(problem: AllocationProblem) -> None:
    allocation = allocate(problem)
    assert allocation.missing == brute_force_missing(problem)
    outside = {(i, k): v for i, per in enumerate(allocation.outside) for k, v in per.items()}
    assert feasible(problem, allocation.pool, outside)
    assert missing_of(problem, allocation.pool, outside) == allocation.missing


@given(problems(), st.randoms())
def test_item_order_does_not_change_the_optimum(problem: AllocationProblem, random: object) -> None:
    items = list(problem.items)
    random.shuffle(items)  # type: ignore[attr-defined]
    shuffled = AllocationProblem(items=tuple(items), needs=problem.needs, caps=problem.caps, total=problem.total)
    assert allocate(shuffled).missing == allocate(problem).missing


@given(problems(), small_hours, st.data())
def test_adding_an_item_never_raises_missing_or_lowers_a_best(
    problem: AllocationProblem, hours: Fraction, data: st.DataObject
) -> None:
    extra = Item(
        hours=hours,
        caps=frozenset(data.draw(st.sets(st.sampled_from(range(len(problem.caps))))) if problem.caps else ()),
        needs=frozenset(data.draw(st.sets(st.sampled_from(range(len(problem.needs))))) if problem.needs else ()),
    )
    bigger = AllocationProblem(
        items=(*problem.items, extra), needs=problem.needs, caps=problem.caps, total=problem.total
    )
    before, after = allocate(problem), allocate(bigger)
    assert after.missing <= before.missing
    assert after.best_total >= before.best_total
    assert all(a >= b for a, b in zip(after.best, before.best, strict=True))


def test_best_alone_matches_a_direct_linear_program() -> None:
    # Three pairwise caps of 1 hour over three one-hour items: 1.5 hours at most (a fractional optimum).
    items = (Item(F(1), frozenset({0, 2})), Item(F(1), frozenset({0, 1})), Item(F(1), frozenset({1, 2})))
    problem = AllocationProblem(items=items, caps=(F(1), F(1), F(1)))
    assert best_alone(problem, None) == F(3, 2)
    assert maximise([1, 1, 1], [[1, 1, 0], [0, 1, 1], [1, 0, 1]], [1, 1, 1]).value == F(3, 2)


def test_the_case_greedy_gets_wrong() -> None:
    # An online cap of 6 hours; an online general course comes first, an online ethics course second.
    # Counting in date order fills the cap with general hours and leaves ethics short; the optimum
    # counts the ethics course under the cap and meets everything.
    online = 0
    ethics = 0
    items = (
        Item(F(6), caps=frozenset({online})),  # earlier, general
        Item(F(6), caps=frozenset({online}), needs=frozenset({ethics})),  # later, ethics
        Item(F(30)),  # in person
    )
    problem = AllocationProblem(items=items, needs=(Need(F(6)),), caps=(F(6),), total=F(36))
    allocation = allocate(problem)
    assert allocation.missing == 0
    assert allocation.pool == (F(0), F(6), F(30))


def test_competing_caps_balance_the_shortfall() -> None:
    # The trade-off from docs/architecture.md: A sits under both caps, B and D under one each.
    a = Item(F(6), caps=frozenset({0, 1}), needs=frozenset({0}))
    b = Item(F(6), caps=frozenset({0}))
    d = Item(F(6), caps=frozenset({1}))
    problem = AllocationProblem(items=(a, b, d), needs=(Need(F(6)),), caps=(F(6), F(6)), total=F(12))
    allocation = allocate(problem)
    assert allocation.missing == 3
    assert allocation.best_total == 12  # the total alone could be met ...
    assert allocation.best == (F(6),)  # ... and so could ethics alone, but not both at once


@given(problems())
def test_the_fast_path_equals_the_linear_program(problem: AllocationProblem) -> None:
    from licensetrack.core.allocation.problem import _cap_sums, _nothing_to_choose, allocate_exactly

    fast, exact = allocate(problem), allocate_exactly(problem)
    assert (fast.missing, fast.best_total, fast.best, fast.credited, fast.cap_used) == (
        exact.missing,
        exact.best_total,
        exact.best,
        exact.credited,
        exact.cap_used,
    )
    if _nothing_to_choose(problem, _cap_sums(problem)):
        assert fast.pool_total == exact.pool_total


@given(problems())
def test_every_hour_that_could_count_does(problem: AllocationProblem) -> None:
    """Each activity counts in full unless a cap it falls under is full, so no hour that could count
    is left out; hours under no cap and feeding no outside requirement always count in full (the
    allocation fixes them before solving); cap use is what the activities' hours add up to."""
    allocation = allocate(problem)
    used = [
        pool + sum(outside.values(), F(0)) for pool, outside in zip(allocation.pool, allocation.outside, strict=True)
    ]
    for j in range(len(problem.caps)):
        in_cap = sum((used[i] for i, item in enumerate(problem.items) if j in item.caps), F(0))
        assert allocation.cap_used[j] == in_cap
    for i, item in enumerate(problem.items):
        if used[i] < item.hours:
            assert any(allocation.cap_used[j] == problem.caps[j] for j in item.caps), (i, item)
        if not item.caps and all(problem.needs[k].inside for k in item.needs):
            assert allocation.pool[i] == item.hours
