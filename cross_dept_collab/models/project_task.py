"""project.task: the collaboration fields, WBS codes, closing and the guarded fields.

The rest of the model is split by concern: the plan (project_task_plan), the plan status and its
daily refresh (project_task_status), acceptance (project_task_acceptance) and the reminders that
chase a task (project_task_reminders)."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tools import SQL

from . import plan_scheduling

CLOSED = ("1_done", "1_canceled")


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "collab.workflow.guard"]
    # the module's statuses and plan results are computed or fed by actions, never typed in
    _collab_workflow_fields = (
        "wbs_code",
        "collab_status",
        "collab_status_fact",
        "slack_days",
        "is_critical",
        "critical_rank",
        "collab_progress",
        "progress_update_ids",
        "last_progress_update_id",
        "last_progress_date",
        "warning_level",
        "warning_reason",
        "date_done",
        "on_time_score",
        "acceptance_ids",
        "acceptance_state",
        "collab_blocked",
        "collab_block_reason",
        "collab_is_phase",
        "collab_request_id",
        "collab_stale_due",
    )

    wbs_code = fields.Char(
        "WBS Code",
        compute="_compute_wbs_code",
        store=True,
        index=True,
        help="1, 1.1, 1.2.1 … from the task hierarchy and order; unique within the project.",
    )
    collab_department_id = fields.Many2one("hr.department", string="Responsible Department", index="btree_not_null")
    # stored on the task so that lists, dashboards and the reminder engine filter collaboration
    # tasks on the task row: through project_id the filter is a sub-query carrying the projects'
    # record rules, which at 100,000 tasks cost more than the rest of the dashboard query
    collab_request_id = fields.Many2one(
        related="project_id.collab_request_id", store=True, index="btree_not_null", string="Collaboration Request"
    )
    # a phase (a task with sub-tasks) spans its sub-tasks: its dates, % complete and status roll up
    collab_is_phase = fields.Boolean(
        "Phase",
        compute="_compute_collab_is_phase",
        store=True,
        index=True,
        help="A task with sub-tasks: its dates, % complete and status come from them, and it is not counted as a task.",
    )
    # Odoo's task form reads this flag, computed from the parent's project: a task owner who may
    # not read the phase above his task (a followers-only project he does not follow) could not
    # open his own task. Computed as superuser, it tells him only whether the phase is in the same
    # project; the phase itself stays unreadable to him (Odoo hides its button,
    # display_parent_task_button), which is narrower than a rule opening the phases to owners.
    show_display_in_project = fields.Boolean(compute_sudo=True)
    # computed for phases only; copied like the plain dates they are for every other task
    date_planned_start = fields.Date(
        "Planned Start",
        tracking=True,
        compute="_compute_phase_plan",
        store=True,
        readonly=False,
        recursive=True,
        copy=True,
    )
    date_planned_end = fields.Date(
        "Planned End",
        tracking=True,
        copy=True,
        index="btree_not_null",
        compute="_compute_phase_plan",
        store=True,
        readonly=False,
        recursive=True,
    )
    deliverable = fields.Char(tracking=True)
    acceptance_standard = fields.Text("Acceptance Standard")
    # not "progress": hr_timesheet owns that name (its hours ratio) on project.task
    collab_progress = fields.Float(
        "% Complete",
        default=0.0,
        copy=False,
        tracking=True,
        aggregator="avg",
        compute="_compute_phase_progress",
        store=True,
        readonly=False,
        recursive=True,
    )
    collab_status = fields.Selection(
        [
            ("not_started", "Not Started"),
            ("waiting", "Waiting"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("delayed", "Delayed"),
            ("blocked", "Blocked"),
        ],
        string="Plan Status",
        compute="_compute_collab_status",
        store=True,
        index=True,
        recursive=True,
        help="Waiting: its predecessors are still open and on time. Blocked: a predecessor is past its planned "
        "end, or the owner or project lead marked it blocked. Delayed: its own planned end has passed.",
    )
    # what a task's dependants need of its status: done, delayed (late) or neither (open). It
    # depends on the task and its sub-tasks only, so a move at the head of a long chain marks its
    # direct dependants' status, not every level of the chain after it (as depending on the
    # predecessors' own status, itself depending on theirs, did)
    collab_status_fact = fields.Selection(
        [("open", "Open"), ("late", "Late"), ("done", "Done")],
        string="Status for Dependants",
        compute="_compute_collab_status_fact",
        store=True,
        recursive=True,
    )
    collab_blocked = fields.Boolean("Marked Blocked", copy=False, tracking=True, readonly=True)
    collab_block_reason = fields.Text("Block Reason", copy=False, tracking=True, readonly=True)
    slack_days = fields.Integer(
        "Slack (days)", compute="_compute_critical_path", store=True, help="Working days the task can slip."
    )
    is_critical = fields.Boolean("On Critical Path", compute="_compute_critical_path", store=True, index=True)
    critical_rank = fields.Integer(compute="_compute_critical_path", store=True)
    plan_conflict = fields.Text("Schedule Conflicts", compute="_compute_plan_conflict")
    progress_update_ids = fields.One2many("collab.progress.update", "task_id", string="Progress Updates")
    last_progress_update_id = fields.Many2one(
        "collab.progress.update", string="Latest Update", readonly=True, copy=False
    )
    last_progress_date = fields.Datetime("Last Progress Update", readonly=True, copy=False, index=True)
    # when an open collaboration task's silence is chased (reminder engine, rule task_stale): the
    # company's silence threshold after the last update (or the planned start), counted on its
    # working time when the company counts SLAs so — a Friday update is not chased on Sunday
    collab_stale_due = fields.Datetime(
        "Chase Silence On",
        compute="_compute_collab_stale_due",
        store=True,
        index="btree_not_null",
        copy=False,
        help="When an in-progress task without a newer progress update chases its owners and their managers.",
    )
    warning_level = fields.Selection(
        [("none", "None"), ("amber", "Amber"), ("red", "Red")],
        compute="_compute_warning",
        store=True,
        index=True,
        string="Warning",
    )
    warning_reason = fields.Char(compute="_compute_warning", store=True)
    date_done = fields.Datetime("Done On", readonly=True, copy=False, index=True)
    on_time_score = fields.Integer(
        "On Time (%)",
        compute="_compute_on_time_score",
        store=True,
        aggregator="avg",
        help="100 when the task was closed by its planned end, 0 when later; averaged it is the on-time rate.",
    )
    acceptance_ids = fields.One2many("collab.acceptance", "task_id", string="Acceptance Rounds", copy=False)
    acceptance_state = fields.Selection(
        [("none", "Not Submitted"), ("submitted", "Submitted"), ("passed", "Passed"), ("rework", "Rework")],
        compute="_compute_acceptance_state",
        store=True,
        index=True,
        string="Acceptance",
    )

    _sql_constraints = [
        (
            "collab_progress_range",
            "CHECK(collab_progress >= 0 AND collab_progress <= 100)",
            "% complete must be between 0 and 100.",
        ),
    ]

    # ------------------------------------------------------------------------------------------
    # WBS codes
    # ------------------------------------------------------------------------------------------
    @api.depends("parent_id", "sequence", "project_id", "project_id.tasks.sequence", "project_id.tasks.parent_id")
    def _compute_wbs_code(self):
        projects = self.project_id
        rows = []
        if projects:
            self.flush_model(["project_id", "parent_id", "sequence"])
            # one query for every task of the projects, archived ones included (codes stay unique)
            rows = self.env.execute_query(
                SQL(
                    "SELECT id, project_id, parent_id, sequence, wbs_code FROM project_task WHERE project_id = ANY(%s)",
                    projects.ids,
                )
            )
        by_project = defaultdict(list)
        for task_id, project_id, parent_id, sequence, _code in rows:
            by_project[project_id].append((task_id, parent_id, sequence or 0, task_id))
        codes = {}
        for nodes in by_project.values():
            codes.update(plan_scheduling.wbs_codes(nodes))
        tasks = self._with_pending_of_plan(["wbs_code"], codes)
        with self.env.protecting([self._fields["wbs_code"]], tasks):
            tasks._assign_computed("wbs_code", codes, {row[0]: row[4] for row in rows})

    def _with_pending_of_plan(self, fnames, plan_ids):
        """These tasks and the others of ``plan_ids`` still to compute for ``fnames``. The ORM hands
        stored computes over in batches of 1,000 records; a plan is read and solved once for all its
        tasks, so they are all assigned in the same pass (under ``env.protecting``, as the ORM does)."""
        pending = self.env.records_to_compute(self._fields[fnames[0]])
        return self | self.browse([task_id for task_id in pending._ids if task_id in plan_ids])

    def _assign_computed(self, fname, values, stored):
        """Assign ``values`` (``{id: value}``, False when absent) to the computed field ``fname`` of
        these records, grouped by value. The ``stored`` column values (``{id: value}``, read with
        the inputs) are put in the cache first, so the ORM flushes only the rows that change."""
        field = self._fields[fname]
        known = [task_id for task_id in self.ids if task_id in stored]
        self.env.cache.insert_missing(
            self.browse(known), field, [field.convert_to_cache(stored[task_id], self) for task_id in known]
        )
        by_value = defaultdict(list)
        for task_id in self._ids:
            by_value[values.get(task_id, False)].append(task_id)
        for value, ids in by_value.items():
            self.browse(ids)[fname] = value

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if operator == "ilike" and value and value.replace(".", "").isdigit():
            domain = ["|", ("wbs_code", "=like", f"{value}%"), *domain]
        return domain

    # ------------------------------------------------------------------------------------------
    # Owners, closing, guarded fields and followers
    # ------------------------------------------------------------------------------------------
    def _check_owner_or_lead(self, refusal):
        """The task's owners, its project lead and the coordinator may act on it; anyone else gets
        ``refusal(task)`` (the translated message) as an AccessError."""
        user = self.env.user
        if self.env.su or user.has_group("cross_dept_collab.group_collab_coordinator"):
            return
        for task in self:
            if user not in task.user_ids and user != task.project_id.user_id:
                raise AccessError(refusal(task))

    @api.depends("date_done", "date_planned_end")
    def _compute_on_time_score(self):
        for task in self:
            if task.date_done and task.date_planned_end:
                task.on_time_score = 100 if task._collab_today(task.date_done) <= task.date_planned_end else 0
            else:
                task.on_time_score = False

    def write(self, vals):
        result = super().write(vals)
        rolled_up = [fname for fname in ("date_planned_start", "date_planned_end", "collab_progress") if fname in vals]
        if rolled_up:
            # a phase spans its sub-tasks: dates or % written on it (an imported row, a progress
            # update posted on the phase) give way to theirs
            phases = self.filtered("collab_is_phase")
            for fname in rolled_up:
                self.env.add_to_compute(self._fields[fname], phases)
        if "state" in vals:
            # like Odoo's own date_end on folded stages: remember when the task was closed
            closed = self.filtered(lambda t: t.state in CLOSED)
            # sudo: "Done On" belongs to the workflow (the guard refuses it from users); closing
            # or reopening the task, which the caller may do, is what sets it
            (closed - closed.filtered("date_done")).sudo().write({"date_done": fields.Datetime.now()})
            (self - closed).filtered("date_done").sudo().write({"date_done": False})
            # the last open task closing may be what completes the project's results; sudo: the
            # owner closing it may not read the request its acceptance moves (as for the acceptor)
            closed.sudo().project_id.filtered(
                lambda p: p.collab_request_id.state in ("approved", "in_progress")
            )._on_deliverables_accepted()
        return result

    def _collab_unchanged(self, fname, vals):
        """The task form's Progress list only adds updates: adding one is the owner's report, which
        the update's own create checks (who may report); editing or removing one stays refused."""
        if fname == "progress_update_ids" and all(
            isinstance(command, list | tuple) and command[0] == Command.CREATE for command in vals[fname] or ()
        ):
            return True
        return super()._collab_unchanged(fname, vals)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Odoo's own override fails when the tasks span several projects a partner follows (it
        removes the partner from ``partner_ids`` once per project): subscribe project by project
        then. Activities created in batch (reminders) subscribe their assignees this way."""
        projects = self.project_id
        if not subtype_ids and partner_ids and len(projects) > 1:
            followed = (
                self.env["mail.followers"]
                .sudo()
                ._read_group(
                    [
                        ("res_model", "=", "project.project"),
                        ("res_id", "in", projects.ids),
                        ("partner_id", "in", partner_ids),
                    ],
                    ["partner_id"],
                    ["__count"],
                )
            )
            if any(count > 1 for _partner, count in followed):
                for tasks in self.grouped("project_id").values():
                    super(ProjectTask, tasks).message_subscribe(list(partner_ids), subtype_ids)
                return True
        return super().message_subscribe(partner_ids, subtype_ids)
