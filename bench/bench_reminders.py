"""Benchmark: one full reminder pass over 100,000 open tasks in 1,000 projects, 5% of them due.

Run inside an Odoo shell on a database with cross_dept_collab installed (nothing is kept: the
transaction is rolled back at the end):

    scripts/collab-env odoo shell -d <db> --no-http < bench/bench_reminders.py

Environment knobs for development (the figures in docs/performance.md use neither): ``COLLAB_BENCH_PROJECTS``
(default 1000; 100 tasks each) for a smaller run, ``COLLAB_BENCH_PROFILE=<file>`` to write a
cProfile of the pass (``python -m pstats <file>``; the profiler slows the pass, so the ratio of a
profiled run means nothing).

The tasks are inserted with SQL (set-up is not what is measured). The pass runs the engine batch by
batch as the cron would (500 events per call) until nothing is due; it is timed next to a plain
``search_read`` of the same open tasks measured in the same run, and the peak memory of the
process is reported.
"""

import cProfile
import os
import resource
import time
from datetime import timedelta

from odoo import fields

PROJECTS = int(os.environ.get("COLLAB_BENCH_PROJECTS", "1000"))
TASKS_PER_PROJECT = 100
DUE_EVERY = 20  # 1 task in 20 (5%) ends in 3 days: its owner is due a reminder


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(env):
    owner = env.ref("base.user_admin")
    company = env.company
    requests = env["collab.request"].create([{"title": f"Bench {i}"} for i in range(PROJECTS)])
    projects = env["project.project"].create(
        [{"name": f"Bench {i}", "collab_request_id": request.id} for i, request in enumerate(requests)]
    )
    today = fields.Date.today()
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO project_task (name, project_id, collab_request_id, company_id, state, active, sequence, priority,
                                  date_planned_start, date_planned_end, collab_status, warning_level,
                                  create_date, write_date, create_uid, write_uid)
        SELECT 'Bench task ' || n, p.id, p.collab_request_id, %(company)s, '01_in_progress', true, n, '0',
               %(today)s::date - 10,
               CASE WHEN n %% %(due_every)s = 0 THEN %(today)s::date + %(days)s ELSE %(today)s::date + 60 END,
               'not_started', 'none', now(), now(), %(uid)s, %(uid)s
          FROM project_project AS p, generate_series(1, %(per_project)s) AS n
         WHERE p.id = ANY(%(projects)s)
        """,
        {
            "company": company.id,
            "today": today,
            "due_every": DUE_EVERY,
            "days": company.collab_remind_owner_days,
            "uid": owner.id,
            "projects": projects.ids,
            "per_project": TASKS_PER_PROJECT,
        },
    )
    env.cr.execute(
        """INSERT INTO project_task_user_rel (task_id, user_id)
           SELECT id, %s FROM project_task WHERE project_id = ANY(%s)""",
        [owner.id, projects.ids],
    )
    # uncommitted rows are invisible to autovacuum: give the planner a live database's statistics
    env.cr.execute("ANALYZE project_task, project_task_user_rel, project_project, collab_request")
    env.invalidate_all()
    return projects


def main(env):
    projects = build(env)
    domain = [("project_id", "in", projects.ids), ("state", "not in", ("1_done", "1_canceled"))]
    env.invalidate_all()
    start = time.perf_counter()
    rows = env["project.task"].search_read(domain, ["name", "project_id", "user_ids", "date_planned_end", "state"])
    baseline = time.perf_counter() - start
    env.invalidate_all()

    engine = env["collab.reminder.engine"]
    now = fields.Datetime.now() + timedelta(minutes=1)
    rss_before = peak_rss_mb()
    profile_path = os.environ.get("COLLAB_BENCH_PROFILE")
    profiler = cProfile.Profile() if profile_path else None
    if profiler:
        profiler.enable()
    start = time.perf_counter()
    sent = calls = 0
    queries_before = env.cr.sql_log_count
    while True:
        done, remaining = engine.run_batch(limit=engine.BATCH_SIZE, now=now)
        env.flush_all()
        env.invalidate_all()  # each cron call starts with a fresh cache
        sent, calls = sent + done, calls + 1
        if not remaining:
            break
    elapsed = time.perf_counter() - start
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile_path)
    queries = env.cr.sql_log_count - queries_before
    print(f"open tasks: {len(rows)} in {len(projects)} projects; reminders sent: {sent} in {calls} cron calls")
    print(f"search_read of the open tasks (stock Odoo): {baseline:7.2f} s")
    print(f"full reminder pass:                         {elapsed:7.2f} s   ratio {elapsed / baseline:5.2f}")
    print(f"queries per cron call: {queries / calls:.0f}")
    print(f"peak memory of the process: {peak_rss_mb():.0f} MB (before the pass {rss_before:.0f} MB)")
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is the Odoo shell's
