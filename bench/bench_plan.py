"""Benchmark: WBS codes and the critical-path pass on a 5,000-task plan with 10,000 dependencies.

Run inside an Odoo shell on a database with cross_dept_collab installed (nothing is kept: the
transaction is rolled back at the end):

    scripts/collab-env odoo shell -d <db> --no-http < bench/bench_plan.py

It prints the time of each pass next to the time of a plain ``search_read`` of the same tasks and
fields measured in the same run, and their ratio.
"""

import random
import time
from datetime import date, timedelta

TASKS = 5_000
DEPENDENCIES = 10_000
ROUNDS = 3


def timed(function):
    """Times of ``ROUNDS`` runs, each with a cold cache."""
    times = []
    for _round in range(ROUNDS):
        env.invalidate_all()  # noqa: F821 - `env` is the Odoo shell's
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def best_of(function):
    return min(timed(function))


def build_plan(env):
    rng = random.Random(42)
    project = env["project.project"].create({"name": "Benchmark plan", "allow_task_dependencies": True})
    Task = env["project.task"].with_context(mail_create_nolog=True, mail_notrack=True, tracking_disable=True)
    phases = Task.create([{"name": f"Phase {i}", "project_id": project.id, "sequence": i} for i in range(50)])
    start = date(2031, 1, 6)
    values = []
    for i in range(TASKS - len(phases)):
        begin = start + timedelta(days=rng.randint(0, 300))
        values.append(
            {
                "name": f"Task {i}",
                "project_id": project.id,
                "parent_id": phases[i % len(phases)].id,
                "sequence": i,
                "date_planned_start": begin,
                "date_planned_end": begin + timedelta(days=rng.randint(0, 10)),
                "user_ids": [],
            }
        )
    tasks = Task.create(values)
    # a DAG: predecessors always come earlier in the list
    ids = tasks.ids
    edges = set()
    while len(edges) < DEPENDENCIES:
        a, b = sorted(rng.sample(range(len(ids)), 2))
        edges.add((ids[b], ids[a]))
    env.cr.execute(
        "INSERT INTO task_dependencies_rel (task_id, depends_on_id) VALUES " + ",".join(["(%s, %s)"] * len(edges)),
        [value for edge in edges for value in edge],
    )
    # the rows are not committed, so autovacuum cannot see them: give the planner the statistics a
    # live database has (without them PostgreSQL may pick a nested loop that takes seconds)
    env.flush_all()
    env.cr.execute("ANALYZE project_task, task_dependencies_rel")
    env.invalidate_all()
    return project, phases | tasks


def main(env):
    project, tasks = build_plan(env)
    fields_read = ["name", "parent_id", "sequence", "date_planned_start", "date_planned_end", "depend_on_ids"]
    domain = [("project_id", "=", project.id)]

    baseline = best_of(lambda: env["project.task"].search_read(domain, fields_read))

    def recompute(*fnames):
        """Recompute stored fields the way the ORM does after a change: mark, then flush to SQL."""
        records = env["project.task"].search(domain)
        for fname in fnames:
            env.add_to_compute(records._fields[fname], records)
        records.flush_model(fnames)

    def wbs():
        recompute("wbs_code")

    def critical_path():
        recompute("slack_days", "is_critical", "critical_rank")

    # the first run writes every value (the SQL insert of the dependencies left them stale); the
    # next ones find nothing changed and write nothing, as after most edits of a large plan
    wbs_times = timed(wbs)
    cpm_times = timed(critical_path)
    wbs_time, cpm_time = min(wbs_times), min(cpm_times)
    critical = len(project.tasks.filtered("is_critical"))
    print(f"plan: {len(tasks)} tasks, {DEPENDENCIES} dependencies; {critical} tasks on the critical path")
    print(f"search_read of the same tasks (stock Odoo): {baseline * 1000:8.1f} ms")
    print(f"WBS code recompute:                         {wbs_time * 1000:8.1f} ms   ratio {wbs_time / baseline:5.2f}")
    print(f"critical path and slack:                    {cpm_time * 1000:8.1f} ms   ratio {cpm_time / baseline:5.2f}")
    first = cpm_times[0]
    print(f"critical path, first run (writes all):      {first * 1000:8.1f} ms   ratio {first / baseline:5.2f}")
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is the Odoo shell's
