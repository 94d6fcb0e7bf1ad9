"""Benchmark: taking a plan baseline of 5,000 tasks against reading the same tasks.

Run inside an Odoo shell on a database with cross_dept_collab installed (nothing is kept: the
transaction is rolled back at the end):

    scripts/collab-env odoo shell -d <db> --no-http < bench/bench_baseline.py

One collaboration project of 5,000 tasks (one owner each, planned over a year on the company
calendar) is inserted with SQL. Timed, best of three, in the same run:

- the baseline: ``_collab_take_baseline`` — the snapshot every Take Baseline, signed plan and
  applied change request makes (its header, one line per task with its working-day duration and
  owners);
- the reference: a ``search_read`` of the same tasks with the fields a baseline keeps.
"""

import time

TASKS = 5_000
ROUNDS = 5
# the task fields a baseline keeps
BASELINE_TASK_FIELDS = [
    "name",
    "wbs_code",
    "collab_is_phase",
    "date_planned_start",
    "date_planned_end",
    "user_ids",
    "deliverable",
]


def best_of(env, function):
    best = float("inf")
    for _round in range(ROUNDS):
        env.invalidate_all()
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def build(env):
    owner = env["res.users"].create({"name": "Bench owner", "login": "bench_baseline_owner"})
    request = env["collab.request"].create({"title": "Bench baseline"})
    project = env["project.project"].create({"name": "Bench baseline", "collab_request_id": request.id})
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO project_task (name, project_id, collab_request_id, company_id, state, active, sequence, priority,
                                  wbs_code, collab_progress, date_planned_start, date_planned_end,
                                  collab_status, warning_level, deliverable,
                                  create_date, write_date, create_uid, write_uid)
        SELECT 'Bench task ' || n, %(project)s, %(request)s, %(company)s, '01_in_progress', true, n, '0',
               n::text, 0, current_date + n %% 300, current_date + n %% 300 + 1 + n %% 9,
               'not_started', 'none', 'Deliverable ' || n, now(), now(), %(uid)s, %(uid)s
          FROM generate_series(1, %(tasks)s) AS n
        """,
        {"project": project.id, "request": request.id, "company": env.company.id, "uid": env.uid, "tasks": TASKS},
    )
    env.cr.execute(
        "INSERT INTO project_task_user_rel (task_id, user_id) SELECT id, %s FROM project_task WHERE project_id = %s",
        [owner.id, project.id],
    )
    env.cr.execute("ANALYZE project_task, project_task_user_rel")
    env.invalidate_all()
    return project


def main(env):
    project = build(env)
    Task = env["project.task"]

    def read():
        Task.search_read([("project_id", "=", project.id)], BASELINE_TASK_FIELDS, order="id")

    def take():
        project._collab_take_baseline("Bench", "manual")

    theirs = best_of(env, read)
    ours = best_of(env, take)
    lines = env["collab.plan.baseline.line"].search_count([("project_id", "=", project.id)])
    print(f"tasks: {TASKS} in one project; baseline lines made: {lines}")
    print(
        f"{'take a baseline':33s} module {ours * 1000:8.1f} ms  search_read {theirs * 1000:8.1f} ms"
        f"   ratio {ours / theirs:5.2f}"
    )
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is the Odoo shell's
