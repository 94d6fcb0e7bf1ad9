"""Each department's load per ISO week: planned task-days (stored sums of ``collab.task.load``,
kept by its refresh) against the capacity of its employees (computed for the rows read).

The people committed in departments' reviews and granted by resource requests are rows of
``collab.task.load`` too (``collab_task_load_resource.py``), summed here as ``committed_days``: a
week with only such people has its row. Other person-day sources, not stored, join in one place:
``_collab_extra_person_days``, empty here. A module that plans people outside tasks overrides it::

    def _collab_extra_person_days(self, date_from, date_to, departments):
        rows = super()._collab_extra_person_days(date_from, date_to, departments)
        return rows + self.env["my.model"]._collab_load_person_days(date_from, date_to, departments.ids)

Each row is a dict ``{"department_id": int, "week_start": date (a Monday), "days": float}`` (an
optional ``"user_id"`` is ignored here); the rows' days are added to the task-days of their
department and week in the load list's "Other Commitments", its load %, and the review form's table.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from pytz import utc

from odoo import _, api, fields, models
from odoo.tools import SQL

from .collab_task_load import week_start

# the load % from which a week is shown as nearly full
HIGH_LOAD = 80.0


class CollabReportDepartmentLoad(models.Model):
    _name = "collab.report.department.load"
    _description = "Department Load per Week"
    _order = "week_start, department_id"
    _log_access = False
    _rec_name = "week_label"

    department_id = fields.Many2one("hr.department", string="Department", readonly=True, required=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    week_start = fields.Date("Week", readonly=True, required=True)
    week_label = fields.Char("ISO Week", readonly=True)
    planned_days = fields.Float("Planned Days", readonly=True, digits=(16, 2))
    task_count = fields.Integer("Tasks", readonly=True)
    committed_days = fields.Float(
        "Committed People",
        readonly=True,
        digits=(16, 2),
        help="Person-days committed in the department's reviews and granted by resource requests.",
    )
    extra_days = fields.Float("Other Commitments", compute="_compute_load", digits=(16, 2))
    capacity_days = fields.Float("Capacity Days", compute="_compute_load", digits=(16, 2))
    load_percent = fields.Float("Load %", compute="_compute_load", digits=(16, 0))
    load_level = fields.Selection(
        [("ok", "Within Capacity"), ("high", "Nearly Full"), ("over", "Over Capacity")],
        string="Load",
        compute="_compute_load",
    )

    _sql_constraints = [
        ("department_week_unique", "UNIQUE(department_id, week_start)", "A department has one load row per week."),
    ]

    # ------------------------------------------------------------------------------------------
    # Planned days: kept with the task rows
    # ------------------------------------------------------------------------------------------
    @api.model
    def _collab_refresh_keys(self, keys):
        """Recompute the sums of these ``(department_id, week_start)`` pairs from the task rows."""
        if not keys:
            return
        departments, mondays = zip(*sorted(keys), strict=True)
        self.env.cr.execute(
            SQL(
                """WITH k AS (SELECT * FROM unnest(%s::int[], %s::date[]) AS k(department_id, week_start)),
                        sums AS (SELECT l.department_id, l.week_start,
                                        COALESCE(SUM(l.days) FILTER (WHERE l.task_id IS NOT NULL), 0) AS days,
                                        COALESCE(SUM(l.days) FILTER (WHERE l.task_id IS NULL), 0) AS committed,
                                        COUNT(DISTINCT l.task_id) AS tasks
                                   FROM collab_task_load l
                                   JOIN k ON k.department_id = l.department_id AND k.week_start = l.week_start
                                  GROUP BY l.department_id, l.week_start),
                        gone AS (DELETE FROM collab_report_department_load r USING k
                                  WHERE r.department_id = k.department_id AND r.week_start = k.week_start
                                    AND NOT EXISTS (SELECT 1 FROM sums s WHERE s.department_id = r.department_id
                                                                         AND s.week_start = r.week_start))
                   INSERT INTO collab_report_department_load
                               (department_id, company_id, week_start, week_label, planned_days, committed_days,
                                task_count)
                   SELECT s.department_id, d.company_id, s.week_start, to_char(s.week_start, 'IYYY-"W"IW'),
                          s.days, s.committed, s.tasks
                     FROM sums s JOIN hr_department d ON d.id = s.department_id
                   ON CONFLICT (department_id, week_start)
                   DO UPDATE SET planned_days = EXCLUDED.planned_days, task_count = EXCLUDED.task_count,
                                 committed_days = EXCLUDED.committed_days,
                                 company_id = EXCLUDED.company_id""",
                list(departments),
                list(mondays),
            )
        )
        self.invalidate_model()

    # ------------------------------------------------------------------------------------------
    # Capacity, other commitments and the load %
    # ------------------------------------------------------------------------------------------
    @api.depends("planned_days", "committed_days", "department_id", "week_start")
    def _compute_load(self):
        if not self:
            return
        mondays = set(self.mapped("week_start"))
        table = self._collab_week_figures(self.department_id, mondays)
        for row in self:
            figures = table[row.department_id.id, row.week_start]
            row.extra_days = row.committed_days + figures["extra"]
            row.capacity_days = figures["capacity"]
            row.load_percent, row.load_level = self._collab_level(
                row.planned_days + row.extra_days, figures["capacity"]
            )

    @api.model
    def _collab_level(self, load, capacity):
        """``(load %, level)`` of ``load`` days against ``capacity`` days."""
        if not capacity:
            return 0.0, "over" if load > 0 else "ok"
        percent = 100.0 * load / capacity
        if load > capacity + 1e-6:
            return percent, "over"
        return percent, "high" if percent > HIGH_LOAD else "ok"

    @api.model
    def _collab_week_figures(self, departments, mondays):
        """``{(department_id, monday): {"extra": days, "capacity": days}}`` for every pair (0 when none)."""
        table = defaultdict(lambda: {"extra": 0.0, "capacity": 0.0})
        if not departments or not mondays:
            return table
        date_from, date_to = min(mondays), max(mondays) + timedelta(days=6)
        for key, days in self._collab_capacity(departments, date_from, date_to).items():
            table[key]["capacity"] = days
        for extra in self._collab_extra_person_days(date_from, date_to, departments):
            key = (extra["department_id"], week_start(extra["week_start"]))
            table[key]["extra"] += extra["days"]
        return table

    @api.model
    def _collab_extra_person_days(self, date_from, date_to, departments):
        """Person-days planned outside tasks for ``departments`` between ``date_from`` and
        ``date_to``: ``[{"department_id", "week_start", "days"}]`` (see the module's docstring).
        None here."""
        return []

    @api.model
    def _collab_capacity(self, departments, date_from, date_to):
        """``{(department_id, monday): days}``: the working days of the departments' active employees
        on their own calendars from ``date_from`` to ``date_to``, their time off deducted (the
        resource API: global leaves of their calendar and their own leaves, validated Time Off
        included when that app is installed), plus the make-up workdays of their calendar they are
        not on leave."""
        # sudo: the capacity is a sum over the department's working calendars, shown on rows the
        # reader may see; employees' private fields are not read
        employees = self.env["hr.employee"].sudo().search([("department_id", "in", departments.ids)], order="id")
        capacity = defaultdict(float)
        start = utc.localize(datetime.combine(date_from - timedelta(days=1), time.min))
        end = utc.localize(datetime.combine(date_to + timedelta(days=2), time.min))
        for calendar, group in employees.grouped(
            lambda e: e.resource_calendar_id or e.company_id.resource_calendar_id
        ).items():
            if not calendar:
                continue
            resources = group.resource_id
            day_total = calendar._get_resources_day_total(start, end, resources)
            worked = calendar._work_intervals_batch(start, end, resources)
            makeup = {day for day in calendar.collab_workday_ids.mapped("date") if date_from <= day <= date_to}
            off = self._collab_days_off(resources, makeup) if makeup else set()
            for employee in group:
                resource = employee.resource_id
                hours = defaultdict(float)
                for begin, stop, _meta in worked[resource.id]:
                    hours[begin.date()] += (stop - begin).total_seconds() / 3600
                totals = day_total[resource.id]
                department_id = employee.department_id.id
                for day, worked_hours in hours.items():
                    if date_from <= day <= date_to and totals[day] and day not in makeup:
                        capacity[department_id, week_start(day)] += min(worked_hours / totals[day], 1.0)
                for day in makeup:
                    if (resource.id, day) not in off:
                        capacity[department_id, week_start(day)] += 1.0
        return {key: round(days, 2) for key, days in capacity.items()}

    @api.model
    def _collab_days_off(self, resources, days):
        """``{(resource_id, day)}`` of the make-up ``days`` a resource has a leave of its own on."""
        first, last = min(days), max(days)
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "in", resources.ids),
                    ("date_from", "<", datetime.combine(last + timedelta(days=2), time.min)),
                    ("date_to", ">", datetime.combine(first - timedelta(days=1), time.min)),
                ]
            )
        )
        off = set()
        for leave in leaves:
            tz = leave.resource_id.tz or "UTC"
            begin = fields.Datetime.context_timestamp(leave.with_context(tz=tz), leave.date_from).date()
            stop = fields.Datetime.context_timestamp(leave.with_context(tz=tz), leave.date_to).date()
            off |= {(leave.resource_id.id, day) for day in days if begin <= day <= stop}
        return off

    # ------------------------------------------------------------------------------------------
    # A department's weeks, for the review form
    # ------------------------------------------------------------------------------------------
    @api.model
    def _collab_department_weeks(self, department, mondays):
        """``[{"monday", "label", "planned", "extra", "capacity", "percent", "level"}]`` of
        ``department`` in those weeks, as the reader may see them (nothing when the rules hide the
        department's load from them)."""
        rows = {
            row.week_start: row
            for row in self.search([("department_id", "=", department.id), ("week_start", "in", list(mondays))])
        }
        figures = self._collab_week_figures(department, mondays)
        weeks = []
        for monday in sorted(mondays):
            planned = rows[monday].planned_days if monday in rows else 0.0
            committed = rows[monday].committed_days if monday in rows else 0.0
            extra = committed + figures[department.id, monday]["extra"]
            capacity = figures[department.id, monday]["capacity"]
            percent, level = self._collab_level(planned + extra, capacity)
            weeks.append(
                {
                    "monday": monday,
                    "label": monday.strftime("%G-W%V"),
                    "planned": planned,
                    "extra": extra,
                    "capacity": capacity,
                    "percent": percent,
                    "level": level,
                }
            )
        return weeks

    @api.model
    def _collab_action(self, departments=None, date_from=None, date_to=None):
        """The load list, filtered on ``departments`` and the weeks from ``date_from`` to ``date_to``."""
        action = self.env["ir.actions.act_window"]._for_xml_id("cross_dept_collab.collab_report_department_load_action")
        domain = []
        if departments:
            domain.append(("department_id", "in", departments.ids))
        if date_from:
            domain.append(("week_start", ">=", week_start(date_from)))
        if date_to:
            domain.append(("week_start", "<=", date_to))
        action["domain"] = domain
        action["context"] = {}
        action["display_name"] = _("Department Load")
        return action
