"""project.project: plan baselines (基准计划) — the signed plan kept as the yardstick, the ones
taken after each applied change request or by hand — and the project's drift against the chosen one."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import plan_scheduling
from .collab_plan_baseline import MAX_BASELINES

COORDINATOR_GROUP = "cross_dept_collab.group_collab_coordinator"


def signed_working_days(count, baseline_day, current_day):
    """Working days from ``baseline_day`` to ``current_day``: positive when later, negative when
    earlier, 0 when either is missing. ``count(start, end)`` counts both ends included."""
    if not baseline_day or not current_day or baseline_day == current_day:
        return 0
    if current_day > baseline_day:
        return count(baseline_day + timedelta(days=1), current_day)
    return -count(current_day + timedelta(days=1), baseline_day)


class ProjectProjectBaseline(models.Model):
    _inherit = "project.project"

    collab_baseline_ids = fields.One2many(
        "collab.plan.baseline", "project_id", string="Baselines", readonly=True, copy=False
    )
    collab_baseline_count = fields.Integer("Number of Baselines", compute="_compute_collab_baseline")
    collab_baseline_id = fields.Many2one(
        "collab.plan.baseline",
        string="Compare With",
        copy=False,
        domain="[('project_id', '=', id)]",
        help="The baseline the plan's variances are measured against; empty: the signed plan (the latest "
        "baseline taken when the plan was confirmed by its sign-offs).",
    )
    collab_active_baseline_id = fields.Many2one(
        "collab.plan.baseline", string="Baseline", compute="_compute_collab_baseline"
    )
    collab_baseline_date_end = fields.Date("Baseline End", compute="_compute_collab_variance")
    collab_finish_variance = fields.Integer(
        "Finish Variance (working days)",
        compute="_compute_collab_variance",
        help="Working days the plan's end is later (positive) or earlier than in the baseline.",
    )
    collab_duration_variance = fields.Integer(
        "Duration Variance (working days)",
        compute="_compute_collab_variance",
        help="Working days the plan is longer (positive) or shorter than in the baseline.",
    )

    @api.depends("collab_baseline_id", "collab_baseline_ids")
    def _compute_collab_baseline(self):
        # sudo: the baselines of a project are shown to whoever reads the project (their read rule),
        # read here in one query for all the projects
        baselines = (
            self.env["collab.plan.baseline"]
            .sudo()
            .search_read([("project_id", "in", self.ids)], ["project_id", "kind", "sequence"], order="sequence")
        )
        signed, counts = {}, {}
        for row in baselines:
            project_id = row["project_id"][0]
            counts[project_id] = counts.get(project_id, 0) + 1
            if row["kind"] == "signed":
                signed[project_id] = row["id"]
        Baseline = self.env["collab.plan.baseline"]
        for project in self:
            project.collab_baseline_count = counts.get(project.id, 0)
            project.collab_active_baseline_id = project.collab_baseline_id or Baseline.browse(
                signed.get(project.id, [])
            )

    def _collab_signed_variance(self):
        """The tasks that drifted from the signed plan, for the dossier: ``[(task, baseline end,
        expected end, finish variance, reason)]`` in WBS order."""
        self.ensure_one()
        tasks = self._plan_tasks().with_context(collab_variance_baseline="signed")
        return [
            (
                task,
                task.collab_baseline_end,
                task.collab_expected_end,
                task.collab_finish_variance,
                task.collab_variance_reason,
            )
            for task in tasks
            if task.collab_baseline_end and (task.collab_finish_variance or task.collab_variance_reason)
        ]

    @api.depends("collab_active_baseline_id", "tasks.date_planned_start", "tasks.date_planned_end")
    def _compute_collab_variance(self):
        for project in self:
            baseline = project.collab_active_baseline_id.sudo()
            if not baseline:
                project.collab_baseline_date_end = False
                project.collab_finish_variance = project.collab_duration_variance = 0
                continue
            start, end = project._collab_plan_span()
            is_working_day = project._plan_calendar_functions()[0]

            def count(first, last, is_working_day=is_working_day):
                return plan_scheduling.count_working_days(first, last, is_working_day)

            project.collab_baseline_date_end = baseline.date_end
            project.collab_finish_variance = signed_working_days(count, baseline.date_end, end)
            duration = count(start, end) if start and end else 0
            project.collab_duration_variance = duration - baseline.duration if start and end else 0

    def _collab_plan_span(self):
        """(first planned start, last planned end) of the project's active tasks."""
        self.ensure_one()
        # sudo: the span of the whole plan, whatever tasks the reader sees
        rows = (
            self.env["project.task"]
            .sudo()
            ._read_group([("project_id", "=", self.id)], [], ["date_planned_start:min", "date_planned_end:max"])
        )
        return rows[0] if rows else (False, False)

    @api.constrains("collab_baseline_id")
    def _check_collab_baseline_of_the_project(self):
        for project in self:
            if project.collab_baseline_id and project.collab_baseline_id.sudo().project_id != project:
                raise ValidationError(
                    _("%(project)s can only be compared with one of its own baselines.", project=project.name)
                )

    def _collab_check_write_values(self, vals):
        if "collab_baseline_id" in vals and not self.env.su:
            self._collab_check_can_baseline()
        return super()._collab_check_write_values(vals)

    def _collab_check_can_baseline(self):
        """The project lead or the coordinator (the caller already reads the project)."""
        self._collab_check_lead_or_coordinator(
            lambda project: self.env._(
                "Only the project lead or the coordinator can take or choose a baseline of %(project)s.",
                project=project,
            )
        )

    # ------------------------------------------------------------------------------------------
    # Taking a baseline
    # ------------------------------------------------------------------------------------------
    def action_collab_take_baseline(self):
        """Take Baseline: the project lead or the coordinator keeps the plan as it stands now."""
        self._collab_records_arg(self)
        # who may not even read the project learns nothing of it
        self.check_access("read")
        self._collab_check_can_baseline()
        baseline = self._collab_take_baseline(_("Taken on %(date)s", date=self._collab_today()), "manual")
        return self._collab_form_action(baseline)

    def _collab_take_baseline(self, name, kind, change_request=None):
        """Snapshot the plan: one read of the tasks, the lines copied by one statement; the oldest baselines but the first are dropped past ``MAX_BASELINES``. Called
        by the actions once they checked the caller."""
        self.ensure_one()
        # sudo: a baseline is the whole plan, whatever tasks the caller sees; baselines are made
        # only here (nobody has the right to create one)
        project = self.sudo()
        Baseline = self.env["collab.plan.baseline"].sudo()
        Line = self.env["collab.plan.baseline.line"].sudo()
        self.env["project.task"].flush_model(["project_id", "active", "date_planned_start", "date_planned_end"])
        cr = self.env.cr
        cr.execute(
            """SELECT id, date_planned_start, date_planned_end FROM project_task
                WHERE project_id = %s AND active ORDER BY id""",
            [self.id],
        )
        rows = cr.fetchall()
        starts = [start for _id, start, _end in rows if start]
        ends = [end for _id, _start, end in rows if end]
        first, last = (min(starts), max(ends)) if starts and ends else (False, False)
        days = starts + ends
        # the calendar is asked once per day of the plan's window, each duration is a subtraction
        count = (
            plan_scheduling.working_day_counter(min(days), max(days), project._plan_calendar_functions()[0])
            if days
            else None
        )
        previous = Baseline.search_read([("project_id", "=", self.id)], ["sequence"], order="sequence desc", limit=1)
        baseline = Baseline.create(
            {
                "name": name,
                "project_id": self.id,
                "sequence": (previous[0]["sequence"] if previous else 0) + 1,
                "kind": kind,
                "date_taken": fields.Datetime.now(),
                "taken_by_id": self.env.uid,
                "change_request_id": change_request.id if change_request else False,
                "date_start": first,
                "date_end": last,
                "duration": count(first, last) if first and last else 0,
            }
        )
        baseline.flush_recordset()
        # A snapshot is a copy of thousands of task rows that nothing computes on: copied in SQL
        # (one statement, the owners' names included) it costs about what reading the
        # tasks does, where the ORM's create took twelve times as long (bench/bench_baseline.py).
        # The lines are read-only (workflow guard) and have no column computed from another.
        cr.execute(
            """
            WITH owner AS (
                SELECT owner.task_id, string_agg(partner.name, ', ' ORDER BY partner.name) AS names
                  FROM project_task_user_rel owner
                  JOIN res_users ON res_users.id = owner.user_id
                  JOIN res_partner partner ON partner.id = res_users.partner_id
                 WHERE owner.task_id = ANY(%(task_ids)s::int[])
                 GROUP BY owner.task_id
            )
            INSERT INTO collab_plan_baseline_line
                   (baseline_id, task_id, sequence, wbs_code, name, is_phase, date_start, date_end, duration,
                    owner_names, deliverable)
            SELECT %(baseline)s, task.id, snapshot.sequence - 1, task.wbs_code, task.name, task.collab_is_phase,
                   task.date_planned_start, task.date_planned_end, snapshot.duration, owner.names, task.deliverable
              FROM unnest(%(task_ids)s::int[], %(durations)s::int[]) WITH ORDINALITY
                   AS snapshot(task_id, duration, sequence)
              JOIN project_task task ON task.id = snapshot.task_id
              LEFT JOIN owner ON owner.task_id = task.id
            """,
            {
                "baseline": baseline.id,
                "task_ids": [task_id for task_id, _start, _end in rows],
                "durations": [count(start, end) if count and start and end else 0 for _id, start, end in rows],
            },
        )
        Line.invalidate_model()
        baseline.invalidate_recordset(["line_ids", "line_count"])
        project._collab_drop_old_baselines()
        return baseline.with_env(self.env)

    def _collab_drop_old_baselines(self):
        """Past ``MAX_BASELINES``, the oldest baselines but the first go (superuser: nobody else may)."""
        self.ensure_one()
        baselines = self.env["collab.plan.baseline"].sudo().search([("project_id", "=", self.id)], order="sequence")
        extra = len(baselines) - MAX_BASELINES
        if extra > 0:
            dropped = baselines[1 : 1 + extra]
            self.sudo().filtered(lambda p: p.collab_baseline_id in dropped).collab_baseline_id = False
            dropped.unlink()

    def _on_signoff_decided(self, kind):
        confirmed_before = {project.id for project in self if project.plan_state == "confirmed"}
        result = super()._on_signoff_decided(kind)
        if kind == "plan":
            for project in self.filtered(lambda p: p.plan_state == "confirmed" and p.id not in confirmed_before):
                # the plan every owner signed: the yardstick of its execution and assessment
                project._collab_take_baseline(
                    project.with_context(lang=(project.company_id or self.env.company)._collab_lang()).env._(
                        "Signed plan"
                    ),
                    "signed",
                )
        return result

    def action_collab_open_baselines(self):
        self._collab_records_arg(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Baselines"),
            "res_model": "collab.plan.baseline",
            "view_mode": "list,form",
            "domain": [("project_id", "=", self.id)],
            "context": {"create": False, "delete": False, "edit": False},
        }
