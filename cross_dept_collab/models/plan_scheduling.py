"""Plan scheduling on plain data: WBS codes, dependency cycles, critical path and forward shifting.

Nothing here touches the ORM: ``project.task`` passes ids, dates and working-day callables built from
its ``resource.calendar``, and translates the errors raised here. Ids are ints (or WBS codes) and
must be mutually comparable, because ties are broken by the smallest id. An edge is a
``(task_id, predecessor_id)`` pair: the predecessor must finish before the task starts.
"""

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

TaskId = int | str
Edge = tuple[TaskId, TaskId]
DateSpan = tuple[date, date]

_END = object()

# Dates a plan can mean: a typo such as 9999-12-31 is refused (it breaks timelines and silences
# reminders). The one bound for planned, due and progress dates, the import and the timeline.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2200, 12, 31)


class PlanCycleError(ValueError):
    """The dependencies form a cycle; ``cycle_ids`` lists it, each id a predecessor of the next
    and the last one a predecessor of the first."""

    def __init__(self, cycle_ids: list[TaskId]):
        super().__init__(f"Dependency cycle: {cycle_ids}")
        self.cycle_ids = cycle_ids


@dataclass(frozen=True)
class CriticalPathResult:
    """Total float per task, the tasks without float, one critical chain and the plan's length."""

    slack: dict[TaskId, int]
    critical_ids: set[TaskId]
    path: list[TaskId]
    project_duration: int


def count_working_days(start: date, end: date, is_working_day: Callable[[date], bool]) -> int:
    """Number of working days from ``start`` to ``end``, both included (0 when ``end < start``)."""
    return len(working_days(start, end, is_working_day))


def working_days(start: date, end: date, is_working_day: Callable[[date], bool]) -> list[date]:
    """The working days from ``start`` to ``end``, both included (none when ``end < start``)."""
    return [day for offset in range((end - start).days + 1) if is_working_day(day := start + timedelta(days=offset))]


def working_day_counter(first: date, last: date, is_working_day: Callable[[date], bool]) -> Callable[[date, date], int]:
    """``count(start, end)``, same as :func:`count_working_days`, for spans within ``first``..``last``:
    the calendar is asked once per day of the window, then each count is a subtraction."""
    cumulative = [0]
    for offset in range((last - first).days + 1):
        cumulative.append(cumulative[-1] + bool(is_working_day(first + timedelta(days=offset))))

    def count(start: date, end: date) -> int:
        if end < start:
            return 0
        return cumulative[(end - first).days + 1] - cumulative[(start - first).days]

    return count


def wbs_codes(nodes: Iterable[tuple[TaskId, TaskId | None, int, int]]) -> dict[TaskId, str]:
    """WBS code ("1", "1.2", "1.2.1") of each ``(task_id, parent_id, sequence, tiebreak)`` node.

    Siblings are numbered from 1 in ``(sequence, tiebreak)`` order; a node whose parent is not among
    ``nodes`` is a root. Nodes caught in a parent cycle (which Odoo forbids) get no code.
    """
    nodes = list(nodes)
    known = {task_id for task_id, *_ in nodes}
    children: dict[TaskId | None, list[tuple[int, int, TaskId]]] = defaultdict(list)
    for task_id, parent_id, sequence, tiebreak in nodes:
        children[parent_id if parent_id in known else None].append((sequence, tiebreak, task_id))
    codes: dict[TaskId, str] = {}
    pending: list[tuple[TaskId | None, str]] = [(None, "")]
    while pending:
        parent_id, prefix = pending.pop()
        for number, (_sequence, _tiebreak, task_id) in enumerate(sorted(children[parent_id]), start=1):
            codes[task_id] = f"{prefix}{number}"
            pending.append((task_id, f"{codes[task_id]}."))
    return codes


def find_cycle(edges: Iterable[Edge]) -> list[TaskId] | None:
    """One dependency cycle, each id a predecessor of the next (the last one of the first), or None.

    Iterative depth-first search visiting nodes and successors by ascending id, so the answer is
    deterministic and deep plans cannot hit the recursion limit.
    """
    successors: dict[TaskId, list[TaskId]] = defaultdict(list)
    for task_id, predecessor_id in dict.fromkeys(edges):
        successors[predecessor_id].append(task_id)
    done: set[TaskId] = set()
    for root in sorted(successors):
        if root in done:
            continue
        path, on_path = [root], {root}
        branches = [iter(sorted(successors[root]))]
        while branches:
            node = next(branches[-1], _END)
            if node is _END:
                branches.pop()
                finished = path.pop()
                on_path.remove(finished)
                done.add(finished)
            elif node in on_path:
                return path[path.index(node) :]
            elif node not in done:
                path.append(node)
                on_path.add(node)
                branches.append(iter(sorted(successors.get(node, ()))))
    return None


def critical_path(durations: Mapping[TaskId, int], edges: Iterable[Edge]) -> CriticalPathResult:
    """Critical path method over tasks of ``durations`` (working days, ≥ 0) in O(V + E).

    Edges touching a task outside ``durations`` are ignored. ``path`` starts at the smallest
    critical task without a critical predecessor and follows, at each step, the smallest critical
    successor that starts when it ends. Raises :class:`PlanCycleError` on a dependency cycle.
    """
    successors, predecessors = _graph(durations, edges)
    order, earliest_start, earliest_finish = _forward_pass(durations, successors, predecessors)
    project_duration = max(earliest_finish.values(), default=0)
    latest_start: dict[TaskId, int] = {}
    for node in reversed(order):
        latest_finish = min((latest_start[succ] for succ in successors[node]), default=project_duration)
        latest_start[node] = latest_finish - durations[node]
    slack = {node: latest_start[node] - earliest_start[node] for node in durations}
    critical_ids = {node for node, total_float in slack.items() if not total_float}
    path = _critical_chain(critical_ids, successors, predecessors, earliest_start, earliest_finish)
    return CriticalPathResult(slack, critical_ids, path, project_duration)


def earliest_starts(durations: Mapping[TaskId, int], edges: Iterable[Edge]) -> dict[TaskId, int]:
    """The earliest start of each task of ``durations`` (working days from 0) when every task starts
    as soon as its predecessors end. Raises :class:`PlanCycleError` on a dependency cycle."""
    successors, predecessors = _graph(durations, edges)
    return _forward_pass(durations, successors, predecessors)[1]


def _forward_pass(
    durations: Mapping[TaskId, int],
    successors: dict[TaskId, list[TaskId]],
    predecessors: dict[TaskId, list[TaskId]],
) -> tuple[list[TaskId], dict[TaskId, int], dict[TaskId, int]]:
    """(topological order, earliest starts, earliest finishes): the critical path method's forward pass."""
    order = _topological_order(successors, predecessors)
    earliest_start: dict[TaskId, int] = {}
    earliest_finish: dict[TaskId, int] = {}
    for node in order:
        earliest_start[node] = max((earliest_finish[pred] for pred in predecessors[node]), default=0)
        earliest_finish[node] = earliest_start[node] + durations[node]
    return order, earliest_start, earliest_finish


def shift_forward(
    tasks: Mapping[TaskId, DateSpan],
    edges: Iterable[Edge],
    next_working_day: Callable[[date], date],
    add_working_days: Callable[[date, int], date],
    *,
    durations: Mapping[TaskId, int],
    lags: Mapping[Edge, int] | None = None,
    sources: Iterable[TaskId] | None = None,
) -> dict[TaskId, DateSpan]:
    """New ``(start, end)`` of the tasks that must move so that each starts after its predecessors.

    Finish-to-start with a lag: a task whose predecessor ends on day E, with a lag of L working
    days on that link (``lags[(task_id, predecessor_id)]``, 0 when absent), must start after the
    L-th working day following E (after E itself when L = 0). A task starting on or before the
    latest of these days (after its predecessors moved) starts on the next working day and keeps
    its duration in working days (``durations``, same-day task = 1). With ``sources``, only the
    successors of these tasks, through any number of levels, may move (a cascade: conflicts
    elsewhere in the plan are left alone); the sources themselves may move if their own
    predecessors require it. Tasks only ever move forward; edges touching a task outside
    ``tasks`` are ignored. Raises :class:`PlanCycleError` on a cycle.
    """
    successors, predecessors = _graph(tasks, edges)
    lags = lags or {}
    reach = _reachable(successors, sources) if sources is not None else None
    planned = dict(tasks)
    moved: dict[TaskId, DateSpan] = {}
    for node in _topological_order(successors, predecessors):
        if not predecessors[node] or (reach is not None and node not in reach):
            continue
        threshold = max(
            add_working_days(planned[pred][1], lags[(node, pred)]) if lags.get((node, pred)) else planned[pred][1]
            for pred in predecessors[node]
        )
        if planned[node][0] > threshold:
            continue
        start = next_working_day(threshold)
        planned[node] = moved[node] = (start, add_working_days(start, max(durations[node] - 1, 0)))
    return moved


def _reachable(successors: dict[TaskId, list[TaskId]], sources: Iterable[TaskId]) -> set[TaskId]:
    """The ``sources`` (those in the graph) and every task after them, through any number of levels."""
    reach = {node for node in sources if node in successors}
    pending = list(reach)
    while pending:
        for succ in successors[pending.pop()]:
            if succ not in reach:
                reach.add(succ)
                pending.append(succ)
    return reach


def date_conflicts(tasks: Mapping[TaskId, DateSpan], edges: Iterable[Edge]) -> list[Edge]:
    """Sorted ``(task_id, predecessor_id)`` pairs where the task starts on or before the predecessor ends."""
    return sorted(
        (task_id, predecessor_id)
        for task_id, predecessor_id in dict.fromkeys(edges)
        if task_id in tasks and predecessor_id in tasks and tasks[task_id][0] <= tasks[predecessor_id][1]
    )


def _critical_chain(
    critical_ids: set[TaskId],
    successors: dict[TaskId, list[TaskId]],
    predecessors: dict[TaskId, list[TaskId]],
    earliest_start: dict[TaskId, int],
    earliest_finish: dict[TaskId, int],
) -> list[TaskId]:
    """A start-to-end chain of critical tasks, each starting when the previous one ends.

    Such a chain always exists: a critical task has a critical predecessor ending when it starts
    unless it starts the plan, and a critical successor starting when it ends unless it ends the plan.
    """

    def is_tight(pred: TaskId, succ: TaskId) -> bool:
        return pred in critical_ids and succ in critical_ids and earliest_finish[pred] == earliest_start[succ]

    chain: list[TaskId] = []
    starts = (node for node in critical_ids if not any(is_tight(pred, node) for pred in predecessors[node]))
    node = min(starts, default=_END)
    while node is not _END:
        chain.append(node)
        node = min((succ for succ in successors[node] if is_tight(node, succ)), default=_END)
    return chain


def _graph(
    nodes: Iterable[TaskId], edges: Iterable[Edge]
) -> tuple[dict[TaskId, list[TaskId]], dict[TaskId, list[TaskId]]]:
    """Successors and predecessors of each node, without duplicate edges or edges leaving ``nodes``."""
    successors: dict[TaskId, list[TaskId]] = {node: [] for node in nodes}
    predecessors: dict[TaskId, list[TaskId]] = {node: [] for node in successors}
    for task_id, predecessor_id in dict.fromkeys(edges):
        if task_id in successors and predecessor_id in successors:
            successors[predecessor_id].append(task_id)
            predecessors[task_id].append(predecessor_id)
    return successors, predecessors


def _topological_order(
    successors: dict[TaskId, list[TaskId]], predecessors: dict[TaskId, list[TaskId]]
) -> list[TaskId]:
    """Kahn's topological order; raises :class:`PlanCycleError` when some tasks wait on each other."""
    waiting = {node: len(preds) for node, preds in predecessors.items()}
    ready = deque(node for node, count in waiting.items() if not count)
    order: list[TaskId] = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for succ in successors[node]:
            waiting[succ] -= 1
            if not waiting[succ]:
                ready.append(succ)
    if len(order) < len(waiting):
        raise PlanCycleError(find_cycle((node, pred) for node, preds in predecessors.items() for pred in preds))
    return order
