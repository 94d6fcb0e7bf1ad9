"""The planned load of the departments: task-days per task, owner and ISO week (stored rows).

A leaf task of an open collaboration project (its request neither closed, rejected nor cancelled,
project and task active) with a responsible department and both planned dates counts one task-day
for each working day of its planned span on its project's company calendar (weekends, public
holidays, make-up workdays); a task with N owners gives each owner 1/N of each day, so the owners
add up to the department. The rows are derived data, rewritten by ``_collab_refresh`` in a few
SQL statements whatever the number of tasks, whenever what they are made of changes (see
project_task_load, project_project_load, collab_request_load, resource_calendar_leaves_load and
collab_calendar_workday_load); the department × week sums are kept in
``collab.report.department.load`` at the same time.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from . import plan_scheduling
from .collab_request import END_STATES


def week_start(day):
    """Monday of the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


class CollabTaskLoad(models.Model):
    _name = "collab.task.load"
    _description = "Planned Task-Days of a Task per Owner and Week"
    _order = "week_start, department_id, task_id"
    _log_access = False

    # a row is a task's, or the people of a resource line (committed in a review, granted by a
    # resource request: collab_task_load_resource.py)
    task_id = fields.Many2one("project.task", string="Task", ondelete="cascade", index="btree_not_null")
    resource_line_id = fields.Many2one(
        "collab.resource.line", string="Resources", ondelete="cascade", index="btree_not_null", readonly=True
    )
    project_id = fields.Many2one("project.project", string="Project", readonly=True, index=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    department_id = fields.Many2one("hr.department", string="Department", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True, index="btree_not_null")
    week_start = fields.Date("Week", readonly=True, required=True)
    days = fields.Float("Planned Days", readonly=True, digits=(16, 2))

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS collab_task_load_department_week_idx ON %s (department_id, week_start)",
                SQL.identifier(self._table),
            )
        )

    # ------------------------------------------------------------------------------------------
    # What the rows are made of
    # ------------------------------------------------------------------------------------------
    @api.model
    def _collab_load_tasks(self, task_ids):
        """The tasks among ``task_ids`` that count, straight from SQL: ``[{id, project_id,
        company_id, department_id, start, end, user_ids}]``."""
        Task = self.env["project.task"]
        Task.flush_model(
            [
                "project_id",
                "parent_id",
                "active",
                "date_planned_start",
                "date_planned_end",
                "user_ids",
                "collab_department_id",
                "company_id",
            ]
        )
        self.env["project.project"].flush_model(["active", "collab_request_id", "company_id"])
        self.env["collab.request"].flush_model(["state"])
        return self.env.execute_query_dict(
            SQL(
                """SELECT t.id, t.project_id, p.company_id, t.collab_department_id AS department_id,
                          t.date_planned_start AS start, t.date_planned_end AS end,
                          ARRAY(SELECT r.user_id FROM project_task_user_rel r
                                 WHERE r.task_id = t.id ORDER BY r.user_id) AS user_ids
                     FROM project_task t
                     JOIN project_project p ON p.id = t.project_id AND p.active
                     JOIN collab_request q ON q.id = p.collab_request_id AND q.state NOT IN %s
                    WHERE t.id = ANY(%s) AND t.active
                      AND t.collab_department_id IS NOT NULL
                      AND t.date_planned_start IS NOT NULL AND t.date_planned_end IS NOT NULL
                      AND t.date_planned_end >= t.date_planned_start
                      AND NOT EXISTS (SELECT 1 FROM project_task c
                                       WHERE c.parent_id = t.id AND c.active AND c.recurring_task IS NOT TRUE)""",
                tuple(END_STATES),
                list(task_ids),
            )
        )

    @api.model
    def _collab_working_day_checkers(self, company_ids):
        """``{company_id: is_working_day}`` on each company's calendar (the plan's, see
        ``project.project._plan_calendar_functions``); ``None`` stands for a project without company."""
        companies = self.env["res.company"].sudo().browse([cid for cid in company_ids if cid])
        checkers = {}
        by_calendar = {}
        for company in companies:
            calendar = company.resource_calendar_id or self.env.company.resource_calendar_id
            if calendar not in by_calendar:
                by_calendar[calendar] = calendar._collab_working_day_checker()
            checkers[company.id] = by_calendar[calendar]
        if None in company_ids or False in company_ids:
            checkers[None] = self.env.company.resource_calendar_id.sudo()._collab_working_day_checker()
        return checkers

    @api.model
    def _collab_load_rows(self, tasks):
        """``[(task_id, project_id, company_id, department_id, user_id, week_start, days)]`` of ``tasks``
        (rows of ``_collab_load_tasks``)."""
        checkers = self._collab_working_day_checkers({task["company_id"] or None for task in tasks})
        rows = []
        for task in tasks:
            is_working_day = checkers[task["company_id"] or None]
            weeks = defaultdict(int)
            for day in plan_scheduling.working_days(task["start"], task["end"], is_working_day):
                weeks[week_start(day)] += 1
            owners = task["user_ids"] or [None]
            share = 1.0 / len(owners)
            for monday, count in weeks.items():
                for user_id in owners:
                    rows.append(
                        (
                            task["id"],
                            task["project_id"],
                            task["company_id"],
                            task["department_id"],
                            user_id,
                            monday,
                            count * share,
                        )
                    )
        return rows

    # ------------------------------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------------------------------
    @api.model
    def _collab_refresh(self, task_ids):
        """Rewrite the rows of ``task_ids`` (any task: archived, deleted or not counting ones just lose
        their rows) and the department × week sums they touch. A handful of queries for any number
        of tasks; runs as the module (derived data: the rows follow the tasks whoever changed them)."""
        task_ids = sorted({tid for tid in task_ids if tid})
        if not task_ids:
            return
        self._collab_rewrite_rows(
            "task_id", task_ids, lambda: self._collab_load_rows(self._collab_load_tasks(task_ids))
        )

    @api.model
    def _collab_rewrite_rows(self, source, ids, make_rows):
        """Replace the rows whose ``source`` (``task_id`` or ``resource_line_id``) is in ``ids`` by
        ``make_rows()`` — ``[(source id, project_id, company_id, department_id, user_id, week_start,
        days)]`` — and redo the department × week sums both touch: one delete, one insert."""
        before = self.env.execute_query(
            SQL(
                "DELETE FROM collab_task_load WHERE %s = ANY(%s) RETURNING department_id, week_start",
                SQL.identifier(source),
                list(ids),
            )
        )
        rows = make_rows()
        if rows:
            columns = [[None if value is False else value for value in column] for column in zip(*rows, strict=True)]
            self.env.cr.execute(
                SQL(
                    """INSERT INTO collab_task_load (%s, project_id, company_id, department_id, user_id, week_start, days)
                       SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[], %s::int[],
                                            %s::date[], %s::float8[])""",
                    SQL.identifier(source),
                    *columns,
                )
            )
        keys = {(department_id, monday) for department_id, monday in before if department_id}
        keys |= {(row[3], row[5]) for row in rows}
        self.env["collab.report.department.load"]._collab_refresh_keys(keys)
        self.invalidate_model()

    @api.model
    def _collab_keys_of(self, task_ids):
        """The ``(department_id, week_start)`` pairs the rows of ``task_ids`` count in."""
        if not task_ids:
            return set()
        return set(
            self.env.execute_query(
                SQL(
                    "SELECT DISTINCT department_id, week_start FROM collab_task_load WHERE task_id = ANY(%s)",
                    list(task_ids),
                )
            )
        )

    @api.model
    def _collab_refresh_all(self, domain=None):
        """Rewrite the rows of every task matching ``domain`` (archived ones included)."""
        tasks = self.env["project.task"].with_context(active_test=False).sudo().search(domain or [])
        self._collab_refresh(tasks.ids)
