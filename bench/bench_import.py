"""Benchmark: importing a 2,000-row plan spreadsheet against creating the same tasks in one call.

Run inside an Odoo shell on a database with cross_dept_collab installed (nothing is kept: every
measurement runs in a savepoint rolled back, and the transaction is rolled back at the end):

    scripts/collab-env odoo shell -d <db> --no-http < bench/bench_import.py

The file has 40 phases of 49 tasks (2,000 rows) with dates, a department, an owner, a
deliverable and the previous sibling as predecessor. Stock Odoo's side is one batched
``project.task`` ``create`` of the same 2,000 tasks with the same values (flat: one call cannot
link children to parents it creates) and the import's context (``mail_create_nolog``, as Odoo's
own import: no "Task created" note per task), flushed so its stored computes run too. The import side is
the wizard's whole ``action_import``: reading and checking the file, then writing the plan.
"""

import base64
import io
import time
from datetime import date, timedelta

import xlsxwriter

PHASES = 40
TASKS_PER_PHASE = 49
ROUNDS = 2


def plan_rows(departments, users):
    start = date(2031, 1, 6)
    rows = []
    for phase in range(1, PHASES + 1):
        rows.append({"code": f"{phase}", "name": f"Phase {phase}", "department": departments[0].name})
        for number in range(1, TASKS_PER_PHASE + 1):
            begin = start + timedelta(days=phase * 7 + number)
            rows.append(
                {
                    "code": f"{phase}.{number}",
                    "name": f"Task {phase}.{number}",
                    "department": departments[number % len(departments)].name,
                    "owner": users[number % len(users)].login,
                    "start": begin,
                    "end": begin + timedelta(days=3),
                    "standard": f"Deliverable {number}: signed off",
                    "predecessors": f"{phase}.{number - 1}" if number > 1 else "",
                }
            )
    return rows


def xlsx_of(rows):
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["WBS", "Name", "Department", "Owner", "Dates", "Standard", "Predecessors", "Status"])
        for number, row in enumerate(rows, start=1):
            dates = f"{row['start']} ~ {row['end']}" if row.get("start") else ""
            sheet.write_row(
                number,
                0,
                [
                    row["code"],
                    row["name"],
                    row["department"],
                    row.get("owner", ""),
                    dates,
                    row.get("standard", ""),
                    row.get("predecessors", ""),
                    "",
                ],
            )
    return buffer.getvalue()


def timed(env, function):
    """Time of one run of ``function``, flushed, then rolled back."""
    env.invalidate_all()
    savepoint = env.cr.savepoint()
    start = time.perf_counter()
    function()
    env.flush_all()
    elapsed = time.perf_counter() - start
    savepoint.close(rollback=True)
    env.invalidate_all()
    return elapsed


def main(env):
    departments = env["hr.department"].create([{"name": f"Bench department {n}"} for n in range(5)])
    users = env["res.users"].create([{"name": f"Bench owner {n}", "login": f"bench_owner_{n}"} for n in range(5)])
    project = env["project.project"].create({"name": "Benchmark import", "allow_task_dependencies": True})
    rows = plan_rows(departments, users)
    content = base64.b64encode(xlsx_of(rows))
    by_name = {d.name: d.id for d in departments}
    by_login = {u.login: u.id for u in users}
    values = [
        {
            "name": row["name"],
            "project_id": project.id,
            "collab_department_id": by_name[row["department"]],
            "user_ids": [(6, 0, [by_login[row["owner"]]])] if row.get("owner") else [],
            "date_planned_start": row.get("start") or False,
            "date_planned_end": row.get("end") or False,
            "deliverable": f"Deliverable {row['code']}",
            "acceptance_standard": "signed off",
            "sequence": int(row["code"].rpartition(".")[2]),
        }
        for row in rows
    ]

    def stock_create():
        # the import's context: no "Task created" note per task (as Odoo's own import)
        env["project.task"].with_context(mail_create_nolog=True).create(values)

    def wizard_import():
        wizard = env["collab.plan.import"].create({"project_id": project.id, "file": content, "filename": "plan.xlsx"})
        wizard.action_import()
        assert len(project.tasks) == len(rows), len(project.tasks)

    # interleaved rounds, best of each: a busy machine slows both sides alike
    baseline = imported = float("inf")
    for _round in range(ROUNDS):
        baseline = min(baseline, timed(env, stock_create))
        imported = min(imported, timed(env, wizard_import))
    print(f"plan: {len(rows)} rows ({PHASES} phases), {len(rows) - PHASES} dependencies")
    print(f"one batched create of the same tasks (stock Odoo): {baseline * 1000:8.1f} ms")
    print(
        f"plan import (read, check, create, link):          {imported * 1000:8.1f} ms"
        f"   ratio {imported / baseline:5.2f}"
    )
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is the Odoo shell's
