"""project.task: the drift of a task (or phase) from its project's chosen baseline, in working days,
and why it drifted: the change request that moved it, or the delay its owner reported."""

from collections import defaultdict

from odoo import api, fields, models

from . import plan_scheduling
from .project_project_baseline import signed_working_days


class ProjectTaskBaseline(models.Model):
    _inherit = "project.task"

    collab_baseline_start = fields.Date("Baseline Start", compute="_compute_collab_variance")
    collab_baseline_end = fields.Date("Baseline End", compute="_compute_collab_variance")
    collab_baseline_duration = fields.Integer("Baseline Duration", compute="_compute_collab_variance")
    collab_expected_end = fields.Date(
        "Expected End",
        compute="_compute_collab_variance",
        help="The planned end, or the later end the owner expects in the latest progress update of an open task.",
    )
    collab_start_variance = fields.Integer(
        "Start Var.",
        compute="_compute_collab_variance",
        help="Working days the planned start is later (positive) or earlier than in the baseline.",
    )
    collab_finish_variance = fields.Integer(
        "Finish Var.",
        compute="_compute_collab_variance",
        help="Working days the expected end is later (positive) or earlier than in the baseline.",
    )
    collab_duration_variance = fields.Integer(
        "Duration Var.",
        compute="_compute_collab_variance",
        help="Working days the task is longer (positive) or shorter than in the baseline.",
    )
    collab_variance_change_id = fields.Many2one(
        "collab.change.request", string="Moved By", compute="_compute_collab_variance"
    )
    collab_variance_reason = fields.Char("Variance Reason", compute="_compute_collab_variance")

    @api.depends_context("uid", "collab_variance_baseline")
    @api.depends(
        "date_planned_start",
        "date_planned_end",
        "collab_status",
        "last_progress_update_id",
        "project_id.collab_baseline_id",
    )
    def _compute_collab_variance(self):
        # sudo: a task's baseline, and the change request that moved it, are shown to whoever reads
        # the task; all the lines of every baseline of their projects are read in one query
        tasks = self.filtered("id")
        projects = tasks.project_id.sudo()
        baselines = (
            self.env["collab.plan.baseline"].sudo().search([("project_id", "in", projects.ids)], order="sequence")
        )
        if self.env.context.get("collab_variance_baseline") == "signed":
            # against the signed plan whatever the project compares with (the dossier): the latest
            # baseline taken at a confirmation, among those just read
            active = {baseline.project_id.id: baseline for baseline in baselines if baseline.kind == "signed"}
        else:
            active = {project.id: project.collab_active_baseline_id for project in projects}
        rows = (
            self.env["collab.plan.baseline.line"]
            .sudo()
            .search_read(
                [("baseline_id", "in", baselines.ids), ("task_id", "in", tasks.ids)],
                ["baseline_id", "task_id", "date_start", "date_end", "duration"],
            )
        )
        lines = defaultdict(dict)  # task id → {baseline id: row}
        for row in rows:
            lines[row["task_id"][0]][row["baseline_id"][0]] = row
        by_project = defaultdict(list)
        for baseline in baselines:
            by_project[baseline.project_id.id].append(baseline)
        days_of = defaultdict(list)  # project id → every date its counter must cover
        for task in tasks:
            days_of[task.project_id.id] += [task.date_planned_start, task.date_planned_end, task._collab_reported_end()]
        project_of = {baseline.id: baseline.project_id.id for baseline in baselines}
        for row in rows:
            days_of[project_of[row["baseline_id"][0]]] += [row["date_start"], row["date_end"]]
        counters = {}
        for project in projects:
            days = [day for day in days_of[project.id] if day]
            if days:
                counters[project.id] = plan_scheduling.working_day_counter(
                    min(days), max(days), project._plan_calendar_functions()[0]
                )
        for task in self:
            baseline = active.get(task.project_id.id)
            row = lines[task.id].get(baseline.id) if baseline and task.id else None
            count = counters.get(task.project_id.id)
            expected = max(filter(None, (task.date_planned_end, task._collab_reported_end())), default=False)
            task.collab_expected_end = expected
            if not row or not count:
                task.collab_baseline_start = task.collab_baseline_end = False
                task.collab_baseline_duration = 0
                task.collab_start_variance = task.collab_finish_variance = task.collab_duration_variance = 0
                task.collab_variance_change_id = False
                task.collab_variance_reason = False
                continue
            task.collab_baseline_start = row["date_start"]
            task.collab_baseline_end = row["date_end"]
            task.collab_baseline_duration = row["duration"]
            task.collab_start_variance = signed_working_days(count, row["date_start"], task.date_planned_start)
            task.collab_finish_variance = signed_working_days(count, row["date_end"], expected)
            start, end = task.date_planned_start, task.date_planned_end
            task.collab_duration_variance = (count(start, end) if start and end else 0) - row["duration"]
            change = task._collab_moved_by(by_project[task.project_id.id], baseline, lines[task.id])
            task.collab_variance_change_id = change
            task.collab_variance_reason = task._collab_delay_reported() or (
                self.env._("%(change)s: %(reason)s", change=change.name, reason=change.reason or "")
                if change
                else False
            )

    def _collab_reported_end(self):
        """The end the owner expects (latest progress update) when it is later than the planned one
        and the task is still open."""
        self.ensure_one()
        # sudo: the task's own latest update, shown to whoever reads the task
        update = self.sudo().last_progress_update_id
        if self.collab_status == "done" or not update.date_expected:
            return False
        if self.date_planned_end and update.date_expected <= self.date_planned_end:
            return False
        return update.date_expected

    def _collab_delay_reported(self):
        """The delay the owner reported on a late task: who, why and the expected end."""
        self.ensure_one()
        update = self.sudo().last_progress_update_id
        late = self.collab_status == "delayed" or self._collab_reported_end()
        if not late or not (update.delay_reason or "").strip():
            return False
        return self.env._(
            "Reported by %(owner)s: %(reason)s (expected to end %(date)s)",
            owner=update.user_id.name,
            reason=update.delay_reason.strip(),
            date=update.date_expected or "?",
        )

    def _collab_moved_by(self, baselines, chosen, lines):
        """The latest change request, applied after the ``chosen`` baseline, whose baseline shows
        this task's end moved from the baseline before it."""
        change = self.env["collab.change.request"]
        previous_end = None
        for baseline in baselines:
            row = lines.get(baseline.id)
            if not row:
                continue
            if (
                baseline.kind == "change"
                and baseline.sequence > chosen.sequence
                and previous_end is not None
                and row["date_end"] != previous_end
                and baseline.change_request_id
            ):
                change = baseline.change_request_id
            previous_end = row["date_end"]
        return change.sudo()
