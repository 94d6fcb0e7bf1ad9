"""collab.resource.request: the project lead asks a department of the project for more people or
budget during the project (资源申请/调配) — a decision of that department's head."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class CollabResourceRequest(models.Model):
    """A resource request (资源申请): the project's lead (or the coordinator) drafts what a department
    of the project should add (``line_ids``: people or budget), then asks; the department's head
    decides it like every other decision of the module (activity, transfer, delegation, chase,
    My Approvals, deciding from the activity). Approved, its lines count as approved in the
    project's resource register and in the department's load; refused or withdrawn, they do not.

    Segregation of duties (``_decision_initiator_field``): the head never decides a request he
    made himself (unless the company allows self-approval) — his deputy, else the coordinator,
    is asked instead. Read by who reads the project (``collab_resource_request_access.py``) and by
    its deciders.
    """

    _name = "collab.resource.request"
    _description = "Resource Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.decision.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _decision_user_field = "user_id"
    _decision_comment_field = "comment"
    _decision_date_field = "decided_on"
    _decision_activity_type = "cross_dept_collab.mail_activity_type_collab_resource_request"
    _decision_parent_field = "project_id"
    _decision_initiator_field = "requester_id"
    _decision_rule_prefix = "resource_request"
    _decision_superseded_state = "withdrawn"
    _collab_workflow_fields = (
        "project_id",
        "department_id",
        "requester_id",
        "user_id",
        "state",
        "comment",
        "decided_on",
        "deadline",
        "date_asked",
    )
    _collab_create_fields = ("project_id", "department_id")
    _collab_edit_states = ("draft",)
    _collab_max_lengths = {"name": 200}

    name = fields.Char("Purpose", required=True, help="What the people or budget are needed for.")
    project_id = fields.Many2one(
        "project.project", string="Project", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    department_id = fields.Many2one(
        "hr.department", string="Department Asked", required=True, index=True, readonly=True
    )
    requester_id = fields.Many2one(
        "res.users", string="Requested By", readonly=True, index=True, default=lambda self: self.env.user
    )
    user_id = fields.Many2one("res.users", string="Decider", readonly=True, index=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("pending", "Asked"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    reason = fields.Text("Why", help="Why the project needs more than the department committed.")
    comment = fields.Text("Decision Comment", readonly=True)
    decided_on = fields.Datetime(readonly=True, copy=False)
    line_ids = fields.One2many("collab.resource.line", "resource_request_id", string="Asked For", copy=True)
    can_withdraw = fields.Boolean(compute="_compute_can_withdraw")

    @api.depends_context("lang")
    @api.depends("name", "department_id")
    def _compute_display_name(self):
        for request in self:
            # sudo: the decider reads which department is asked, whatever he may read of HR
            department = request.sudo().department_id.name
            if not department:
                request.display_name = request.name or _("New Resource Request")
                continue
            request.display_name = _("%(purpose)s — %(department)s", purpose=request.name or "", department=department)

    @api.depends_context("uid")
    @api.depends("state", "requester_id", "project_id")
    def _compute_can_withdraw(self):
        for request in self:
            request.can_withdraw = request.state in ("draft", "pending") and request._collab_may_prepare(self.env.user)

    # ------------------------------------------------------------------------------------------
    # Who may prepare it
    # ------------------------------------------------------------------------------------------
    def _collab_may_prepare(self, user):
        """The requester, the project's lead or the coordinator prepare and withdraw it."""
        self.ensure_one()
        # sudo: who leads the project decides, whatever the caller may read of it
        return (
            self.env.su
            or user.has_group("cross_dept_collab.group_collab_coordinator")
            or user in (self.sudo().requester_id | self.sudo().project_id.user_id)
        )

    def _collab_check_create_values(self, vals):
        # the rights speak first: a user without any on resource requests is told so
        self.browse().check_access("create")
        if vals.get("requester_id") and vals["requester_id"] != self.env.uid:
            self._collab_refuse(["requester_id"])
        project = self.env["project.project"].browse(vals.get("project_id") or [])
        if not project:
            return
        project._collab_check_lead_or_coordinator(
            lambda name: _(
                "Only the lead of %(project)s or the coordinator can ask its departments for resources.", project=name
            )
        )
        department = self.env["hr.department"].browse(vals.get("department_id") or [])
        if department and department not in project.sudo()._collab_resource_departments():
            raise UserError(
                _(
                    "%(department)s is not a department of %(project)s: ask one of its team's departments.",
                    department=department.sudo().name,
                    project=project.sudo().display_name,
                )
            )

    def unlink(self):
        # an asked or decided request is part of the record: withdrawn, never deleted
        if not self.env.su:
            self._check_state(("draft",), _("deleted"))
        return super().unlink()

    def _check_state(self, states, operation):
        for request in self:
            if request.state not in states:
                raise UserError(
                    _(
                        "%(request)s is %(state)s: it can no longer be %(operation)s.",
                        request=request.display_name,
                        state=request._decision_state_label(request.state),
                        operation=operation,
                    )
                )

    def _check_may_prepare(self):
        for request in self:
            if not request._collab_may_prepare(self.env.user):
                raise AccessError(
                    _(
                        "Only the requester of %(request)s, the project lead or the coordinator can do this.",
                        request=request.display_name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Asking, withdrawing
    # ------------------------------------------------------------------------------------------
    def _collab_decider_for(self):
        """The department's head; the head's stand-in (deputy, else the coordinator) when he made
        the request himself (segregation of duties)."""
        self.ensure_one()
        head = self.env["collab.responsibility"].department_head(self.department_id)
        if head and head in self._decision_forbidden_deciders():
            return self._decision_stand_in()
        return head

    def action_submit(self):
        """Ask the department's head (the activity, the deadline of a department review)."""
        self._collab_records_arg(self, single=False)
        self._check_state(("draft",), _("asked"))
        self._check_may_prepare()
        self._collab_check_problems(
            lambda r: [] if r.line_ids else [_("Say what you ask for: add people or budget lines.")],
            lambda r: _("%(request)s cannot be asked yet:", request=r.display_name),
        )
        now = fields.Datetime.now()
        for request in self:
            company = request.company_id or self.env.company
            decider = request.sudo()._collab_decider_for()
            if not decider:
                raise UserError(
                    _("Nobody can decide %(request)s: its department has no head.", request=request.display_name)
                )
            # sudo: the checks above established the caller; the workflow asks the head
            request.sudo().write(
                {
                    "state": "pending",
                    "user_id": decider.id,
                    "date_asked": now,
                    "deadline": company.collab_sla_deadline(now, company.collab_department_review_hours, "decision"),
                }
            )
            request.sudo()._decision_log(
                _(
                    "%(user)s asks %(department)s for resources: %(request)s",
                    user=self.env.user.name,
                    department=request.department_id.name,
                    request=request.name,
                )
            )
        self.sudo()._decision_ask()
        self.project_id.sudo()._collab_ensure_resource_registers()
        return True

    def action_withdraw(self, reason=None):
        """The requester takes the request back while it is a draft or asked (not decided)."""
        reason = self._collab_text_arg(reason, _("The reason"))
        self._collab_records_arg(self, single=False)
        self._check_state(("draft", "pending"), _("withdrawn"))
        self._check_may_prepare()
        for request in self:
            request.sudo().write({"state": "withdrawn", "comment": reason or False})
            request.sudo()._collab_sync_activities()
            request.sudo()._decision_log(
                _(
                    "%(user)s withdrew %(request)s. %(reason)s",
                    user=self.env.user.name,
                    request=request.display_name,
                    reason=reason or "",
                )
            )
        return True

    # ------------------------------------------------------------------------------------------
    # Deciding
    # ------------------------------------------------------------------------------------------
    def _decision_allowed_users(self):
        """The department's current head decides too (the head may have changed since), unless it
        was handed to someone else or he made it himself (see ``_user_may_decide``)."""
        if self.previous_decider_ids:
            return self.env["res.users"]
        return self.env["collab.responsibility"].department_head(self.department_id)

    def _decision_sponsor(self):
        return self.env["collab.responsibility"].project_sponsor(self.sudo().project_id)

    def _decision_activity_summary(self):
        return _(
            "Resources for %(project)s — %(department)s",
            project=self.sudo().project_id.display_name,
            department=self.sudo().department_id.name,
        )

    def _decision_activity_note(self):
        request = self.sudo()
        lines = "\n".join(f"- {line._collab_label()}" for line in request.line_ids)
        return _(
            "%(user)s asks %(department)s for resources for %(project)s: %(purpose)s\n%(lines)s\n%(reason)s",
            user=request.requester_id.name or "",
            department=request.department_id.name,
            project=request.project_id.display_name,
            purpose=request.name,
            lines=lines,
            reason=request.reason or "",
        )

    def _decide(self, state, comment, require_comment=False, attachment_ids=None):
        comment = self._collab_text_arg(comment, _("The comment"))
        attachments = self._decision_attachments_arg(attachment_ids)
        self._collab_records_arg(self, single=False)
        self._check_can_decide()
        self._lock_decision_parents()
        for request in self:
            text = (comment or "").strip()
            if require_comment and not text:
                raise UserError(request._decision_reason_prompt("reject"))
            # sudo: the guard above established the caller as this request's decider
            request.sudo()._record_decision(state, text, attachments)
            texts = {
                "approved": _("%(user)s approved %(request)s. %(comment)s"),
                "refused": _("%(user)s refused %(request)s. %(comment)s"),
            }
            request.sudo()._decision_log(
                texts[state] % {"user": self.env.user.name, "request": request.display_name, "comment": text}
            )
        return True

    def _collab_decision_choices(self):
        return self._decision_approve_or_reject("refuse", "action_refuse", _("Refuse"))

    def action_approve(self, comment=None, attachment_ids=None):
        return self._decide("approved", comment, attachment_ids=attachment_ids)

    def action_refuse(self, reason=None, attachment_ids=None):
        return self._decide("refused", reason, require_comment=True, attachment_ids=attachment_ids)

    def action_open_project(self):
        self._collab_records_arg(self)
        return self._collab_form_action(self.project_id)
