"""Benchmark: one move of a task cascading through 1,000 successors, against the critical-path pass.

Run inside an Odoo shell on a database with cross_dept_collab installed (nothing is kept: the
transaction is rolled back at the end):

    scripts/collab-env odoo shell -d <db> --no-http < bench/bench_cascade.py

Two plans of 1,001 tasks on a Mon–Fri calendar, each moved from its first task: a chain (every
task after the previous one: 1,000 successors, each moving to its own dates — the worst case, one
write per task) and a layered graph (10 layers of 100 tasks, each after two tasks of the layer
before, lag 1 on one of them: the same 1,000 successors, whole layers moving together). The
cascade is timed as the lead's write does it — the new dates, the successors shifted, the note on
the project, the stored fields (critical path, status, phases) flushed to SQL — next to the
critical-path pass of the same plan (slack, critical flag and rank recomputed and flushed, as
``bench_plan.py`` measures it) in the same run, and their ratio is printed.
"""

import time
from datetime import date, timedelta

from odoo import Command

SUCCESSORS = 1_000
LAYERS = 10
ROUNDS = 3


def calendar(env):
    return env["resource.calendar"].create(
        {
            "name": "Bench Mon-Fri",
            "tz": "UTC",
            "attendance_ids": [
                Command.create({"name": f"Day {day}", "dayofweek": str(day), "hour_from": 9, "hour_to": 17})
                for day in range(5)
            ],
        }
    )


def build_plan(env, shape):
    """A project of 1 + SUCCESSORS one-day tasks, planned back to back (no move needed yet)."""
    project = env["project.project"].create(
        {"name": f"Cascade bench ({shape})", "allow_task_dependencies": True, "resource_calendar_id": calendar(env).id}
    )
    Task = env["project.task"].with_context(
        mail_create_nolog=True, mail_notrack=True, tracking_disable=True, collab_no_cascade=True
    )
    first_day = date(2031, 1, 6)  # a Monday

    def working_day(index):
        """The index-th working day (Mon–Fri) from the first one."""
        weeks, day = divmod(index, 5)
        return first_day + timedelta(days=7 * weeks + day)

    first = Task.create(
        {
            "name": "Source",
            "project_id": project.id,
            "date_planned_start": first_day,
            "date_planned_end": first_day,
            "user_ids": [],
        }
    )
    if shape == "chain":
        values = [
            {
                "name": f"Task {i}",
                "project_id": project.id,
                "sequence": i,
                "date_planned_start": working_day(i),
                "date_planned_end": working_day(i),
                "user_ids": [],
            }
            for i in range(1, SUCCESSORS + 1)
        ]
        tasks = Task.create(values)
        ids = [first.id, *tasks.ids]
        edges = [(ids[i], ids[i - 1]) for i in range(1, len(ids))]
        lags = []
    else:
        width = SUCCESSORS // LAYERS
        values = [
            {
                "name": f"Task {layer}.{i}",
                "project_id": project.id,
                "sequence": layer * width + i,
                "date_planned_start": working_day(2 * layer + 1),
                "date_planned_end": working_day(2 * layer + 1),
                "user_ids": [],
            }
            for layer in range(LAYERS)
            for i in range(width)
        ]
        tasks = Task.create(values)
        layers = [[first.id], *(tasks.ids[k * width : (k + 1) * width] for k in range(LAYERS))]
        edges, lags = [], []
        for k in range(1, len(layers)):
            previous = layers[k - 1]
            for i, task_id in enumerate(layers[k]):
                edges.append((task_id, previous[i % len(previous)]))
                if len(previous) > 1:
                    second = previous[(i + 1) % len(previous)]
                    edges.append((task_id, second))
                    lags.append({"task_id": task_id, "predecessor_id": second, "lag_days": 1})
    env.cr.execute(
        "INSERT INTO task_dependencies_rel (task_id, depends_on_id) VALUES " + ",".join(["(%s, %s)"] * len(edges)),
        [value for edge in edges for value in edge],
    )
    env["project.task"].invalidate_model(["depend_on_ids", "dependent_ids"])
    env["collab.task.dependency.lag"].create(lags)
    env.flush_all()
    env.cr.execute("ANALYZE project_task, task_dependencies_rel, collab_task_dependency_lag")
    # the stored plan results as a live plan has them
    critical_path(env, project)
    env.invalidate_all()
    return project, first


def critical_path(env, project):
    """The critical-path pass as the ORM runs it after a change: mark, then flush to SQL."""
    records = env["project.task"].search([("project_id", "=", project.id)])
    for fname in ("slack_days", "is_critical", "critical_rank"):
        env.add_to_compute(records._fields[fname], records)
    records.flush_model(["slack_days", "is_critical", "critical_rank"])


def measure(env, shape):
    project, first = build_plan(env, shape)
    move_times, cascade_times, cpm_times, pass_times = [], [], [], []
    for round_ in range(ROUNDS):
        env.invalidate_all()
        start = time.perf_counter()
        critical_path(env, project)
        cpm_times.append(time.perf_counter() - start)
        # the cascade's own pass (what moves, as the form's warning and the change request's
        # preview compute it): the plan read and solved, nothing written
        env.invalidate_all()
        start = time.perf_counter()
        project._plan_cascade_moves({first.id: (first.date_planned_start, first.date_planned_end + timedelta(days=1))})
        pass_times.append(time.perf_counter() - start)

        env.invalidate_all()
        source = env["project.task"].browse(first.id)
        old = {source.id: (source.date_planned_start, source.date_planned_end)}
        notes = len(project.message_ids)
        # the move itself as stock Odoo writes it (each round the source ends later again, so
        # every successor moves again), then the cascade the lead's write runs after it
        start = time.perf_counter()
        source.with_context(collab_no_cascade=True).write(
            {"date_planned_end": source.date_planned_end + timedelta(days=7 if round_ else 1)}
        )
        env.flush_all()
        move_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        _old_spans, moved = project._plan_cascade(old)
        env.flush_all()
        cascade_times.append(time.perf_counter() - start)
        project.invalidate_recordset()
        assert len(moved) == SUCCESSORS, len(moved)
        assert len(project.message_ids) == notes + 1, "one note per move"
    last = env["project.task"].search([("project_id", "=", project.id)], order="date_planned_end desc", limit=1)
    cascade, cpm, move, cascade_pass = min(cascade_times), min(cpm_times), min(move_times), min(pass_times)
    print(
        f"{shape:>6}: {len(project.tasks)} tasks, {SUCCESSORS} successors moved per round; last task ends "
        f"{last.date_planned_end}"
    )
    print(f"        critical path and slack (same plan):  {cpm * 1000:8.1f} ms")
    print(
        f"        cascade pass (what moves, no write):  {cascade_pass * 1000:8.1f} ms   ratio {cascade_pass / cpm:5.2f}"
    )
    print(
        f"        cascade of one move (shift, write, note, stored fields flushed):"
        f" {cascade * 1000:8.1f} ms   ratio {cascade / cpm:5.2f}"
    )
    print(f"        (the move's own write, stock Odoo, without the cascade: {move * 1000:8.1f} ms)")
    return cascade_pass / cpm, cascade / cpm


def main(env):
    env = env(context=dict(env.context, tracking_disable=False))
    ratios = {shape: measure(env, shape) for shape in ("chain", "layers")}
    print(
        "ratios to the critical path pass (target <= 1.5): "
        + ", ".join(f"{shape}: pass {p:.2f}, whole cascade {c:.2f}" for shape, (p, c) in ratios.items())
    )
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is the Odoo shell's
