import base64
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL

from . import plan_excel, plan_scheduling, plan_timeline
from .collab_reminder_engine import ReminderRule

SIGNOFF_STATES = [("draft", "Draft"), ("confirming", "Signing"), ("confirmed", "Confirmed")]
CHARTER_FIELDS = ("charter_goal", "charter_success_criteria", "charter_scope")
WEEKLY_STATUS_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_weekly_status"
STATUS_SOON_DAYS = 3  # at risk: ends within 3 days …
STATUS_SOON_PROGRESS = 80  # … with less than 80 % done


class ProjectProject(models.Model):
    _name = "project.project"
    _inherit = ["project.project", "collab.workflow.guard"]
    # sign-off states, the request behind the project and computed plan results move only
    # through actions; the sponsor and lead department of a request's project are the coordinator's
    _collab_workflow_fields = (
        "collab_request_id",
        "charter_state",
        "plan_state",
        "signoff_ids",
        "critical_path_task_ids",
        "collab_warning_level",
        "collab_red_task_count",
    )
    _collab_coordinator_fields = ("sponsor_id", "lead_department_id")

    collab_request_id = fields.Many2one(
        "collab.request", string="Collaboration Request", readonly=True, copy=False, index="btree_not_null"
    )
    lead_department_id = fields.Many2one(
        "hr.department", string="Lead Department", tracking=True, index="btree_not_null"
    )
    collab_department_ids = fields.Many2many(
        "hr.department",
        "project_project_collab_department_rel",
        "project_id",
        "department_id",
        string="Collaborating Departments",
    )
    sponsor_id = fields.Many2one("res.users", string="Sponsor", tracking=True, index="btree_not_null")
    charter_goal = fields.Text("Goals")
    charter_success_criteria = fields.Text("Success Criteria")
    charter_scope = fields.Text("Scope")
    charter_state = fields.Selection(SIGNOFF_STATES, default="draft", required=True, copy=False, tracking=True)
    plan_state = fields.Selection(SIGNOFF_STATES, default="draft", required=True, copy=False, tracking=True)
    member_ids = fields.One2many("collab.project.member", "project_id", string="Team", copy=True)
    acceptor_ids = fields.Many2many(
        "res.users",
        "project_project_collab_acceptor_rel",
        "project_id",
        "user_id",
        string="Acceptance Group",
        help="Who judges the deliverables, chosen from the involved departments. Empty: the heads of the lead "
        "department and of each task's department, with the project lead.",
    )
    signoff_ids = fields.One2many(
        "collab.signoff", "res_id", domain=[("res_model", "=", "project.project")], string="Sign-offs", copy=False
    )
    critical_path_task_ids = fields.Many2many(
        "project.task", compute="_compute_critical_path_task_ids", string="Critical Path"
    )
    collab_warning_level = fields.Selection(
        [("none", "None"), ("amber", "Amber"), ("red", "Red")],
        string="Warning",
        compute="_compute_collab_warning",
        store=True,
    )
    collab_red_task_count = fields.Integer("Red Tasks", compute="_compute_collab_warning", store=True)
    # the request's goal, background and scope, with headings in the reader's language (rendered
    # at read time; the project's own description is the team's to write)
    collab_brief_html = fields.Html("From the Request", compute="_compute_collab_brief_html", sanitize=False)
    plan_timeline_svg = fields.Html("Timeline", compute="_compute_plan_timeline_svg", sanitize=False)
    # the form's timeline: the same picture with the task names kept in view while the bars scroll
    plan_timeline_html = fields.Html("Timeline View", compute="_compute_plan_timeline_html", sanitize=False)
    collab_open_risk_ids = fields.One2many(
        "collab.risk",
        "project_id",
        string="Open Risks and Issues",
        domain=[("state", "in", ("open", "mitigating"))],
    )
    collab_open_risk_count = fields.Integer("Open Risks", compute="_compute_collab_open_risk_count")

    # ------------------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------------------
    @api.depends("tasks.warning_level", "tasks.collab_is_phase")
    def _compute_collab_warning(self):
        for project in self:
            # phases are not tasks: a late phase is the late task it contains, counted once
            levels = project.tasks.filtered(lambda t: not t.collab_is_phase).mapped("warning_level")
            project.collab_red_task_count = levels.count("red")
            project.collab_warning_level = "red" if "red" in levels else "amber" if "amber" in levels else "none"

    @api.depends("tasks.is_critical", "tasks.critical_rank")
    def _compute_critical_path_task_ids(self):
        for project in self:
            critical = project.tasks.filtered("is_critical").sorted("critical_rank")
            project.critical_path_task_ids = [Command.set(critical.ids)]

    @api.depends("tasks.date_planned_start", "tasks.date_planned_end", "tasks.collab_status", "tasks.is_critical")
    @api.depends("collab_request_id.goal", "collab_request_id.background", "collab_request_id.scope")
    @api.depends_context("lang")
    def _compute_collab_brief_html(self):
        for project in self:
            # sudo: the project's readers see the charter's origin (goal, background, scope) even
            # when the request's rules do not show them the request itself; the text is escaped
            request = project.sudo().collab_request_id
            project.collab_brief_html = request._project_description() if request else False

    def _compute_plan_timeline_svg(self):
        for project in self:
            project.plan_timeline_svg = Markup(plan_timeline.render_timeline_svg(*project._plan_timeline_input()))

    @api.depends("tasks.date_planned_start", "tasks.date_planned_end", "tasks.collab_status", "tasks.is_critical")
    def _compute_plan_timeline_html(self):
        for project in self:
            project.plan_timeline_html = Markup(plan_timeline.render_timeline_html(*project._plan_timeline_input()))

    def _plan_timeline_input(self):
        """``(tasks, edges, today, labels)`` of the project's timeline, in the reader's language."""
        self.ensure_one()
        labels = {
            "today": _("Today"),
            "critical": _("Critical path"),
            "legend_done": _("Done"),
            "legend_in_progress": _("In progress"),
            "legend_not_started": _("Not started"),
            "legend_delayed": _("Delayed"),
            "legend_blocked": _("Blocked"),
            "legend_waiting": _("Waiting"),
            "no_tasks": _("No planned tasks"),
        }
        tasks = self._plan_tasks()
        return (
            [
                {
                    "id": task.id,
                    "code": task.wbs_code or "",
                    "name": task.name,
                    "start": task.date_planned_start or None,
                    "end": task.date_planned_end or None,
                    "critical": task.is_critical,
                    "status": task.collab_status or "not_started",
                    "progress": task.collab_progress,
                    "level": (task.wbs_code or "").count("."),
                    "department": task.collab_department_id.name or "",
                }
                for task in tasks
            ],
            [(task.id, predecessor.id) for task in tasks for predecessor in task.depend_on_ids],
            self._collab_today(),
            labels,
        )

    def _compute_collab_open_risk_count(self):
        # counted with the reader's rights: only the risks they may see
        if not self.env["collab.risk"].has_access("read"):
            self.collab_open_risk_count = 0
            return
        counts = dict(
            self.env["collab.risk"]._read_group(
                [("project_id", "in", self.ids), ("state", "in", ("open", "mitigating"))], ["project_id"], ["__count"]
            )
        )
        for project in self:
            project.collab_open_risk_count = counts.get(project, 0)

    def _plan_tasks(self):
        """The project's tasks in WBS order."""
        self.ensure_one()

        def sort_key(task):
            return [int(part) for part in (task.wbs_code or "0").split(".")]

        return self.tasks.sorted(sort_key)

    # ------------------------------------------------------------------------------------------
    # Working days from the company calendar
    # ------------------------------------------------------------------------------------------
    def _plan_calendar_functions(self):
        """(is_working_day, next_working_day, add_working_days) from resource.calendar."""
        self.ensure_one()
        calendar = (
            self.resource_calendar_id or self.company_id.resource_calendar_id or self.env.company.resource_calendar_id
        )
        # public holidays in the calendar's time zone, make-up workdays included
        is_working_day = calendar._collab_working_day_checker()

        def next_working_day(day):
            day += timedelta(days=1)
            for _i in range(366):
                if is_working_day(day):
                    return day
                day += timedelta(days=1)
            raise UserError(_("The working calendar %(calendar)s has no working day.", calendar=calendar.name))

        def add_working_days(start, count):
            day = start
            for _i in range(count):
                day = next_working_day(day)
            return day

        return is_working_day, next_working_day, add_working_days

    def _plan_read(self):
        """The plans of these projects straight from SQL: one query for the tasks, one for the dependencies.

        Returns ``(tasks, edges)``: ``tasks`` maps each active task id to its row (``project_id``,
        ``date_planned_start``, ``date_planned_end``, ``is_leaf``, and the stored ``slack_days``,
        ``is_critical``, ``critical_rank``); ``edges`` lists ``(task_id, predecessor_id)`` pairs of
        active tasks of the same project. Reading through the ORM cost 5× the plan itself at 5,000 tasks.
        """
        if not self.ids:
            return {}, []
        Task = self.env["project.task"]
        Task.flush_model(
            ["project_id", "parent_id", "active", "date_planned_start", "date_planned_end", "depend_on_ids"]
        )
        rows = self.env.execute_query_dict(
            SQL(
                """SELECT t.id, t.project_id, t.date_planned_start, t.date_planned_end,
                          t.slack_days, t.is_critical, t.critical_rank,
                          NOT EXISTS (SELECT 1 FROM project_task c
                                       WHERE c.parent_id = t.id AND c.active AND c.recurring_task IS NOT TRUE) AS is_leaf
                     FROM project_task t
                    WHERE t.project_id = ANY(%s) AND t.active""",
                list(self.ids),
            )
        )
        tasks = {row["id"]: row for row in rows}
        edges = self.env.execute_query(
            SQL(
                """SELECT r.task_id, r.depends_on_id
                     FROM task_dependencies_rel r
                     JOIN project_task t ON t.id = r.task_id
                     JOIN project_task p ON p.id = r.depends_on_id
                    WHERE t.project_id = ANY(%s) AND p.project_id = t.project_id AND p.active""",
                list(self.ids),
            )
        )
        return tasks, [(task_id, predecessor_id) for task_id, predecessor_id in edges if task_id in tasks]

    def _plan_graph(self, plan=None):
        """Leaf tasks with both planned dates, their working-day durations and dependency edges."""
        self.ensure_one()
        rows, all_edges = plan or self._plan_read()
        spans = {
            task_id: (row["date_planned_start"], row["date_planned_end"])
            for task_id, row in rows.items()
            if row["project_id"] == self.id and row["is_leaf"] and row["date_planned_start"] and row["date_planned_end"]
        }
        durations = {}
        if spans:
            is_working_day, __, ___ = self._plan_calendar_functions()
            count = plan_scheduling.working_day_counter(
                min(start for start, _end in spans.values()), max(end for _start, end in spans.values()), is_working_day
            )
            durations = {task_id: max(count(start, end), 1) for task_id, (start, end) in spans.items()}
        edges = [(task_id, pred_id) for task_id, pred_id in all_edges if task_id in durations and pred_id in durations]
        return self.env["project.task"].browse(sorted(durations)), durations, edges

    def _plan_critical_paths(self):
        """``({task_id: (slack_days, is_critical, rank)}, stored rows)`` for the planned leaf tasks of
        these projects, read with two queries whatever their number."""
        plan = self._plan_read()
        results = {}
        for project in self:
            results.update(project._plan_critical_path(plan))
        return results, plan[0]

    def _plan_critical_path(self, plan=None):
        """``{task_id: (slack_days, is_critical, rank)}`` for the project's planned leaf tasks."""
        self.ensure_one()
        tasks, durations, edges = self._plan_graph(plan)
        if not tasks:
            return {}
        try:
            result = plan_scheduling.critical_path(durations, edges)
        except plan_scheduling.PlanCycleError:
            return {}
        rank = {task_id: index + 1 for index, task_id in enumerate(result.path)}
        return {task_id: (result.slack[task_id], task_id in rank, rank.get(task_id, 0)) for task_id in durations}

    # ------------------------------------------------------------------------------------------
    # Scheduling
    # ------------------------------------------------------------------------------------------
    def action_recompute_schedule(self):
        """Shift dependants forward so no task starts before its predecessors end (never backward)."""
        self._collab_records_arg(self)
        __, next_working_day, add_working_days = self._plan_calendar_functions()
        tasks, durations, edges = self._plan_graph()
        spans = {task.id: (task.date_planned_start, task.date_planned_end) for task in tasks}
        moved = plan_scheduling.shift_forward(spans, edges, next_working_day, add_working_days, durations=durations)
        by_id = {task.id: task for task in tasks}
        lines = []
        for task_id, (start, end) in sorted(moved.items(), key=lambda item: item[1][0]):
            task = by_id[task_id]
            lines.append(
                _(
                    "%(code)s %(task)s: %(old_start)s → %(start)s, ends %(end)s",
                    code=task.wbs_code or "",
                    task=task.name,
                    old_start=task.date_planned_start,
                    start=start,
                    end=end,
                )
            )
            task.write({"date_planned_start": start, "date_planned_end": end})
        if lines:
            self.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (_("Schedule recomputed, tasks moved:"), Markup("").join(Markup("<li>%s</li>") % li for li in lines)),
                subtype_xmlid="mail.mt_note",
            )
        message = "\n".join(lines) if lines else _("Every task already starts after its predecessors end.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Schedule recomputed"),
                "message": message,
                "type": "success" if lines else "info",
                "sticky": bool(lines),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------------------------------
    # Sign-offs
    # ------------------------------------------------------------------------------------------
    @api.constrains("acceptor_ids", "collab_department_ids", "lead_department_id")
    def _check_acceptors_from_involved_departments(self):
        responsibility = self.env["collab.responsibility"]
        for project in self.filtered("acceptor_ids"):
            departments = project.collab_department_ids | project.lead_department_id
            outsiders = project.acceptor_ids.filtered(
                lambda u, d=departments: not (responsibility.departments_of(u) & d)
            )
            if outsiders:
                raise ValidationError(
                    _(
                        "The acceptance group of %(project)s is chosen from its departments; %(users)s belong to none.",
                        project=project.name,
                        users=", ".join(outsiders.mapped("name")),
                    )
                )

    def _collab_check_write_values(self, vals):
        # only a request's project has its sponsor and lead department chosen by the coordinator
        if self.filtered("collab_request_id"):
            return super()._collab_check_write_values(vals)
        return None

    @api.constrains(*CHARTER_FIELDS)
    def _check_charter_locked(self):
        for project in self:
            # only the workflow (superuser, after an approved change request) passes the lock
            if project.charter_state == "confirmed" and not (
                self.env.su and self.env.context.get("collab_plan_change_approved")
            ):
                raise ValidationError(
                    _(
                        "The charter of %(project)s is signed by every department and locked; "
                        "change it through a change request.",
                        project=project.name,
                    )
                )

    def _check_can_manage_plan(self):
        user = self.env.user
        for project in self:
            if not (
                self.env.su
                or user == project.user_id
                or user.has_group("cross_dept_collab.group_collab_coordinator")
                or user == self.env["collab.responsibility"].department_head(project.lead_department_id)
            ):
                raise UserError(
                    _("Only the project lead, the lead department's head or the coordinator can ask for sign-offs.")
                )

    def action_request_charter_signoff(self):
        self._check_can_manage_plan()
        for project in self:
            if project.charter_state != "draft":
                raise UserError(
                    _("The charter of %(project)s is already being signed or confirmed.", project=project.name)
                )
            departments = project.collab_department_ids | project.lead_department_id
            if not departments:
                raise UserError(
                    _("Add the departments of %(project)s before asking for sign-off.", project=project.name)
                )
            heads = self.env["collab.responsibility"].department_heads(departments)
            project._ask_signoffs("charter", [(heads[d.id][0], d) for d in departments])
            # sudo: the guard above allows the project lead to start the sign-off, which project
            # access rights reserve to project administrators
            project.sudo().charter_state = "confirming"
        return True

    def action_request_plan_signoff(self):
        self._check_can_manage_plan()
        for project in self:
            if project.plan_state != "draft":
                raise UserError(
                    _("The plan of %(project)s is already being signed or confirmed.", project=project.name)
                )
            owners = project.tasks.user_ids
            if not owners:
                raise UserError(
                    _("Assign owners to the tasks of %(project)s before asking for sign-off.", project=project.name)
                )
            project._ask_signoffs("plan", [(owner, self.env["hr.department"]) for owner in owners])
            project.sudo().plan_state = "confirming"  # sudo: as for the charter above
        return True

    def _ask_signoffs(self, kind, signers):
        self.ensure_one()
        now = fields.Datetime.now()
        company = self.company_id or self.env.company
        # a new round: earlier sign-offs of this kind stay as archived history, the undecided
        # ones superseded
        earlier = self.sudo().signoff_ids.filtered(lambda s: s.kind == kind)
        earlier._supersede_pending()
        earlier.active = False
        # sudo: sign-offs are created for the signers, whom the asking user cannot write for
        signoffs = (
            self.env["collab.signoff"]
            .sudo()
            .create(
                [
                    {
                        "res_model": self._name,
                        "res_id": self.id,
                        "kind": kind,
                        "user_id": user.id,
                        "department_id": department.id,
                        "date_asked": now,
                        "deadline": company.collab_sla_deadline(
                            now, company.collab_department_review_hours, "decision"
                        ),
                    }
                    for user, department in signers
                ]
            )
        )
        signoffs._decision_ask()
        return signoffs

    def _on_signoff_decided(self, kind):
        """All signed → confirmed; any refusal → back to draft with the comment."""
        state_field = f"{kind}_state"
        for project in self:
            signoffs = project.signoff_ids.filtered(lambda s, k=kind: s.kind == k)
            refused = signoffs.filtered(lambda s: s.state == "refused")
            if refused:
                # the round is over: undecided sign-offs are withdrawn, decided ones kept as history
                signoffs._supersede_pending()
                project[state_field] = "draft"
                project.message_post(
                    body=_(
                        "%(kind)s refused by %(user)s: %(comment)s",
                        kind=dict(self.env["collab.signoff"]._fields["kind"]._description_selection(self.env))[kind],
                        user=refused[-1:].user_id.name,
                        comment=refused[-1:].comment or "",
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            elif signoffs and all(s.state == "signed" for s in signoffs):
                project[state_field] = "confirmed"
                if kind == "plan" and project.collab_request_id.state == "approved":
                    project.collab_request_id._transition("in_progress", "plan_confirmed")

    # ------------------------------------------------------------------------------------------
    # Excel
    # ------------------------------------------------------------------------------------------
    def _plan_headers(self):
        return [
            _("WBS Code"),
            _("Task Name"),
            _("Owning Department"),
            _("Owner"),
            _("Start – End"),
            _("Deliverable Standard"),
            _("Predecessors"),
            _("Status"),
        ]

    def _plan_rows(self):
        self.ensure_one()
        statuses = dict(self.env["project.task"]._fields["collab_status"]._description_selection(self.env))
        return [
            {
                "code": task.wbs_code or "",
                "name": task.name,
                "department": task.collab_department_id.name or "",
                "owner": ", ".join(task.user_ids.mapped("name")),
                "date_start": task.date_planned_start or None,
                "date_end": task.date_planned_end or None,
                "standard": plan_excel_standard(task.deliverable, task.acceptance_standard),
                "predecessors": sorted((p.wbs_code for p in task.depend_on_ids if p.wbs_code), key=_code_key),
                "status": statuses.get(task.collab_status, ""),
            }
            for task in self._plan_tasks()
        ]

    def action_export_plan_xlsx(self):
        self._collab_records_arg(self)
        content = plan_excel.write_plan_xlsx(self._plan_headers(), self._plan_rows())
        attachment = self.env["ir.attachment"].create(
            {
                "name": _("Plan %(project)s.xlsx", project=self.name),
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    def _collab_translate_task_label(self):
        """What the projects call their tasks, in every installed language: Odoo's default
        ("Tasks") is stored in the language of whoever created the project only, and read in English
        by everyone else. Called when the module opens a project, and by ``make run`` once its
        demo database has its languages."""
        for lang, _lang_name in self.env["res.lang"].get_installed():
            label = self.with_context(lang=lang).env._("Tasks")
            for project in self.with_context(lang=lang).filtered(lambda p: p.label_tasks in (False, "Tasks")):
                project.label_tasks = label

    def action_open_plan_import(self):
        self._collab_records_arg(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Import Plan"),
            "res_model": "collab.plan.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_project_id": self.id},
        }

    # ------------------------------------------------------------------------------------------
    # Acceptance (section 6)
    # ------------------------------------------------------------------------------------------
    def _deliverable_tasks(self):
        """Tasks of the project that carry a deliverable."""
        return self.tasks.filtered(lambda t: (t.deliverable or "").strip())

    def _collab_remaining_tasks(self):
        """What stands between the project and its acceptance: deliverables that have not passed
        acceptance, and the other tasks (phases aside: their tasks count) that are not done or
        cancelled. The project is accepted when its results are, and a task without a deliverable
        is part of the result too."""
        self.ensure_one()
        return self.tasks.filtered(
            lambda t: (
                not t.collab_is_phase
                and (
                    t.acceptance_state != "passed"
                    if (t.deliverable or "").strip()
                    else t.state not in ("1_done", "1_canceled")
                )
            )
        )

    collab_remaining_work = fields.Text(
        "Remaining Work",
        compute="_compute_collab_remaining_work",
        help="Deliverables not yet accepted and open tasks: the request is accepted when there are none.",
    )
    collab_remaining_count = fields.Integer("Remaining Tasks", compute="_compute_collab_remaining_work")

    @api.depends("tasks.acceptance_state", "tasks.state", "tasks.deliverable", "tasks.collab_is_phase")
    def _compute_collab_remaining_work(self):
        for project in self:
            remaining = project._collab_remaining_tasks() if project.collab_request_id else self.env["project.task"]
            project.collab_remaining_count = len(remaining)
            project.collab_remaining_work = project._collab_remaining_text(remaining)

    def _collab_remaining_text(self, remaining):
        """One line per remaining task, in the reader's language, the deliverables first."""
        if not remaining:
            return False
        states = dict(remaining._fields["acceptance_state"]._description_selection(self.env))
        statuses = dict(remaining._fields["collab_status"]._description_selection(self.env))
        deliverables = remaining.filtered(lambda t: (t.deliverable or "").strip())

        def label(task):
            # (not an f-string inside the translated call: Odoo's term extractor cannot read one)
            return " ".join(filter(None, (task.wbs_code, task.name)))

        lines = [
            _(
                "%(task)s: deliverable %(deliverable)s not accepted yet (%(state)s)",
                task=label(task),
                deliverable=task.deliverable,
                state=states.get(task.acceptance_state, task.acceptance_state),
            )
            for task in deliverables.sorted(lambda t: (t.wbs_code or "", t.id))
        ]
        lines += [
            _(
                "%(task)s: not done (%(status)s)",
                task=label(task),
                status=statuses.get(task.collab_status, task.collab_status),
            )
            for task in (remaining - deliverables).sorted(lambda t: (t.wbs_code or "", t.id))
        ]
        return "\n".join(lines)

    def _on_deliverables_accepted(self):
        """When every deliverable of a project passed and every other task is done or cancelled,
        its request is accepted (see _collab_remaining_tasks)."""
        for project in self.filtered("collab_request_id"):
            deliverables = project._deliverable_tasks()
            if deliverables and not project._collab_remaining_tasks():
                project.collab_request_id._on_deliverables_accepted()

    def action_open_wbs(self):
        self._collab_records_arg(self)
        action = self.env["ir.actions.act_window"]._for_xml_id("cross_dept_collab.project_task_action_wbs")
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

    # ------------------------------------------------------------------------------------------
    # Team, change requests, meetings and the weekly status (sections 4 and 5)
    # ------------------------------------------------------------------------------------------
    collab_change_request_count = fields.Integer("Change Requests", compute="_compute_collab_counts")
    collab_meeting_count = fields.Integer("Meetings", compute="_compute_collab_counts")

    def _compute_collab_counts(self):
        for model, fname in (
            ("collab.change.request", "collab_change_request_count"),
            ("collab.meeting", "collab_meeting_count"),
        ):
            counts = dict(self.env[model]._read_group([("project_id", "in", self.ids)], ["project_id"], ["__count"]))
            for project in self:
                project[fname] = counts.get(project, 0)

    def _collab_member_users(self):
        """The project's people: each department's liaison and module owners, and the project lead."""
        return self.member_ids.liaison_id | self.member_ids.module_owner_ids | self.user_id

    def _collab_status_owner(self):
        """Who publishes the weekly status: the project lead, else the coordinator."""
        self.ensure_one()
        return self.user_id or self.env["collab.responsibility"].coordinator(self.company_id or None)

    def _collab_weekly_status(self):
        """``(status, reasons)`` of the project from its open tasks (``project.update`` statuses).

        off_track: a task is delayed (its planned end has passed and it is not done);
        at_risk: a task is blocked, or ends within 3 days with less than 80 % done;
        on_track otherwise. A waiting task (its predecessors open and on time) is no alarm, and
        phases are not counted: their sub-tasks are.
        """
        self.ensure_one()
        today = self._collab_today()
        soon = today + timedelta(days=STATUS_SOON_DAYS)
        delayed, blocked, due_soon = [], [], []
        for task in self._plan_tasks().filtered(lambda t: t.collab_status != "done" and not t.collab_is_phase):
            label = f"{task.wbs_code or ''} {task.name}".strip()
            end = task.date_planned_end
            if task.collab_status == "delayed" or (end and end < today):
                delayed.append(
                    _(
                        "%(task)s is delayed: planned end %(end)s, %(progress)s%% done.",
                        task=label,
                        end=end or "",
                        progress=int(task.collab_progress),
                    )
                )
            elif task.collab_status == "blocked":
                late = task.depend_on_ids.filtered(lambda p: p.collab_status == "delayed")
                if task.collab_blocked:
                    reason = _("%(task)s is blocked: %(reason)s", task=label, reason=task.collab_block_reason or "")
                else:
                    reason = _(
                        "%(task)s is blocked: its predecessor %(predecessors)s is late.",
                        task=label,
                        predecessors=", ".join(late.mapped("name")) or _("its predecessors"),
                    )
                blocked.append(reason)
            elif (
                task.collab_status != "waiting" and end and end <= soon and task.collab_progress < STATUS_SOON_PROGRESS
            ):
                due_soon.append(
                    _(
                        "%(task)s ends on %(end)s and is only %(progress)s%% done.",
                        task=label,
                        end=end,
                        progress=int(task.collab_progress),
                    )
                )
        if delayed:
            status = "off_track"
        elif blocked or due_soon:
            status = "at_risk"
        else:
            status = "on_track"
        return status, delayed + blocked + due_soon

    def _collab_status_html(self, status, reasons):
        labels = dict(self.env["project.update"]._fields["status"]._description_selection(self.env))
        body = Markup("<p>%s</p>") % _("Proposed status: %(status)s", status=labels[status])
        if reasons:
            body += Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % reason for reason in reasons)
        else:
            body += Markup("<p>%s</p>") % _("No task is delayed, blocked or about to miss its planned end.")
        return body

    def action_prepare_status_update(self):
        """The ``project.update`` form pre-filled with this week's status and its reasons."""
        self._collab_records_arg(self)
        status, reasons = self._collab_weekly_status()
        week = self._collab_today().isocalendar()[1]
        return {
            "type": "ir.actions.act_window",
            "name": _("Weekly Status"),
            "res_model": "project.update",
            "view_mode": "form",
            "views": [(self.env.ref("project.project_update_view_form").id, "form")],
            "target": "current",
            "context": {
                "active_id": self.id,
                "default_project_id": self.id,
                "default_status": status,
                "default_name": _("Week %(week)s", week=str(week).zfill(2)),
                "default_description": self._collab_status_html(status, reasons),
            },
        }

    def _collab_reminder_rules(self):
        rules = getattr(super(), "_collab_reminder_rules", list)()
        now = fields.Datetime.to_datetime(self.env.context.get("collab_reminder_now") or fields.Datetime.now())
        # Monday 00:00 of this week in the company's time zone (its working calendar's), in UTC
        company = self.env.company
        today = company.collab_today(now)
        week_start = company._collab_day_start(today - timedelta(days=today.weekday()))
        rules.append(
            ReminderRule(
                code="project_weekly_status",
                model=self._name,
                # a project created during the week is first asked the following Monday
                domain=[
                    ("collab_request_id", "!=", False),
                    ("last_update_status", "!=", "done"),
                    ("create_date", "<", week_start),
                ],
                moment=SQL("%s::timestamp", week_start),
                handler="_remind_weekly_status",
            )
        )
        return rules

    def _remind_weekly_status(self, rule):
        """Ask the lead to publish this week's status, with the proposed status and its reasons."""
        sent = {}
        for project in self:
            today = project._collab_today()
            owner = project._collab_status_owner()
            if not owner:
                continue
            # the proposal, its reasons and the summary in the owner's language
            local = project.with_context(lang=owner.lang or "en_US")
            status, reasons = local._collab_weekly_status()
            # last week's unanswered ask is replaced by this week's
            project.activity_unlink([WEEKLY_STATUS_ACTIVITY])
            local.activity_schedule(
                WEEKLY_STATUS_ACTIVITY,
                date_deadline=today,
                summary=local.env._("Publish the weekly status"),
                note=local._collab_status_html(status, reasons),
                user_id=owner.id,
            )
            sent[project.id] = owner
        return sent

    # ------------------------------------------------------------------------------------------
    # Risks and issues
    # ------------------------------------------------------------------------------------------
    def action_open_risks(self):
        self._collab_records_arg(self)
        action = self.env["ir.actions.act_window"]._for_xml_id("cross_dept_collab.collab_risk_action")
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id, "search_default_open": 1}
        return action


def _code_key(code):
    return [int(part) for part in code.split(".")]


def plan_excel_standard(deliverable, standard):
    """The seed's single "deliverable standard" column: ``deliverable: standard``."""
    if standard:
        return f"{deliverable or ''}: {standard}"
    return deliverable or ""
