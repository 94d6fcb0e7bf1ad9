"""Benchmark: the read_group behind each dashboard action, on 100,000 tasks and 10,000 requests.

Run inside an Odoo shell on a throw-away database with cross_dept_collab installed (the data is
committed and stays there; a second run on the same database measures it again without adding):

    scripts/collab-env odoo shell -d <db> --no-http < bench/bench_dashboards.py

The data is inserted with SQL: 10,000 requests (two department approvals and three decisions
each), 1,000 of them with a project of 100 tasks (a third closed, 1 in 10 risks, first-round
acceptances, each task with an owner). Each dashboard's query, as the web client's graph/pivot
asks it (``web_read_group`` with the action's domain, group-bys and measures; the scorecard list
with ``web_search_read``), is timed as a department lead (record rules apply), best of three, next
to a plain ``read_group`` of ``project.task`` by ``stage_id`` over the same tasks, measured in the
same run — with the server's ``jit`` setting (off on the set-up's cluster) and with JIT on
(PostgreSQL 15's default), first on the rows as inserted (analyzed, not vacuumed), then after a
``VACUUM ANALYZE`` as autovacuum keeps a live database. The data is committed for that: VACUUM
cannot run inside a transaction, and the plans differ (without a visibility map PostgreSQL costs
the record rules' correlated sub-queries at ~25 units a task, which at 100,000 tasks crosses
``jit_above_cost`` and makes it sort 100,000 rows where it would hash them).
"""

import time
from ast import literal_eval

import psycopg2

from odoo import Command, sql_db

REQUESTS = 10_000
PROJECTS = 1_000
TASKS_PER_PROJECT = 100
DEPARTMENTS = 10
ROUNDS = 3
LEAD_LOGIN = "bench_dashboard_lead"
TABLES = (
    "project_task, project_task_user_rel, project_project, project_task_type, hr_department, mail_followers,"
    " collab_request, collab_approval, collab_request_decision, collab_risk, collab_acceptance"
)


def best_of(function):
    best = float("inf")
    for _round in range(ROUNDS):
        env.invalidate_all()  # noqa: F821 - `env` is the Odoo shell's
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def build(env):
    cr, uid, company = env.cr, env.uid, env.company.id
    departments = env["hr.department"].create([{"name": f"Bench department {i}"} for i in range(DEPARTMENTS)])
    lead = env["res.users"].create(
        {
            "name": "Bench lead",
            "login": LEAD_LOGIN,
            "groups_id": [Command.link(env.ref("cross_dept_collab.group_collab_department_lead").id)],
        }
    )
    env["hr.employee"].create({"name": "Bench lead", "user_id": lead.id, "department_id": departments[0].id})
    departments[0].manager_id = lead.employee_ids
    stages = env["project.task.type"].create([{"name": f"Bench stage {i}", "sequence": i} for i in range(5)])
    env.flush_all()
    params = {"company": company, "uid": uid, "departments": departments.ids, "dcount": DEPARTMENTS}
    cr.execute(
        """
        INSERT INTO collab_request (company_id, initiator_id, initiating_department_id, lead_department_id,
                                    name, title, request_type, priority, state, date_request,
                                    create_date, write_date, create_uid, write_uid)
        SELECT %(company)s, %(uid)s, (%(departments)s)[1 + n %% %(dcount)s], (%(departments)s)[1 + (n + 1) %% %(dcount)s],
               'BENCH' || n, 'Bench ' || n,
               (ARRAY['project', 'resource', 'problem', 'process'])[1 + n %% 4], '1',
               (ARRAY['draft', 'submitted', 'department_review', 'sponsor_approval', 'in_progress', 'closed'])[1 + n %% 6],
               current_date - n %% 365, now(), now(), %(uid)s, %(uid)s
          FROM generate_series(1, %(requests)s) AS n
        RETURNING id
        """,
        {**params, "requests": REQUESTS},
    )
    request_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO collab_approval (request_id, company_id, department_id, approver_id, round, state,
                                     date_asked, decided_on, response_hours, create_date, write_date, create_uid, write_uid)
        SELECT r.id, %(company)s, (%(departments)s)[1 + (r.id + k) %% %(dcount)s], %(uid)s, 1,
               CASE WHEN k = 0 THEN 'approved' ELSE 'pending' END,
               now() - interval '3 days', CASE WHEN k = 0 THEN now() - interval '1 day' END,
               CASE WHEN k = 0 THEN 48 END, now(), now(), %(uid)s, %(uid)s
          FROM unnest(%(requests)s) AS r(id), generate_series(0, 1) AS k
        """,
        {**params, "requests": request_ids},
    )
    cr.execute(
        """
        INSERT INTO collab_request_decision (request_id, user_id, action, state_to, date,
                                             create_date, write_date, create_uid, write_uid)
        SELECT r.id, %(uid)s, 'submit', (ARRAY['submitted', 'department_review', 'sponsor_approval'])[k],
               now() - make_interval(days => 10 - 3 * k), now(), now(), %(uid)s, %(uid)s
          FROM unnest(%(requests)s) AS r(id), generate_series(1, 3) AS k
        """,
        {**params, "requests": request_ids},
    )
    projects = env["project.project"].create(
        [
            {
                "name": f"Bench {i}",
                "collab_request_id": request_ids[i],
                "lead_department_id": departments[i % DEPARTMENTS].id,
                "type_ids": [Command.set(stages.ids)],
                "privacy_visibility": "employees",
            }
            for i in range(PROJECTS)
        ]
    )
    env.flush_all()
    cr.execute(
        """
        INSERT INTO project_task (name, project_id, collab_request_id, company_id, state, active, sequence, priority, stage_id,
                                  collab_department_id, collab_progress, date_planned_start, date_planned_end,
                                  date_done, on_time_score, collab_status, warning_level,
                                  create_date, write_date, create_uid, write_uid)
        SELECT 'Bench task ' || n, p.id, p.collab_request_id, %(company)s,
               CASE WHEN n %% 3 = 0 THEN '1_done' ELSE '01_in_progress' END, true, n, '0',
               (%(stages)s)[1 + n %% 5], (%(departments)s)[1 + n %% %(dcount)s], 0,
               current_date - 30, current_date - 20 + n %% 40,
               CASE WHEN n %% 3 = 0 THEN now() - interval '15 days' END,
               CASE WHEN n %% 3 = 0 THEN 100 * (n %% 2) END,
               CASE WHEN n %% 3 = 0 THEN 'done' WHEN n %% 40 < 20 THEN 'delayed' ELSE 'in_progress' END,
               CASE WHEN n %% 3 <> 0 AND n %% 40 < 20 THEN 'red' ELSE 'none' END,
               now(), now(), %(uid)s, %(uid)s
          FROM project_project AS p, generate_series(1, %(per_project)s) AS n
         WHERE p.id = ANY(%(projects)s)
        """,
        {**params, "stages": stages.ids, "projects": projects.ids, "per_project": TASKS_PER_PROJECT},
    )
    cr.execute(
        """
        INSERT INTO collab_risk (project_id, company_id, owner_id, reporter_id, kind, name, category, level,
                                 urgency, state, date_discovered, date_reported, create_date, write_date,
                                 create_uid, write_uid)
        SELECT t.project_id, %(company)s, %(uid)s, %(uid)s, 'risk', 'Bench risk', 'other',
               (ARRAY['low', 'medium', 'high'])[1 + t.id %% 3], 'normal', 'open', now(), now(), now(), now(),
               %(uid)s, %(uid)s
          FROM project_task t WHERE t.project_id = ANY(%(projects)s) AND t.sequence %% 10 = 0
        """,
        {**params, "projects": projects.ids},
    )
    cr.execute(
        """
        INSERT INTO collab_acceptance (task_id, project_id, company_id, department_id, owner_id, round,
                                       deliverable, result, first_pass_score, create_date, write_date,
                                       create_uid, write_uid)
        SELECT t.id, t.project_id, %(company)s, t.collab_department_id, %(uid)s, 1, 'Bench deliverable',
               CASE WHEN t.id %% 4 = 0 THEN 'fail' ELSE 'pass' END, CASE WHEN t.id %% 4 = 0 THEN 0 ELSE 100 END,
               now(), now(), %(uid)s, %(uid)s
          FROM project_task t WHERE t.project_id = ANY(%(projects)s) AND t.state = '1_done'
        """,
        {**params, "projects": projects.ids},
    )
    # every task has an owner: the lead owns his department's, the administrator the others
    cr.execute(
        """
        INSERT INTO project_task_user_rel (task_id, user_id)
        SELECT t.id, CASE WHEN t.collab_department_id = %(lead_department)s THEN %(lead)s ELSE %(uid)s END
          FROM project_task t WHERE t.project_id = ANY(%(projects)s)
        """,
        {**params, "projects": projects.ids, "lead": lead.id, "lead_department": departments[0].id},
    )
    # statistics of every table the dashboards' queries and their record rules read
    cr.execute(f"ANALYZE {TABLES}")
    env.invalidate_all()
    return lead


def vacuum(env):
    """VACUUM ANALYZE the bench's tables, as autovacuum keeps a live database (outside a transaction)."""
    _db, info = sql_db.connection_info_for(env.cr.dbname)
    connection = psycopg2.connect(**info)
    connection.autocommit = True
    try:
        with connection.cursor() as cr:
            cr.execute(f"VACUUM ANALYZE {TABLES}")
    finally:
        connection.close()


def action_domain(env, xmlid):
    """The dashboard action's own domain, so that the bench measures what the menu opens."""
    return literal_eval(env.ref(f"cross_dept_collab.{xmlid}").domain or "[]")


def main(env):
    lead = env["res.users"].search([("login", "=", LEAD_LOGIN)]) or build(env)
    env.cr.commit()
    u = env(user=lead.id)

    def group(model, domain, groupby, measures=("__count",)):
        return lambda: u[model].web_read_group(domain, list(measures), groupby, lazy=False)

    dashboards = {
        "requests by state/type": group("collab.request", [], ["request_type", "state"]),
        "requests by department/state": group("collab.request", [], ["initiating_department_id", "state"]),
        "approval lead time per stage": group("collab.report.stage.time", [], ["stage"], ["hours:avg"]),
        "tasks by department/status": group(
            "project.task",
            action_domain(env, "project_task_action_dashboard"),
            ["collab_department_id", "collab_status"],
        ),
        "on-time rate per department": group(
            "project.task",
            action_domain(env, "project_task_action_on_time"),
            ["collab_department_id"],
            ["on_time_score:avg"],
        ),
        "delayed tasks (list page)": lambda: u["project.task"].web_search_read(
            action_domain(env, "project_task_action_delayed"),
            {"wbs_code": {}, "name": {}, "collab_department_id": {"fields": {"display_name": {}}}},
            limit=80,
            order="wbs_code",
            count_limit=10001,
        ),
        "risks by level": group("collab.risk", action_domain(env, "collab_risk_action_by_level"), ["level"]),
        "first-pass rate": group(
            "collab.acceptance",
            action_domain(env, "collab_acceptance_action_first_pass"),
            ["department_id"],
            ["first_pass_score:avg"],
        ),
        "department scorecard": lambda: u["collab.report.department.scorecard"].web_search_read(
            [],
            {
                "department_id": {"fields": {"display_name": {}}},
                "approvals_decided": {},
                "avg_response_hours": {},
                "tasks_done": {},
                "on_time_rate": {},
                "deliverables_judged": {},
                "first_pass_rate": {},
            },
        ),
    }
    env.cr.execute("SHOW jit")
    server_jit = env.cr.fetchone()[0]
    print(f"{REQUESTS} requests, {PROJECTS * TASKS_PER_PROJECT} tasks, read as a department lead")
    for vacuumed in (False, True):
        if vacuumed:
            vacuum(env)
        # the server's setting (the set-up's cluster: off), then PostgreSQL 15's default
        for jit in dict.fromkeys((server_jit, "on")):
            env.cr.execute("SET jit = on" if jit == "on" else "SET jit = off")
            baseline = best_of(group("project.task", [], ["stage_id"]))
            server = " (this server)" if jit == server_jit else ""
            print(f"-- {'after VACUUM ANALYZE' if vacuumed else 'as inserted'}, PostgreSQL jit = {jit}{server}")
            print(f"{'read_group of project.task by stage_id':40s} {baseline * 1000:8.1f} ms")
            worst = 0
            for label, function in dashboards.items():
                elapsed = best_of(function)
                worst = max(worst, elapsed / baseline)
                print(f"{label:40s} {elapsed * 1000:8.1f} ms   ratio {elapsed / baseline:5.2f}")
            print(f"{'worst dashboard':40s} {'':11s}   ratio {worst:5.2f}")
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is the Odoo shell's
