"""Benchmark: the task list and kanban as the web client asks for them, over 100,000 tasks.

Run inside an Odoo shell on a database with cross_dept_collab installed (nothing is kept: the
transaction is rolled back at the end):

    scripts/collab-env odoo shell -d <db> --no-http < bench/bench_list.py

100,000 tasks in 1,000 collaboration projects (10 departments, 5 stages, one owner each) are
inserted with SQL. As a department lead (record rules apply), the calls the web client makes are
timed for the module's WBS list (``project_task_view_list_wbs``: its fields, its action's domain,
sorted by WBS code) and for stock Odoo's task list (``project.view_task_tree2``'s fields, same
domain and order), best of three each:

- ``web_search_read``: the first 80 rows with the view's field specification and the count;
- ``web_read_group`` by stage (the kanban's columns) then the first 40 cards of each column;
- ``web_read_group`` by department (the module) / by project (stock, which has no department).
"""

import time
from ast import literal_eval
from xml.etree import ElementTree

from odoo import Command

PROJECTS = 1_000
TASKS_PER_PROJECT = 100
DEPARTMENTS = 10
ROUNDS = 3


def best_of(function):
    best = float("inf")
    for _round in range(ROUNDS):
        env.invalidate_all()  # noqa: F821 - `env` is the Odoo shell's
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def build(env):
    company = env.company
    departments = env["hr.department"].create([{"name": f"Bench department {i}"} for i in range(DEPARTMENTS)])
    lead = env["res.users"].create(
        {
            "name": "Bench lead",
            "login": "bench_list_lead",
            "groups_id": [Command.link(env.ref("cross_dept_collab.group_collab_department_lead").id)],
        }
    )
    env["hr.employee"].create({"name": "Bench lead", "user_id": lead.id, "department_id": departments[0].id})
    departments[0].manager_id = lead.employee_ids
    stages = env["project.task.type"].create([{"name": f"Bench stage {i}", "sequence": i} for i in range(5)])
    requests = env["collab.request"].create([{"title": f"Bench {i}"} for i in range(PROJECTS)])
    projects = env["project.project"].create(
        [
            {
                "name": f"Bench {i}",
                "collab_request_id": request.id,
                "lead_department_id": departments[i % DEPARTMENTS].id,
                "type_ids": [Command.set(stages.ids)],
                "privacy_visibility": "employees",
            }
            for i, request in enumerate(requests)
        ]
    )
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO project_task (name, project_id, collab_request_id, company_id, state, active, sequence, priority, stage_id,
                                  collab_department_id, wbs_code, collab_progress,
                                  date_planned_start, date_planned_end, collab_status, warning_level,
                                  create_date, write_date, create_uid, write_uid)
        SELECT 'Bench task ' || n, p.id, p.collab_request_id, %(company)s, '01_in_progress', true, n, '0',
               (%(stages)s)[1 + n %% 5], (%(departments)s)[1 + n %% %(dcount)s], n::text, 0,
               current_date - 10, current_date + n %% 60, 'not_started', 'none',
               now(), now(), %(uid)s, %(uid)s
          FROM project_project AS p, generate_series(1, %(per_project)s) AS n
         WHERE p.id = ANY(%(projects)s)
        """,
        {
            "company": company.id,
            "stages": stages.ids,
            "departments": departments.ids,
            "dcount": DEPARTMENTS,
            "uid": env.uid,
            "projects": projects.ids,
            "per_project": TASKS_PER_PROJECT,
        },
    )
    env.cr.execute(
        """INSERT INTO project_task_user_rel (task_id, user_id)
           SELECT id, %s FROM project_task WHERE project_id = ANY(%s)""",
        [lead.id, projects.ids],
    )
    env.cr.execute(
        """INSERT INTO task_dependencies_rel (task_id, depends_on_id)
           SELECT t.id, t.id - 1 FROM project_task t WHERE t.project_id = ANY(%s) AND t.sequence > 1""",
        [projects.ids],
    )
    # uncommitted rows are invisible to autovacuum: give the planner a live database's statistics
    env.cr.execute("ANALYZE project_task, project_task_user_rel, task_dependencies_rel, project_project")
    env.invalidate_all()
    return lead


def specification(Task, view_xmlid):
    """The field specification the web client builds from a list view: every field of the view,
    relational ones with their display name."""
    view = Task.env.ref(view_xmlid)
    arch = Task.get_views([(view.id, "list")])["views"]["list"]["arch"]
    spec = {}
    for node in ElementTree.fromstring(arch).iter("field"):
        field = Task._fields[node.get("name")]
        spec[field.name] = {"fields": {"display_name": {}}} if field.relational else {}
    return spec


def measure(Task, domain, spec, order, group_field):
    def page():
        Task.web_search_read(domain, spec, limit=80, order=order, count_limit=10001)

    def kanban():
        groups = Task.web_read_group(domain, ["stage_id"], ["stage_id"], lazy=True)["groups"]
        for group in groups:
            Task.web_search_read(group["__domain"], spec, limit=40, order=order)

    def grouped_list():
        Task.web_read_group(domain, [group_field], [group_field], lazy=True)

    return best_of(page), best_of(kanban), best_of(grouped_list)


def main(env):
    lead = build(env)
    Task = env["project.task"].with_user(lead)
    # the WBS menu's own domain, for both lists
    domain = literal_eval(env.ref("cross_dept_collab.project_task_action_wbs").domain)
    module = measure(
        Task,
        domain,
        specification(Task, "cross_dept_collab.project_task_view_list_wbs"),
        "wbs_code",
        "collab_department_id",
    )
    stock = measure(Task, domain, specification(Task, "project.view_task_tree2"), "wbs_code", "project_id")
    print(f"tasks: {PROJECTS * TASKS_PER_PROJECT} in {PROJECTS} projects, read as a department lead")
    labels = ("list page (80 rows + count)", "kanban by stage (40 per column)", "list grouped")
    for label, ours, theirs in zip(labels, module, stock, strict=True):
        print(f"{label:33s} module {ours * 1000:8.1f} ms  stock {theirs * 1000:8.1f} ms   ratio {ours / theirs:5.2f}")
    total, total_stock = sum(module), sum(stock)
    print(
        f"{'all three':33s} module {total * 1000:8.1f} ms  stock {total_stock * 1000:8.1f} ms   ratio {total / total_stock:5.2f}"
    )
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is the Odoo shell's
