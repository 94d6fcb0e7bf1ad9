"""Benchmark: the Department Load view over 100,000 tasks, against a plain read_group of the tasks.

Run inside an Odoo shell on a database with cross_dept_collab installed (nothing is kept: the
transaction is rolled back at the end):

    scripts/collab-env odoo shell -d <db> --no-http < bench/bench_department_load.py

100,000 tasks in 1,000 open collaboration projects (10 departments of 5 employees, one owner each,
spans of 1 to 10 days over 10 weeks) are inserted with SQL, then their load rows are built by the
module's own refresh (timed, for information). As the coordinator (record rules apply, every
department visible), best of three each:

- the load list as the web client opens it: ``web_search_read`` of the first 80 department-weeks
  with the list's fields (capacity and load % computed for those rows) and the count;
- the load pivot: ``web_read_group`` by department and week of the planned days;
- the stock figure: a plain ``web_read_group`` of ``project.task`` by department over the same tasks.

The target is a ratio ≤ 2 for the list and for the pivot. The per-person pivot of one department
(as its head) is printed for information.
"""

import time
from xml.etree import ElementTree

from odoo import Command

PROJECTS = 1_000
TASKS_PER_PROJECT = 100
DEPARTMENTS = 10
EMPLOYEES = 5
ROUNDS = 3


def best_of(env, function):
    best = float("inf")
    for _round in range(ROUNDS):
        env.invalidate_all()
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def build(env):
    company = env.company
    lead_group = env.ref("cross_dept_collab.group_collab_department_lead")
    departments = env["hr.department"].create([{"name": f"Bench load department {i}"} for i in range(DEPARTMENTS)])
    users = env["res.users"].create(
        [
            {
                "name": f"Bench load {d}-{e}",
                "login": f"bench_load_{d}_{e}",
                "groups_id": [Command.link(lead_group.id)],
            }
            for d in range(DEPARTMENTS)
            for e in range(EMPLOYEES)
        ]
    )
    employees = env["hr.employee"].create(
        [
            {"name": user.name, "user_id": user.id, "department_id": departments[index // EMPLOYEES].id}
            for index, user in enumerate(users)
        ]
    )
    for index, department in enumerate(departments):
        department.manager_id = employees[index * EMPLOYEES]
    coordinator = env["res.users"].create(
        {
            "name": "Bench load coordinator",
            "login": "bench_load_coordinator",
            "groups_id": [Command.link(env.ref("cross_dept_collab.group_collab_coordinator").id)],
        }
    )
    requests = env["collab.request"].create([{"title": f"Bench load {i}"} for i in range(PROJECTS)])
    projects = env["project.project"].create(
        [
            {
                "name": f"Bench load {i}",
                "collab_request_id": request.id,
                "lead_department_id": departments[i % DEPARTMENTS].id,
                "privacy_visibility": "employees",
            }
            for i, request in enumerate(requests)
        ]
    )
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO project_task (name, project_id, collab_request_id, company_id, state, active, sequence, priority,
                                  collab_department_id, wbs_code, collab_progress,
                                  date_planned_start, date_planned_end, collab_status, warning_level,
                                  create_date, write_date, create_uid, write_uid)
        SELECT 'Bench task ' || n, p.id, p.collab_request_id, %(company)s, '01_in_progress', true, n, '0',
               (%(departments)s)[1 + n %% %(dcount)s], n::text, 0,
               current_date + (n %% 70), current_date + (n %% 70) + (n %% 10), 'not_started', 'none',
               now(), now(), %(uid)s, %(uid)s
          FROM project_project AS p, generate_series(1, %(per_project)s) AS n
         WHERE p.id = ANY(%(projects)s)
        """,
        {
            "company": company.id,
            "departments": departments.ids,
            "dcount": DEPARTMENTS,
            "uid": env.uid,
            "projects": projects.ids,
            "per_project": TASKS_PER_PROJECT,
        },
    )
    # the owner: one of the task's department's employees
    env.cr.execute(
        """INSERT INTO project_task_user_rel (task_id, user_id)
           SELECT t.id, (%s)[1 + (array_position(%s, t.collab_department_id) - 1) * %s + t.sequence %% %s]
             FROM project_task t WHERE t.project_id = ANY(%s)""",
        [users.ids, departments.ids, EMPLOYEES, EMPLOYEES, projects.ids],
    )
    env.invalidate_all()
    task_ids = env["project.task"].search([("project_id", "in", projects.ids)]).ids
    start = time.perf_counter()
    env["collab.task.load"]._collab_refresh(task_ids)
    built = time.perf_counter() - start
    # uncommitted rows are invisible to autovacuum: give the planner a live database's statistics
    env.cr.execute(
        "ANALYZE project_task, project_task_user_rel, project_project, collab_task_load, collab_report_department_load"
    )
    env.invalidate_all()
    return coordinator, users[0], departments, projects, len(task_ids), built


def specification(model, view_xmlid):
    view = model.env.ref(view_xmlid)
    arch = model.get_views([(view.id, "list")])["views"]["list"]["arch"]
    spec = {}
    for node in ElementTree.fromstring(arch).iter("field"):
        field = model._fields[node.get("name")]
        spec[field.name] = {"fields": {"display_name": {}}} if field.relational else {}
    return spec


def main(env):
    coordinator, head, departments, projects, tasks, built = build(env)
    Load = env["collab.report.department.load"].with_user(coordinator)
    Task = env["project.task"].with_user(coordinator)
    domain = [("department_id", "in", departments.ids)]
    spec = specification(Load, "cross_dept_collab.collab_report_department_load_view_list")

    def load_list():
        Load.web_search_read(domain, spec, limit=80, count_limit=10001)

    def load_pivot():
        Load.web_read_group(domain, ["planned_days:sum"], ["department_id", "week_start:week"], lazy=False)

    def stock():
        Task.web_read_group([("project_id", "in", projects.ids)], ["collab_department_id"], ["collab_department_id"])

    def person_pivot():
        env["collab.task.load"].with_user(head).web_read_group(
            [("department_id", "=", departments[0].id)], ["days:sum"], ["user_id", "week_start:week"], lazy=False
        )

    list_time, pivot_time, stock_time = best_of(env, load_list), best_of(env, load_pivot), best_of(env, stock)
    person_time = best_of(env, person_pivot)
    rows = env["collab.task.load"].search_count([("department_id", "in", departments.ids)])
    print(f"tasks: {tasks} in {PROJECTS} projects, {rows} load rows built in {built:.1f} s, read as the coordinator")
    print(f"{'stock read_group of the tasks':33s} {stock_time * 1000:8.1f} ms")
    for label, value in (("load list (80 rows + count)", list_time), ("load pivot (department × week)", pivot_time)):
        print(f"{label:33s} {value * 1000:8.1f} ms   ratio {value / stock_time:5.2f}")
    print(f"{'per-person pivot (as a head)':33s} {person_time * 1000:8.1f} ms   ratio {person_time / stock_time:5.2f}")
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is the Odoo shell's
