from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

CHANGE_TYPES = [
    ("goal", "Goal"),
    ("scope", "Scope"),
    ("schedule", "Plan Dates"),
    ("resources", "Resources"),
]
APPLY_ACTIVITY = "mail.mail_activity_data_todo"


class CollabChangeRequest(models.Model):
    """A change of a project's goal, scope, plan dates or resources (变更管理).

    The original decision maker (the project's sponsor) approves it through the decision mixin;
    once approved, the project lead, the coordinator or the approver applies it: the new planned
    dates are written past the confirmed-plan lock, dependants are shifted forward and every
    project member is told what moved.
    """

    _name = "collab.change.request"
    _description = "Project Change Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.decision.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _mail_post_access = "read"  # everyone who sees it may discuss it in the chatter

    _decision_user_field = "approver_id"
    _decision_comment_field = "decision_comment"
    _decision_date_field = "date_decided"
    _decision_activity_type = "cross_dept_collab.mail_activity_type_collab_change_request"
    _decision_pending_state = "submitted"
    _decision_parent_field = "project_id"
    _decision_rule_prefix = "change_request"
    _collab_workflow_fields = (
        "name",
        "state",
        "decision_comment",
        "date_submitted",
        "date_decided",
        "date_applied",
        "applied_by_id",
        "apply_summary",
        "deadline",
        "date_asked",
    )
    # the requester and the approver (the original decision maker) are the coordinator's to change
    _collab_coordinator_fields = ("requester_id", "approver_id")
    _collab_edit_states = ("draft",)

    name = fields.Char("Number", default="/", copy=False, readonly=True, index="trigram")
    project_id = fields.Many2one(
        "project.project",
        string="Project",
        required=True,
        index=True,
        tracking=True,
        # no check_company: the change's company is the project's own (a related field), so it is
        # empty on a new change and would narrow the picker to projects without a company
        domain=[("collab_request_id", "!=", False)],
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    project_user_id = fields.Many2one(related="project_id.user_id", string="Project Lead")
    change_type = fields.Selection(
        CHANGE_TYPES, string="What Changes", required=True, default="schedule", tracking=True
    )
    description = fields.Text(help="What exactly changes.")
    reason = fields.Text(help="Why the change is needed.")
    impact = fields.Text(help="Consequences for goal, dates, cost and the other departments.")
    line_ids = fields.One2many("collab.change.request.line", "change_request_id", string="New Plan Dates", copy=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("applied", "Applied"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    requester_id = fields.Many2one(
        "res.users", string="Requested By", required=True, default=lambda self: self.env.user, tracking=True, index=True
    )
    approver_id = fields.Many2one(
        "res.users",
        string="Approver",
        compute="_compute_approver_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        help="The original decision maker: the project's sponsor, else the sponsor of its request.",
    )
    decision_comment = fields.Text("Decision Comment", copy=False, tracking=True)
    date_submitted = fields.Datetime("Submitted On", copy=False, readonly=True)
    date_decided = fields.Datetime("Decided On", copy=False, readonly=True)
    date_applied = fields.Datetime("Applied On", copy=False, readonly=True)
    applied_by_id = fields.Many2one("res.users", string="Applied By", copy=False, readonly=True)
    apply_summary = fields.Html("What Changed", copy=False, readonly=True, sanitize=True)

    can_submit = fields.Boolean(compute="_compute_can")
    can_apply = fields.Boolean(compute="_compute_can")

    # ------------------------------------------------------------------------------------------
    # Computes and ORM
    # ------------------------------------------------------------------------------------------
    @api.depends("project_id")
    def _compute_approver_id(self):
        for change in self:
            if change.state != "draft" and change.approver_id:
                continue
            change.approver_id = change._default_approver()

    def _default_approver(self):
        self.ensure_one()
        project = self.project_id
        # sudo: the request behind the project may be out of the requester's sight; only its
        # sponsor is read, to route the decision to the original decision maker.
        return project.sponsor_id or project.sudo().collab_request_id.sponsor_id.with_env(self.env)

    @api.depends_context("uid")
    @api.depends("state", "requester_id", "approver_id", "project_id.user_id")
    def _compute_can(self):
        user = self.env.user
        for change in self:
            change.can_submit = change.state == "draft" and change._is_requester(user)
            change.can_apply = change.state == "approved" and change._may_apply(user)

    @api.depends("name", "project_id")
    def _compute_display_name(self):
        for change in self:
            change.display_name = " ".join(filter(None, (change.name, change.project_id.name)))

    @api.model_create_multi
    def create(self, vals_list):
        changes = super().create(vals_list)
        # sudo: numbering is a system service (requesters have no rights on ir.sequence) and the
        # number belongs to the workflow, past the guard
        sequence = self.env["ir.sequence"].sudo()
        for change in changes.filtered(lambda c: c.name == "/"):
            change.sudo().name = sequence.next_by_code("collab.change.request") or "/"
        return changes

    def _collab_check_create_values(self, vals):
        chosen = [f for f in self._collab_coordinator_fields if vals.get(f) and vals[f] != self.env.uid]
        if "approver_id" in chosen:
            # the approver is computed from the project; a requester may only repeat it
            project = self.env["project.project"].browse(vals.get("project_id"))
            sponsor = project.sponsor_id or project.sudo().collab_request_id.sponsor_id
            if vals["approver_id"] == sponsor.id:
                chosen.remove("approver_id")
        if chosen:
            self._collab_require_coordinator(chosen)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(change.state != "draft" or change.date_submitted for change in self):
            raise UserError(_("Only change requests that were never submitted can be deleted."))

    # ------------------------------------------------------------------------------------------
    # Guards (one per role)
    # ------------------------------------------------------------------------------------------
    def _is_coordinator(self, user):
        return user.has_group("cross_dept_collab.group_collab_coordinator")

    def _is_requester(self, user):
        """The creator, the named requester, the project lead or the coordinator."""
        self.ensure_one()
        return (
            self.env.su
            or user in (self.create_uid | self.requester_id | self.project_id.user_id)
            or self._is_coordinator(user)
        )

    def _may_apply(self, user):
        self.ensure_one()
        return self.env.su or user in (self.project_id.user_id | self.approver_id) or self._is_coordinator(user)

    def _check_can_request(self):
        for change in self:
            if not change._is_requester(self.env.user):
                raise AccessError(
                    _(
                        "Only the requester of %(change)s, the project lead or the coordinator can submit it.",
                        change=change.display_name,
                    )
                )

    def _check_can_apply(self):
        for change in self:
            if not change._may_apply(self.env.user):
                raise AccessError(
                    _(
                        "Only the project lead, the coordinator or the approver can apply %(change)s.",
                        change=change.display_name,
                    )
                )

    def _check_state(self, states, action):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for change in self:
            if change.state not in states:
                raise UserError(
                    _(
                        "%(change)s cannot be %(action)s while it is %(state)s.",
                        change=change.display_name,
                        action=action,
                        state=labels[change.state],
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------------------------------
    def _get_submit_problems(self):
        """Everything that keeps the change request from being submitted, in one list."""
        self.ensure_one()
        problems = []
        required = {"description": _("Description"), "reason": _("Reason"), "impact": _("Impact")}
        problems += [
            _("%(field)s is missing.", field=label)
            for fname, label in required.items()
            if not (self[fname] or "").strip()
        ]
        if self.change_type == "schedule" and not self.line_ids:
            problems.append(_("Add at least one task with its new planned dates."))
        if not self.approver_id:
            problems.append(_("The project has no sponsor to approve the change: name the approver."))
        elif (
            self.approver_id != self._default_approver() and not self.env.su and not self._is_coordinator(self.env.user)
        ):
            problems.append(
                _("Only the coordinator can name another approver than the sponsor (the original decision maker).")
            )
        return problems

    def action_submit(self):
        self._check_state(("draft",), _("submitted"))
        self._check_can_request()
        self._collab_check_problems(
            lambda change: change._get_submit_problems(),
            lambda change: self.env._("%(change)s cannot be submitted yet:", change=change.display_name),
        )
        now = fields.Datetime.now()
        for change in self:
            hours = (change.company_id or self.env.company).collab_sponsor_approval_hours
            # sudo: the guard above established the caller as requester; the state, the dates and
            # the approver's activity are written on the workflow's behalf.
            change.sudo().write(
                {
                    "state": "submitted",
                    "date_submitted": now,
                    "date_asked": now,
                    "deadline": (change.company_id or self.env.company).collab_sla_deadline(now, hours, "decision"),
                    "decision_comment": False,
                    "date_decided": False,
                }
            )
            change.line_ids.sudo()._snapshot_old_dates()
        self.sudo()._decision_ask()
        return True

    def _decision_activity_note(self):
        return _(
            "Approve or reject the change of %(type)s of %(project)s requested by %(user)s: %(description)s",
            type=dict(self._fields["change_type"]._description_selection(self.env))[self.change_type],
            project=self.project_id.name,
            user=self.requester_id.name,
            description=self.description or "",
        )

    def _decision_sponsor(self):
        return self.env["collab.responsibility"].project_sponsor(self.project_id)

    def _collab_decision_choices(self):
        return self._decision_approve_or_reject()

    def _decision_completed_records(self):
        # the change's round (its approver and the approvers added to it) completes on the change
        return [*super()._decision_completed_records(), self]

    def action_approve(self, comment=None, attachment_ids=None):
        comment = self._collab_text_arg(comment, _("The comment"))
        attachments = self._decision_attachments_arg(attachment_ids)
        self._check_can_decide()
        self._lock_decision_parents()
        for change in self:
            text = (comment if comment is not None else change.decision_comment or "").strip()
            # sudo: the guard above established the caller as the approver; the decision is
            # recorded and the lead is asked to apply it on their behalf.
            change.sudo()._record_decision("approved", text, attachments)
        self.sudo()._ask_apply()
        return True

    def _ask_apply(self):
        """Approved: the project lead (else the requester) is asked to apply the change."""
        for change in self:
            assignee = change.project_id.user_id or change.requester_id
            # the summary and note in the assignee's language
            local = change.with_context(lang=assignee.lang or "en_US")
            local.activity_schedule(
                APPLY_ACTIVITY,
                date_deadline=change._collab_today(),
                summary=local.env._("Apply the approved change request"),
                note=local.env._("%(change)s was approved: apply it to the plan.", change=change.display_name),
                user_id=assignee.id,
            )

    def action_reject(self, reason=None, attachment_ids=None):
        reason = self._collab_text_arg(reason, _("The reason")) or ""
        attachments = self._decision_attachments_arg(attachment_ids)
        self._check_can_decide()
        if not reason:
            raise UserError(_("Say why the change request is rejected: a reason is required."))
        self._lock_decision_parents()
        for change in self:
            # sudo: as for the approval, on behalf of the approver the guard identified
            change.sudo()._record_decision("rejected", reason, attachments)
            # approvers added to it (加签) have nothing left to decide
            change.sudo().cosign_ids._supersede_pending()
            recipients = change.requester_id | change.create_uid
            # one note per language of the people told
            for lang, group in recipients.grouped(lambda user: user.lang or "en_US").items():
                local = change.with_context(lang=lang)
                local.message_post(
                    body=local.env._("Change request rejected: %(reason)s", reason=reason),
                    partner_ids=group.partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )
        return True

    def action_open_reject_wizard(self):
        self._collab_records_arg(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Change Request"),
            "res_model": "collab.change.request.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_change_request_id": self.id},
        }

    def action_apply(self):
        self._check_state(("approved",), _("applied"))
        self._check_can_apply()
        for change in self:
            # sudo: the approved change request is the authority to move the confirmed plan, whose
            # tasks belong to other departments' owners; the guard above checked the caller.
            change.sudo()._apply()
        return True

    # ------------------------------------------------------------------------------------------
    # Applying the change
    # ------------------------------------------------------------------------------------------
    def _apply(self):
        """Write the new dates, shift dependants, tell every member, mark the request applied."""
        self.ensure_one()
        project = self.project_id.with_context(collab_plan_change_approved=True)
        before = {task.id: (task.date_planned_start, task.date_planned_end) for task in project.tasks}
        self.line_ids._snapshot_old_dates()
        # the new dates first, then their successors shifted once from all of them (as previewed)
        for line in self.line_ids:
            line.task_id.with_context(collab_plan_change_approved=True, collab_no_cascade=True).write(
                {"date_planned_start": line.date_planned_start, "date_planned_end": line.date_planned_end}
            )
        project._plan_cascade(
            {line.task_id.id: (line.old_date_planned_start, line.old_date_planned_end) for line in self.line_ids},
            post=False,
        )
        project.action_recompute_schedule()
        changed_ids = set(self.line_ids.task_id.ids)
        moved = project.tasks.filtered(
            lambda t: (
                t.id in before
                and t.id not in changed_ids
                and (t.date_planned_start, t.date_planned_end) != before[t.id]
            )
        )
        # stored on the change request for everybody: in the company's language
        summary = self.with_context(lang=(self.company_id or self.env.company)._collab_lang())._apply_summary(
            before, moved
        )
        self.write(
            {
                "state": "applied",
                "date_applied": fields.Datetime.now(),
                "applied_by_id": self.env.user.id,
                "apply_summary": summary,
            }
        )
        recipients = project._collab_member_users() | project.sponsor_id
        # the members are told in their own languages, one note per language
        for lang, group in recipients.grouped(lambda user: user.lang or "en_US").items():
            project.with_context(lang=lang).message_post(
                body=self.with_context(lang=lang)._apply_summary(before, moved),
                partner_ids=group.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        self.message_post(body=summary, subtype_xmlid="mail.mt_note")
        self.activity_feedback([APPLY_ACTIVITY], feedback=_("Applied"))

    def _apply_summary(self, before, moved):
        def span(start, end):
            return self.env._("%(start)s – %(end)s", start=start or "?", end=end or "?")

        def label(task):
            return f"{task.wbs_code or ''} {task.name}".strip()

        types = dict(self._fields["change_type"]._description_selection(self.env))
        body = Markup("<p><b>%s</b></p>") % _(
            "Change request %(change)s (%(type)s) applied, approved by %(approver)s.",
            change=self.name,
            type=types[self.change_type],
            approver=self.approver_id.name or "",
        )
        if self.description:
            body += Markup("<p>%s</p>") % self.description
        if self.line_ids:
            items = Markup("").join(
                Markup("<li>%s: %s → %s</li>")
                % (
                    label(line.task_id),
                    span(line.old_date_planned_start, line.old_date_planned_end),
                    span(line.task_id.date_planned_start, line.task_id.date_planned_end),
                )
                for line in self.line_ids
            )
            body += Markup("<p>%s</p><ul>%s</ul>") % (_("Tasks changed:"), items)
        if moved:
            items = Markup("").join(
                Markup("<li>%s: %s → %s (%s)</li>")
                % (
                    label(task),
                    span(*before[task.id]),
                    span(task.date_planned_start, task.date_planned_end),
                    self._moved_reason(task, before, moved),
                )
                for task in moved.sorted(lambda t: (t.date_planned_start or self._collab_today(), t.id))
            )
            body += Markup("<p>%s</p><ul>%s</ul>") % (_("Dependent tasks moved:"), items)
        return body

    def _moved_reason(self, task, before, moved):
        """Why rescheduling moved ``task``, which the change did not name: a phase follows its
        tasks; a task follows its latest predecessor — which the change moved, or which already
        ended after the task's planned start (a conflict already in the plan, fixed on the way)."""
        if task.child_ids:
            return _("a phase: it spans its tasks")
        predecessors = task.depend_on_ids.filtered("date_planned_end")
        if not predecessors:
            return _("rescheduled with the plan")
        latest = max(predecessors, key=lambda p: p.date_planned_end)
        name = f"{latest.wbs_code or ''} {latest.name}".strip()
        if latest.id in set(self.line_ids.task_id.ids) | set(moved.ids):
            return _(
                "its predecessor %(predecessor)s now ends %(end)s",
                predecessor=name,
                end=format_date(self.env, latest.date_planned_end),
            )
        old_start = before.get(task.id, (False, False))[0]
        return _(
            "a conflict already in the plan: it started %(start)s, before its predecessor %(predecessor)s ends "
            "%(end)s; the change did not touch them",
            start=format_date(self.env, old_start) if old_start else "?",
            predecessor=name,
            end=format_date(self.env, latest.date_planned_end),
        )
