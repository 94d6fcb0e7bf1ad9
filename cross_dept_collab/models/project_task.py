from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import plan_scheduling

CLOSED = ("1_done", "1_canceled")
PLAN_FIELDS = ("date_planned_start", "date_planned_end", "deliverable", "acceptance_standard", "name", "parent_id")


class ProjectTask(models.Model):
    _inherit = "project.task"

    wbs_code = fields.Char(
        "WBS Code",
        compute="_compute_wbs_code",
        store=True,
        index=True,
        help="1, 1.1, 1.2.1 … from the task hierarchy and order; unique within the project.",
    )
    collab_department_id = fields.Many2one("hr.department", string="Responsible Department", index="btree_not_null")
    date_planned_start = fields.Date("Planned Start", tracking=True)
    date_planned_end = fields.Date("Planned End", tracking=True)
    deliverable = fields.Char(tracking=True)
    acceptance_standard = fields.Text("Acceptance Standard")
    progress = fields.Float("% Complete", default=0.0, tracking=True, aggregator="avg")
    collab_status = fields.Selection(
        [
            ("not_started", "Not Started"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("delayed", "Delayed"),
            ("blocked", "Blocked"),
        ],
        string="Plan Status",
        compute="_compute_collab_status",
        store=True,
        index=True,
    )
    slack_days = fields.Integer(
        "Slack (days)", compute="_compute_critical_path", store=True, help="Working days the task can slip."
    )
    is_critical = fields.Boolean("On Critical Path", compute="_compute_critical_path", store=True, index=True)
    critical_rank = fields.Integer(compute="_compute_critical_path", store=True)
    plan_conflict = fields.Text("Schedule Conflicts", compute="_compute_plan_conflict")

    _sql_constraints = [
        ("progress_range", "CHECK(progress >= 0 AND progress <= 100)", "% complete must be between 0 and 100."),
    ]

    # ------------------------------------------------------------------------------------------
    # WBS codes
    # ------------------------------------------------------------------------------------------
    @api.depends("parent_id", "sequence", "project_id", "project_id.tasks.sequence", "project_id.tasks.parent_id")
    def _compute_wbs_code(self):
        codes = {}
        for project, _tasks in self.grouped("project_id").items():
            if not project:
                continue
            project_tasks = project.with_context(active_test=False).tasks
            codes.update(
                plan_scheduling.wbs_codes(
                    (task.id, task.parent_id.id or None, task.sequence, task.id) for task in project_tasks
                )
            )
        for task in self:
            task.wbs_code = codes.get(task.id, False)

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if operator == "ilike" and value and value.replace(".", "").isdigit():
            domain = ["|", ("wbs_code", "=like", f"{value}%"), *domain]
        return domain

    # ------------------------------------------------------------------------------------------
    # Status, critical path, conflicts
    # ------------------------------------------------------------------------------------------
    @api.depends("state", "progress", "date_planned_end")
    def _compute_collab_status(self):
        today = fields.Date.context_today(self)
        for task in self:
            if task.state in CLOSED:
                task.collab_status = "done"
            elif task.state == "04_waiting_normal":
                task.collab_status = "blocked"
            elif task.date_planned_end and task.date_planned_end < today:
                task.collab_status = "delayed"
            elif task.progress > 0 or task.state in ("02_changes_requested", "03_approved"):
                task.collab_status = "in_progress"
            else:
                task.collab_status = "not_started"

    @api.depends(
        "project_id.tasks.date_planned_start",
        "project_id.tasks.date_planned_end",
        "project_id.tasks.depend_on_ids",
        "project_id.tasks.child_ids",
    )
    def _compute_critical_path(self):
        results = {}
        for project in self.project_id:
            results.update(project._plan_critical_path())
        for task in self:
            task.slack_days, task.is_critical, task.critical_rank = results.get(task.id, (0, False, 0))

    @api.depends("date_planned_start", "depend_on_ids.date_planned_end")
    def _compute_plan_conflict(self):
        for task in self:
            late = task.depend_on_ids.filtered(
                lambda p, t=task: (
                    t.date_planned_start and p.date_planned_end and t.date_planned_start <= p.date_planned_end
                )
            )
            task.plan_conflict = (
                "\n".join(
                    _(
                        "Starts %(start)s, before %(code)s %(name)s ends (%(end)s).",
                        start=task.date_planned_start,
                        code=p.wbs_code or "",
                        name=p.name,
                        end=p.date_planned_end,
                    )
                    for p in late
                )
                or False
            )

    @api.onchange("date_planned_start", "depend_on_ids")
    def _onchange_plan_conflict(self):
        if self.plan_conflict:
            return {
                "warning": {
                    "title": _("This task starts before its predecessors end"),
                    "message": self.plan_conflict
                    + "\n"
                    + _("Use “Reschedule” on the project to shift dependants forward."),
                }
            }
        return None

    # ------------------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------------------
    @api.constrains("date_planned_start", "date_planned_end")
    def _check_planned_dates(self):
        for task in self:
            if task.date_planned_start and task.date_planned_end and task.date_planned_end < task.date_planned_start:
                raise ValidationError(
                    _(
                        "The planned end of %(task)s (%(end)s) is before its planned start (%(start)s).",
                        task=task.display_name,
                        end=task.date_planned_end,
                        start=task.date_planned_start,
                    )
                )

    @api.constrains("depend_on_ids")
    def _check_no_cyclic_dependencies(self):
        """Odoo refuses cycles; we also name the tasks that form it."""
        if not self._has_cycle("depend_on_ids"):
            return
        cycle = plan_scheduling.find_cycle(self._reachable_dependency_edges())
        tasks = self.browse(cycle or [])
        names = " → ".join(f"{t.wbs_code or ''} {t.name}".strip() for t in (tasks + tasks[:1]))
        raise ValidationError(
            _("Two tasks cannot depend on each other: %(cycle)s.", cycle=names)
            if names
            else _("Two tasks cannot depend on each other.")
        )

    @api.constrains(*PLAN_FIELDS)
    def _check_plan_not_confirmed(self):
        """Once the plan is confirmed, dates and scope change only through a change request."""
        if self.env.context.get("collab_plan_change_approved"):
            return
        for task in self:
            if task.project_id.plan_state == "confirmed":
                raise ValidationError(
                    _(
                        "The plan of %(project)s is confirmed: changing the planned dates or scope of %(task)s "
                        "needs an approved change request.",
                        project=task.project_id.name,
                        task=task.name,
                    )
                )

    def _reachable_dependency_edges(self):
        """(task, predecessor) pairs reachable from these tasks through their predecessors."""
        edges, seen, frontier = [], set(self.ids), self
        while frontier:
            following = self.browse()
            for task in frontier:
                for predecessor in task.depend_on_ids:
                    edges.append((task.id, predecessor.id))
                    if predecessor.id not in seen:
                        seen.add(predecessor.id)
                        following |= predecessor
            frontier = following
        return edges
