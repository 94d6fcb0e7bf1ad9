"""Plan scheduling without a database: WBS codes, cycles, critical path and shifting over weekends."""

import random
from datetime import date, timedelta

import pytest

from odoo.addons.cross_dept_collab.models import plan_scheduling

# The smartwatch launch plan: 1.1 market research → 1.2 prototype → 2.1 promo material, 2.2 sales training.
SMARTWATCH_EDGES = [("1.2", "1.1"), ("2.1", "1.2"), ("2.2", "1.2")]


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    for _ in range(count):
        start = next_working_day(start)
    return start


def durations_of(tasks: dict) -> dict:
    return {task_id: plan_scheduling.count_working_days(*span, is_working_day) for task_id, span in tasks.items()}


# WBS codes ---------------------------------------------------------------------------------------


def test_wbs_codes_number_siblings_by_sequence_then_id():
    nodes = [
        (10, None, 2, 10),
        (11, None, 1, 11),
        (20, 10, 5, 20),
        (21, 10, 5, 19),  # same sequence: the smaller tie-break comes first
        (22, 10, 1, 22),
        (30, 21, 1, 30),
    ]
    assert plan_scheduling.wbs_codes(nodes) == {11: "1", 10: "2", 22: "2.1", 21: "2.2", 20: "2.3", 30: "2.2.1"}


def test_wbs_codes_treat_unknown_parents_as_roots():
    nodes = [(1, None, 1, 1), (2, 99, 0, 2), (3, 2, 1, 3)]
    assert plan_scheduling.wbs_codes(nodes) == {2: "1", 3: "1.1", 1: "2"}


def test_wbs_codes_of_a_deep_hierarchy_need_no_recursion():
    depth = 5_000
    nodes = [(task_id, task_id - 1 if task_id > 1 else None, 1, task_id) for task_id in range(1, depth + 1)]
    codes = plan_scheduling.wbs_codes(nodes)
    assert codes[depth] == ".".join(["1"] * depth)
    assert plan_scheduling.wbs_codes([]) == {}


# Cycles ------------------------------------------------------------------------------------------


def test_find_cycle_returns_the_cycle_in_dependency_order():
    edges = [(2, 1), (3, 2), (1, 3), (4, 3)]
    assert plan_scheduling.find_cycle(edges) == [1, 2, 3]
    assert plan_scheduling.find_cycle([(5, 5)]) == [5]


def test_find_cycle_returns_none_for_a_dag():
    assert plan_scheduling.find_cycle([*SMARTWATCH_EDGES, ("2.2", "1.1")]) is None
    assert plan_scheduling.find_cycle([]) is None


def test_find_cycle_on_a_long_chain_needs_no_recursion():
    size = 10_000
    chain = [(task_id + 1, task_id) for task_id in range(1, size)]
    assert plan_scheduling.find_cycle(chain) is None
    assert plan_scheduling.find_cycle([*chain, (1, size)]) == list(range(1, size + 1))


# Critical path -----------------------------------------------------------------------------------


def test_critical_path_of_the_smartwatch_plan():
    durations = {"1.1": 10, "1.2": 20, "2.1": 5, "2.2": 3}
    result = plan_scheduling.critical_path(durations, SMARTWATCH_EDGES)
    assert result.path == ["1.1", "1.2", "2.1"]
    assert result.critical_ids == {"1.1", "1.2", "2.1"}
    assert result.slack == {"1.1": 0, "1.2": 0, "2.1": 0, "2.2": 2}
    assert result.project_duration == 35


def test_critical_path_breaks_ties_by_smallest_id_and_keeps_milestones():
    durations = {1: 4, 2: 4, 3: 2, 4: 2, 5: 0, 6: 1}
    edges = [(3, 1), (4, 2), (5, 3), (5, 4), (6, 1)]
    result = plan_scheduling.critical_path(durations, edges)
    assert result.path == [1, 3, 5]
    assert result.critical_ids == {1, 2, 3, 4, 5}
    assert result.slack[6] == 1
    assert result.project_duration == 6


def test_critical_path_of_an_empty_or_isolated_plan():
    empty = plan_scheduling.critical_path({}, [])
    assert (empty.slack, empty.critical_ids, empty.path, empty.project_duration) == ({}, set(), [], 0)
    lone = plan_scheduling.critical_path({7: 3, 8: 1}, [(7, 99)])  # the edge to another project is ignored
    assert lone.path == [7]
    assert lone.slack == {7: 0, 8: 2}


def test_critical_path_refuses_cycles():
    with pytest.raises(plan_scheduling.PlanCycleError) as caught:
        plan_scheduling.critical_path({1: 1, 2: 1, 3: 1, 4: 1}, [(2, 1), (3, 2), (1, 3), (4, 1)])
    assert caught.value.cycle_ids == [1, 2, 3]
    assert isinstance(caught.value, ValueError)


def longest_paths_by_relaxation(durations: dict, edges: list) -> tuple[dict, dict]:
    """Longest path ending at / starting from each task, relaxing every edge until nothing changes."""
    head, tail = dict(durations), dict(durations)
    changed = True
    while changed:
        changed = False
        for task_id, predecessor_id in edges:
            if head[predecessor_id] + durations[task_id] > head[task_id]:
                head[task_id] = head[predecessor_id] + durations[task_id]
                changed = True
            if tail[task_id] + durations[predecessor_id] > tail[predecessor_id]:
                tail[predecessor_id] = tail[task_id] + durations[predecessor_id]
                changed = True
    return head, tail


def test_critical_path_matches_brute_force_on_a_random_dag():
    rng = random.Random(618)
    size = 2_000
    ids = rng.sample(range(1, 1_000_000), size)  # ids in no relation to the dependency order
    durations = {task_id: rng.randint(0, 12) for task_id in ids}
    edges = [(ids[index], ids[pred]) for index in range(1, size) for pred in rng.sample(range(index), min(index, 3))]
    rng.shuffle(edges)

    result = plan_scheduling.critical_path(durations, edges)

    head, tail = longest_paths_by_relaxation(durations, edges)
    longest = max(head.values())
    assert result.project_duration == longest
    assert result.slack == {task_id: longest - head[task_id] - tail[task_id] + durations[task_id] for task_id in ids}
    assert result.critical_ids == {task_id for task_id, slack in result.slack.items() if slack == 0}
    path = result.path
    assert len(path) > 10  # a real chain, not a lone task
    assert head[path[0]] == durations[path[0]] and tail[path[-1]] == durations[path[-1]]
    assert set(zip(path[1:], path[:-1], strict=True)) <= set(edges)
    assert sum(durations[task_id] for task_id in path) == longest


# Shifting over a Monday-to-Friday calendar -------------------------------------------------------


def test_count_working_days_skips_weekends():
    friday, monday = date(2024, 3, 15), date(2024, 3, 18)
    assert plan_scheduling.count_working_days(friday, monday, is_working_day) == 2
    assert plan_scheduling.count_working_days(friday, friday, is_working_day) == 1
    assert plan_scheduling.count_working_days(date(2024, 3, 16), date(2024, 3, 17), is_working_day) == 0
    assert plan_scheduling.count_working_days(monday, friday, is_working_day) == 0


def shift(tasks: dict, edges: list) -> tuple[dict, int]:
    """``shift_forward`` with the weekend calendar; also returns how many times the calendar was asked."""
    calls = 0

    def counted(function):
        def wrapper(*args):
            nonlocal calls
            calls += 1
            return function(*args)

        return wrapper

    moved = plan_scheduling.shift_forward(
        tasks, edges, counted(next_working_day), counted(add_working_days), durations=durations_of(tasks)
    )
    return moved, calls


def test_shift_moves_a_successor_of_a_friday_task_to_monday():
    tasks = {1: (date(2024, 3, 11), date(2024, 3, 15)), 2: (date(2024, 3, 15), date(2024, 3, 19))}
    moved, calls = shift(tasks, [(2, 1)])
    # Task 2 lasted 3 working days (Fri, Mon, Tue): it now runs Mon to Wed.
    assert moved == {2: (date(2024, 3, 18), date(2024, 3, 20))}
    assert calls == 2


def test_shift_never_moves_a_task_backward():
    tasks = {1: (date(2024, 3, 11), date(2024, 3, 15)), 2: (date(2024, 4, 1), date(2024, 4, 5))}
    assert shift(tasks, [(2, 1)]) == ({}, 0)


def test_shift_propagates_along_a_chain_and_waits_for_the_latest_predecessor():
    tasks = {
        "a": (date(2024, 3, 4), date(2024, 3, 8)),  # Mon-Fri
        "b": (date(2024, 3, 6), date(2024, 3, 7)),  # overlaps a: 2 working days
        "c": (date(2024, 3, 11), date(2024, 3, 11)),  # fine until b moves
        "d": (date(2024, 3, 1), date(2024, 3, 1)),  # after a and c
        "e": (date(2024, 3, 25), date(2024, 3, 29)),  # after c, far enough away
    }
    edges = [("b", "a"), ("c", "b"), ("d", "a"), ("d", "c"), ("e", "c")]
    moved, calls = shift(tasks, edges)
    assert moved == {
        "b": (date(2024, 3, 11), date(2024, 3, 12)),
        "c": (date(2024, 3, 13), date(2024, 3, 13)),
        "d": (date(2024, 3, 14), date(2024, 3, 14)),
    }
    assert calls == 2 * len(moved)
    assert all(new_start > tasks[task_id][0] for task_id, (new_start, _end) in moved.items())


def test_shift_of_the_smartwatch_plan_moves_only_the_promo_material():
    tasks = {
        "1.1": (date(2024, 3, 1), date(2024, 3, 15)),
        "1.2": (date(2024, 3, 16), date(2024, 4, 30)),
        "2.1": (date(2024, 4, 1), date(2024, 4, 20)),
        "2.2": (date(2024, 5, 1), date(2024, 5, 10)),
    }
    assert plan_scheduling.date_conflicts(tasks, SMARTWATCH_EDGES) == [("2.1", "1.2")]
    moved, _calls = shift(tasks, SMARTWATCH_EDGES)
    # 15 working days from 1 to 19 April (the 20th is a Saturday), now from Wednesday 1 May.
    assert moved == {"2.1": (date(2024, 5, 1), date(2024, 5, 21))}


def test_shift_refuses_cycles():
    tasks = {1: (date(2024, 3, 4), date(2024, 3, 4)), 2: (date(2024, 3, 5), date(2024, 3, 5))}
    with pytest.raises(plan_scheduling.PlanCycleError) as caught:
        shift(tasks, [(1, 2), (2, 1)])
    assert caught.value.cycle_ids == [1, 2]


def test_date_conflicts_include_a_start_on_the_predecessor_end_day():
    tasks = {
        1: (date(2024, 3, 4), date(2024, 3, 6)),
        2: (date(2024, 3, 6), date(2024, 3, 8)),  # starts the day 1 ends
        3: (date(2024, 3, 7), date(2024, 3, 8)),  # starts after 1 ends
        4: (date(2024, 3, 1), date(2024, 3, 2)),  # before both
    }
    edges = [(4, 3), (2, 1), (3, 1), (4, 1), (2, 1), (3, 42)]
    assert plan_scheduling.date_conflicts(tasks, edges) == [(2, 1), (4, 1), (4, 3)]
