from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import SQL, format_date

from . import plan_scheduling
from .collab_reminder_engine import ReminderRule
from .collab_workflow_guard import text_to_html

CLOSED = ("1_done", "1_canceled")
PLAN_FIELDS = ("date_planned_start", "date_planned_end", "deliverable", "acceptance_standard", "name", "parent_id")


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "collab.workflow.guard"]
    # the module's statuses and plan results are computed or fed by actions, never typed in
    _collab_workflow_fields = (
        "wbs_code",
        "collab_status",
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
    # Status, critical path, conflicts
    # ------------------------------------------------------------------------------------------
    @api.depends(
        "collab_request_id",
        "state",
        "last_progress_date",
        "date_planned_start",
        "company_id.collab_stale_hours",
        "company_id.collab_sla_time",
        "company_id.resource_calendar_id",
    )
    def _compute_collab_stale_due(self):
        now = fields.Datetime.now()
        for task in self:
            if not task.collab_request_id or task.state in CLOSED:
                task.collab_stale_due = False
                continue
            company = task.company_id or self.env.company
            since = (
                task.last_progress_date
                or (task.date_planned_start and company._collab_day_start(task.date_planned_start))
                or task.create_date
                or now
            )
            task.collab_stale_due = company.collab_sla_deadline(since, company.collab_stale_hours, rule="reminder")

    @api.depends("child_ids")
    def _compute_collab_is_phase(self):
        for task in self:
            task.collab_is_phase = bool(task.child_ids)

    @api.depends("child_ids.date_planned_start", "child_ids.date_planned_end")
    def _compute_phase_plan(self):
        """A phase runs from its first sub-task's planned start to its last one's planned end; a
        task without sub-tasks keeps the dates it was given."""
        for task in self:
            starts = [day for day in task.child_ids.mapped("date_planned_start") if day]
            ends = [day for day in task.child_ids.mapped("date_planned_end") if day]
            if starts:
                task.date_planned_start = min(starts)
            if ends:
                task.date_planned_end = max(ends)

    @api.depends("child_ids.collab_progress", "child_ids.date_planned_start", "child_ids.date_planned_end")
    def _compute_phase_progress(self):
        """A phase's % complete is its sub-tasks', weighted by their planned duration (calendar days;
        a sub-task without dates weighs one day)."""
        for task in self.filtered("child_ids"):
            weights = [
                (
                    (child.date_planned_end - child.date_planned_start).days + 1
                    if child.date_planned_start and child.date_planned_end
                    else 1,
                    child.collab_progress,
                )
                for child in task.child_ids
            ]
            total = sum(max(weight, 1) for weight, _progress in weights)
            task.collab_progress = round(sum(max(weight, 1) * progress for weight, progress in weights) / total, 2)

    @api.depends(
        "state",
        "collab_progress",
        "date_planned_end",
        "collab_blocked",
        "depend_on_ids.collab_status",
        "child_ids.collab_status",
    )
    def _compute_collab_status(self):
        # the company's day, like the reminder engine's due moments, so status and reminders agree
        for task in self:
            task.collab_status = task._collab_status_on(task._collab_today())

    def _collab_status_on(self, today):
        """The plan status of this task on ``today``; a phase's comes from its sub-tasks.

        done: closed; delayed: open past its planned end; blocked: a predecessor is delayed, or it
        was marked blocked with a reason; waiting: a predecessor is still open (and on time) and
        work has not started; in progress: work started; else not started."""
        self.ensure_one()
        if self.state in CLOSED:
            return "done"
        predecessors = set(self.depend_on_ids.mapped("collab_status"))
        if self.child_ids:
            statuses = set(self.child_ids.mapped("collab_status"))
            if statuses == {"done"}:
                return "done"
            if "delayed" in statuses:
                return "delayed"
            if self.collab_blocked or "blocked" in statuses or "delayed" in predecessors:
                return "blocked"
            if statuses & {"in_progress", "done"}:
                return "in_progress"
            if statuses - {"done"} == {"waiting"} or predecessors - {"done"}:
                return "waiting"
            return "not_started"
        if self.date_planned_end and self.date_planned_end < today:
            return "delayed"
        if self.collab_blocked or "delayed" in predecessors:
            return "blocked"
        if self.collab_progress > 0 or self.state in ("02_changes_requested", "03_approved"):
            return "in_progress"
        if predecessors - {"done"}:
            return "waiting"
        return "not_started"

    def _check_owner_or_lead(self, refusal):
        """The task's owners, its project lead and the coordinator may act on it; anyone else gets
        ``refusal(task)`` (the translated message) as an AccessError."""
        user = self.env.user
        if self.env.su or user.has_group("cross_dept_collab.group_collab_coordinator"):
            return
        for task in self:
            if user not in task.user_ids and user != task.project_id.user_id:
                raise AccessError(refusal(task))

    def _check_can_block(self):
        """The task's owners, its project lead and the coordinator mark it blocked or unblock it."""
        self._check_owner_or_lead(
            lambda task: self.env._(
                "Only the owners of %(task)s or its project lead can mark it blocked.", task=task.name
            )
        )

    def action_collab_block(self, reason):
        """Mark these tasks blocked, with the reason (what they are waiting for)."""
        reason = self._collab_text_arg(reason, _("The reason"))
        if not reason:
            raise UserError(_("Say what blocks the task: a reason is required."))
        self._check_can_block()
        # sudo: the block flag belongs to the workflow (the guard refuses it from users); the
        # check above allowed the owner or the lead, who may not have write access to the task
        self.sudo().write({"collab_blocked": True, "collab_block_reason": reason})
        for task in self:
            task.sudo().message_post(
                body=_("Marked blocked by %(user)s: %(reason)s", user=self.env.user.name, reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_collab_unblock(self):
        self._check_can_block()
        blocked = self.filtered("collab_blocked")
        # sudo: as in action_collab_block
        blocked.sudo().write({"collab_blocked": False, "collab_block_reason": False})
        for task in blocked:
            task.sudo().message_post(
                body=_("Unblocked by %(user)s.", user=self.env.user.name), subtype_xmlid="mail.mt_note"
            )
        return True

    def action_open_collab_block(self):
        self._collab_records_arg(self)
        self._check_can_block()
        return {
            "type": "ir.actions.act_window",
            "name": _("Mark Blocked"),
            "res_model": "project.task.block",
            "view_mode": "form",
            "target": "new",
            "context": {"default_task_id": self.id},
        }

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

    @api.depends(
        "collab_status",
        "date_planned_end",
        "last_progress_update_id.has_risk",
        "last_progress_update_id.risk_note",
        "last_progress_update_id.date_expected",
    )
    def _compute_warning(self):
        """Red once past the planned end; amber when the last update flags a risk or a late end."""
        for task in self:
            update = task.last_progress_update_id
            if task.collab_status == "done":
                task.warning_level, task.warning_reason = "none", False
            elif task.collab_status == "delayed":
                task.warning_level = "red"
                task.warning_reason = _("Past its planned end (%(date)s)", date=task.date_planned_end)
            elif update.has_risk:
                task.warning_level, task.warning_reason = "amber", update.risk_note
            elif update.date_expected and task.date_planned_end and update.date_expected > task.date_planned_end:
                task.warning_level = "amber"
                task.warning_reason = _(
                    "Expected to end %(expected)s, after the planned %(planned)s",
                    expected=update.date_expected,
                    planned=task.date_planned_end,
                )
            else:
                task.warning_level, task.warning_reason = "none", False

    @api.depends(
        "project_id.tasks.date_planned_start",
        "project_id.tasks.date_planned_end",
        "project_id.tasks.depend_on_ids",
        "project_id.tasks.child_ids",
    )
    def _compute_critical_path(self):
        results, stored = self.project_id._plan_critical_paths()
        fnames = ["slack_days", "is_critical", "critical_rank"]
        tasks = self._with_pending_of_plan(fnames, stored)
        with self.env.protecting([self._fields[fname] for fname in fnames], tasks):
            for index, fname in enumerate(fnames):
                tasks._assign_computed(
                    fname,
                    {task_id: values[index] for task_id, values in results.items()},
                    {task_id: row[fname] for task_id, row in stored.items()},
                )

    @api.depends_context("lang")
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
                        start=format_date(self.env, task.date_planned_start),
                        code=p.wbs_code or "",
                        name=p.name,
                        end=format_date(self.env, p.date_planned_end),
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

    @api.constrains("date_planned_start", "date_planned_end")
    def _check_planned_dates_range(self):
        """Planned dates stay within 1900-01-01 … 2200-12-31: a typo like 9999-12-31 is refused
        instead of breaking every date computation of the plan (timeline, reminders, dossier)."""
        first, last = plan_scheduling.DATE_MIN, plan_scheduling.DATE_MAX
        for task in self:
            for day in (task.date_planned_start, task.date_planned_end):
                if day and not first <= day <= last:
                    raise ValidationError(
                        _(
                            "The planned dates of %(task)s must lie between %(first)s and %(last)s, not %(date)s.",
                            task=task.display_name,
                            first=first,
                            last=last,
                            date=day,
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
        # a phase's dates follow its sub-tasks (which the lock covers): only its scope is checked below
        self.filtered(lambda t: not t.collab_is_phase)._check_plan_lock()

    @api.constrains(*(fname for fname in PLAN_FIELDS if not fname.startswith("date_planned")))
    def _check_phase_scope_not_confirmed(self):
        self.filtered("collab_is_phase")._check_plan_lock()

    def _check_plan_lock(self):
        # only the workflow (superuser, after an approved change request) passes the lock
        if self.env.su and self.env.context.get("collab_plan_change_approved"):
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

    # ------------------------------------------------------------------------------------------
    # Reminder rules (section 4), run by the one engine; thresholds are settings
    # ------------------------------------------------------------------------------------------
    def _collab_reminder_rules(self):
        company = self.env.company
        # sudo: the thresholds of every company whose tasks the engine may find
        companies = self.env["res.company"].sudo().search([])

        def setting(fname):
            """The threshold of the task's own company (this company's when it has none)."""
            return SQL(
                "COALESCE((SELECT %s FROM res_company WHERE res_company.id = %s), %s)",
                SQL.identifier("res_company", fname),
                SQL.identifier(self._table, "company_id"),
                company[fname],
            )

        owner_days = max(companies.mapped("collab_remind_owner_days"), default=company.collab_remind_owner_days)
        head_days = max(companies.mapped("collab_remind_head_days"), default=company.collab_remind_head_days)
        end = SQL.identifier(self._table, "date_planned_end")

        def day_start(day):
            # the start of that day in the task's company's time zone (up to 14 h before UTC's)
            return self.env["res.company"]._collab_day_start_sql(day, SQL.identifier(self._table, "company_id"))

        watched = [
            ("collab_request_id", "!=", False),
            ("state", "not in", CLOSED),
            ("date_planned_end", "!=", False),
            # a phase is chased through its sub-tasks, not a second time for itself
            ("collab_is_phase", "=", False),
        ]
        return [
            ReminderRule(
                "task_due_owner",
                self._name,
                watched,
                day_start(SQL("%s - %s", end, setting("collab_remind_owner_days"))),
                "_remind_due_owner",
                due_domain=lambda now: [("date_planned_end", "<=", now.date() + timedelta(days=owner_days + 1))],
            ),
            ReminderRule(
                "task_due_heads",
                self._name,
                watched,
                day_start(SQL("%s - %s", end, setting("collab_remind_head_days"))),
                "_remind_due_heads",
                due_domain=lambda now: [("date_planned_end", "<=", now.date() + timedelta(days=head_days + 1))],
            ),
            ReminderRule(
                "task_overdue",
                self._name,
                watched,
                day_start(SQL("%s + 1", end)),
                "_remind_overdue",
                due_domain=lambda now: [("date_planned_end", "<", now.date() + timedelta(days=1))],
            ),
            ReminderRule(
                "task_stale",
                self._name,
                [*watched, ("collab_status", "=", "in_progress")],
                SQL.identifier(self._table, "collab_stale_due"),
                "_remind_stale",
                due_domain=lambda now: [("collab_stale_due", "<=", now)],
            ),
        ]

    def _remind(self, recipients, template, summary):
        self.env["collab.reminder.engine"].remind_by_activity(
            {task: users for task, users in recipients.items() if users}, template, summary
        )
        return {task.id: users for task, users in recipients.items()}

    def _remind_due_owner(self, rule):
        sent = {}
        for company, tasks in self.grouped("company_id").items():
            sent |= tasks._remind(
                {task: task.user_ids for task in tasks},
                "cross_dept_collab.collab_task_due_note",
                # the summary in each recipient's language
                lambda env, company=company: env._(
                    "Due in %(days)s days", days=(company or self.env.company).collab_remind_owner_days
                ),
            )
        return sent

    def _remind_due_heads(self, rule):
        responsibility = self.env["collab.responsibility"]
        heads = responsibility.department_heads(self.collab_department_id)
        return self._remind(
            {
                task: (heads[task.collab_department_id.id][0] if task.collab_department_id else self.env["res.users"])
                | responsibility.coordinator(task.company_id or None)
                for task in self
            },
            "cross_dept_collab.collab_task_due_note",
            lambda env: env._("Due tomorrow"),
        )

    def _remind_overdue(self, rule):
        """The project lead and lead department are alerted (the engine's daily status refresh has
        already turned the task delayed and red)."""
        heads = self.env["collab.responsibility"].department_heads(self.project_id.lead_department_id)
        recipients = {}
        for task in self:
            lead_department = task.project_id.lead_department_id
            recipients[task] = task.project_id.user_id | (
                heads[lead_department.id][0] if lead_department else task.project_id.user_id
            )
        return self._remind(recipients, "cross_dept_collab.collab_task_overdue_note", lambda env: env._("Overdue task"))

    def _remind_stale(self, rule):
        managers = self.env["collab.responsibility"].managers_of(self.user_ids)
        recipients = {}
        for task in self:
            recipients[task] = task.user_ids | self.env["res.users"].union(
                *(managers[user.id] for user in task.user_ids if user.id in managers)
            )
        return self._remind(
            recipients, "cross_dept_collab.collab_task_stale_note", lambda env: env._("No progress update")
        )

    def init(self):
        result = super().init()
        # the engine's status refresh reads exactly these rows: open tasks whose stored status
        # may have gone stale with the date (see _collab_refresh_date_statuses); phases follow
        # their sub-tasks. The open-task index replaces one that knew no waiting or blocked task.
        self.env.cr.execute("DROP INDEX IF EXISTS project_task_collab_status_open_end_idx")
        tools.create_index(
            self.env.cr,
            "project_task_collab_status_open_plan_end_idx",
            self._table,
            ["date_planned_end"],
            where="collab_status IN ('not_started', 'waiting', 'in_progress', 'blocked')",
        )
        tools.create_index(
            self.env.cr,
            "project_task_collab_status_delayed_end_idx",
            self._table,
            ["date_planned_end"],
            where="collab_status = 'delayed'",
        )
        return result

    @api.model
    def _collab_refresh_date_statuses(self, limit=None):
        """Called by the reminder engine on each run: the stored status, warning and project badge
        of every task (of any project) whose status changed with the date since it was written —
        open tasks whose planned end has passed, or delayed ones whose end is ahead again — and of
        the tasks that follow from them: their dependants (waiting ↔ blocked) and their phases. One
        indexed query finds them (none on most runs: the rows change once a day); only the rows
        whose values change are written. Returns how many tasks turned (or stopped being) delayed."""

        # each company's day, like _compute_collab_status and the engine's due moments: one query
        # over the (few) days the companies are in; tasks without a company count the current one's
        def stale_on(day):
            return [
                "|",
                "&",
                ("collab_status", "in", ("not_started", "waiting", "in_progress", "blocked")),
                ("date_planned_end", "<", day),
                "&",
                ("collab_status", "=", "delayed"),
                ("date_planned_end", ">=", day),
            ]

        companies_by_day = defaultdict(list)
        companies_by_day[self.env.company.collab_today()].append(False)
        # sudo: statuses are kept right for every company's tasks, whatever the cron user may read
        for company in self.env["res.company"].sudo().search([]):
            companies_by_day[company.collab_today()].append(company.id)
        on_their_day = expression.OR(
            [expression.AND([[("company_id", "in", ids)], stale_on(day)]) for day, ids in companies_by_day.items()]
        )
        stale = (
            self.sudo()
            .with_context(active_test=False)
            .search(expression.AND([[("collab_is_phase", "=", False)], on_their_day]), limit=limit)
        )
        if stale:
            (stale | stale._collab_status_followers())._refresh_plan_status()
        return len(stale)

    def _collab_status_followers(self):
        """The open tasks whose status may follow from these tasks' status: their dependants and
        phases, and theirs in turn (one recursive query)."""
        rows = self.env.execute_query(
            SQL(
                """WITH RECURSIVE follower(id) AS (
                       SELECT unnest(%s::int[])
                       UNION
                       SELECT next.id FROM follower f
                         JOIN LATERAL (
                             SELECT parent_id AS id FROM project_task WHERE id = f.id AND parent_id IS NOT NULL
                             UNION ALL
                             SELECT task_id FROM task_dependencies_rel WHERE depends_on_id = f.id
                         ) next ON TRUE
                   )
                   SELECT t.id FROM follower JOIN project_task t ON t.id = follower.id
                    WHERE t.collab_status != 'done' AND t.id != ALL(%s::int[])""",
                list(self.ids),
                list(self.ids),
            )
        )
        return self.browse([row[0] for row in rows])

    def _refresh_plan_status(self):
        """Status and warning depend on today's date: recompute them in batch, as the ORM would.
        The stored values are read first, so the flush writes only the rows that change."""
        fnames = ["collab_status", "warning_level", "warning_reason"]
        self.fetch(fnames)
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        projects = self.project_id
        for fname in ("collab_warning_level", "collab_red_task_count"):
            self.env.add_to_compute(projects._fields[fname], projects)
        self.flush_recordset(fnames)
        projects.flush_recordset(["collab_warning_level", "collab_red_task_count"])

    # ------------------------------------------------------------------------------------------
    # Acceptance (section 6): rounds of collab.acceptance until the deliverable passes
    # ------------------------------------------------------------------------------------------
    @api.depends("acceptance_ids.result", "acceptance_ids.round")
    def _compute_acceptance_state(self):
        states = {"pending": "submitted", "pass": "passed", "fail": "rework"}
        for task in self:
            last = task.acceptance_ids.sorted("round")[-1:]
            task.acceptance_state = states[last.result] if last else "none"

    def _check_can_submit_for_acceptance(self):
        self._check_owner_or_lead(
            lambda task: self.env._(
                "Only the owners of %(task)s or the project lead can submit it for acceptance.", task=task.name
            )
        )

    def _default_acceptors(self):
        """Who accepts the deliverable: never its owners (see collab.responsibility)."""
        self.ensure_one()
        return self.env["collab.responsibility"].deliverable_acceptors(self)

    def action_submit_for_acceptance(self):
        """Open the next acceptance round of each task's deliverable."""
        self._check_can_submit_for_acceptance()
        now = fields.Datetime.now()
        vals_list = []
        # sudo: the guard above allowed the owner, who may not read the project (lead, departments)
        for task in self.sudo():
            if not (task.deliverable or "").strip():
                raise UserError(_("%(task)s has no deliverable to submit for acceptance.", task=task.name))
            if task.acceptance_state in ("submitted", "passed"):
                raise UserError(_("The deliverable of %(task)s is already submitted or accepted.", task=task.name))
            open_predecessors = task.depend_on_ids.filtered(lambda p: p.state not in CLOSED)
            if open_predecessors:
                raise UserError(
                    _(
                        "The deliverable of %(task)s cannot be submitted for acceptance before its predecessors are "
                        "done: %(predecessors)s.",
                        task=task.name,
                        predecessors=", ".join(
                            f"{p.wbs_code or ''} {p.name}".strip() for p in open_predecessors.sorted("wbs_code")
                        ),
                    )
                )
            acceptors = task._default_acceptors()
            if not acceptors:
                raise UserError(_("Nobody can accept the deliverable of %(task)s.", task=task.name))
            vals_list.append(
                {
                    "task_id": task.id,
                    "deliverable": task.deliverable,
                    "department_id": task.collab_department_id.id,
                    "owner_id": task.user_ids[:1].id,
                    "acceptance_standard": task.acceptance_standard,
                    "round": max(task.acceptance_ids.mapped("round"), default=0) + 1,
                    "acceptor_ids": [Command.set(acceptors.ids)],
                    "date_asked": now,
                    "deadline": (task.company_id or self.env.company).collab_sla_deadline(
                        now, (task.company_id or self.env.company).collab_department_review_hours, rule="decision"
                    ),
                }
            )
        # sudo: owners submit; the acceptance records belong to the acceptance group they cannot write for
        acceptances = self.env["collab.acceptance"].sudo().create(vals_list)
        acceptances._decision_ask()
        # the rework (if any) is handed in with this submission
        self.sudo().activity_feedback(["cross_dept_collab.mail_activity_type_collab_rework"], feedback=_("Resubmitted"))
        for acceptance in acceptances:
            acceptance.task_id.message_post(
                body=_(
                    "Submitted for acceptance (round %(round)s) to %(acceptors)s.",
                    round=acceptance.round,
                    acceptors=", ".join(acceptance.acceptor_ids.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _on_acceptance_failed(self, acceptance):
        """Back to work for the owners, with an activity due at the rework deadline."""
        self.ensure_one()
        # sudo: the acceptor decides; the task's own write rights belong to its project
        task = self.sudo()
        task.state = "01_in_progress"
        for owner in task.user_ids or task.project_id.user_id:
            task._collab_activity_for(
                owner,
                "cross_dept_collab.mail_activity_type_collab_rework",
                date_deadline=acceptance.rework_deadline,
                note=text_to_html(acceptance.improvement_notes or ""),
            )
        task.message_post(
            body=_(
                "Acceptance round %(round)s failed: %(notes)s — rework due %(deadline)s.",
                round=acceptance.round,
                notes=acceptance.improvement_notes,
                deadline=format_date(self.env, acceptance.rework_deadline),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _on_acceptance_passed(self):
        # sudo: as in _on_acceptance_failed
        tasks = self.sudo()
        # the accepted deliverable is complete, whatever the last progress update said
        tasks.write({"state": "1_done", "collab_progress": 100})
        for task in tasks:
            task.message_post(body=_("Deliverable accepted."), subtype_xmlid="mail.mt_note")
        tasks.project_id._on_deliverables_accepted()
