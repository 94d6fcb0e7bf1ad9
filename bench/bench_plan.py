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


def best_of(function):
    best = float("inf")
    for _round in range(ROUNDS):
        env.invalidate_all()  # noqa: F821 - `env` is the Odoo shell's
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


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

    wbs_time = best_of(wbs)
    cpm_time = best_of(critical_path)
    critical = len(project.tasks.filtered("is_critical"))
    print(f"plan: {len(tasks)} tasks, {DEPENDENCIES} dependencies; {critical} tasks on the critical path")
    print(f"search_read of the same tasks (stock Odoo): {baseline * 1000:8.1f} ms")
    print(f"WBS code recompute:                         {wbs_time * 1000:8.1f} ms   ratio {wbs_time / baseline:5.2f}")
    print(f"critical path and slack:                    {cpm_time * 1000:8.1f} ms   ratio {cpm_time / baseline:5.2f}")
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is the Odoo shell's
