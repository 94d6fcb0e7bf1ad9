from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class CollabApproval(models.Model):
    """One involved department's review of a request in one round (部门协调反馈表)."""

    _name = "collab.approval"
    _description = "Department Review of a Collaboration Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.decision.mixin", "collab.request.brief"]
    _order = "request_id, round desc, department_id"
    _rec_names_search = ["request_id", "department_id"]

    _decision_user_field = "approver_id"
    _decision_comment_field = "feedback"
    _decision_date_field = "decided_on"
    _decision_activity_type = "cross_dept_collab.mail_activity_type_collab_approval"
    _decision_parent_field = "request_id"
    _decision_initiator_field = "request_id.initiator_id"
    _decision_can_add_approvers = True
    _decision_rule_prefix = "approval"
    _collab_workflow_fields = (
        "request_id",
        "department_id",
        "approver_id",
        "co_decider_ids",
        "is_fallback_approver",
        "round",
        "state",
        "decided_on",
        "deadline",
        "date_asked",
        "response_hours",
    )

    request_id = fields.Many2one("collab.request", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    request_state = fields.Selection(related="request_id.state", string="Request State")
    department_id = fields.Many2one("hr.department", required=True, readonly=True, index=True)
    approver_id = fields.Many2one("res.users", string="Approver", readonly=True, index=True, tracking=True)
    co_decider_ids = fields.Many2many(
        "res.users",
        "collab_approval_co_decider_rel",
        "approval_id",
        "user_id",
        string="Also May Decide",
        readonly=True,
        help="或签: the department's deputies, asked alongside its head; the first decision counts.",
    )
    is_fallback_approver = fields.Boolean(
        "Coordinator Stands In", readonly=True, help="The department has no manager: the coordinator reviews for it."
    )
    round = fields.Integer(required=True, readonly=True, default=1)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("changes_requested", "Changes Requested"),
            ("rejected", "Rejected"),
            ("superseded", "Superseded"),
        ],
        default="pending",
        required=True,
        tracking=True,
        index=True,
    )
    feedback = fields.Text(help="The department's feedback on the request.")
    proposed_date = fields.Date("Proposed Completion")
    resources_needed = fields.Text("Resources Needed from Others")
    remarks = fields.Text()
    decided_on = fields.Datetime(readonly=True, copy=False)
    is_current_round = fields.Boolean(compute="_compute_is_current_round")
    # what the department is asked (the rest of the request: collab.request.brief; related fields
    # read the request as the superuser, so a decider added from outside its departments sees it)
    ask_html = fields.Html("Asked of the Department", compute="_compute_ask_html", compute_sudo=True)
    response_hours = fields.Float("Response Time (h)", compute="_compute_response_hours", store=True, aggregator="avg")

    @api.depends("round", "request_id.review_round")
    def _compute_is_current_round(self):
        for approval in self:
            approval.is_current_round = approval.round == approval.request_id.review_round

    @api.depends("department_id", "request_id.line_ids.description", "request_id.line_ids.date_due")
    def _compute_ask_html(self):
        """The request's asks to this department (what, by when), as an escaped table."""
        Line = self.env["collab.request.line"]
        what = Line._fields["description"]._description_string(self.env)
        due = Line._fields["date_due"]._description_string(self.env)
        for approval in self:
            lines = approval.request_id.line_ids.filtered(
                lambda line, a=approval: line.department_id == a.department_id
            )
            if not lines:
                approval.ask_html = Markup('<p class="text-muted">%s</p>') % _("No specific ask to this department.")
                continue
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td></tr>")
                % (
                    Markup("<br/>").join((line.description or "").splitlines()),
                    format_date(self.env, line.date_due) if line.date_due else "—",
                )
                for line in lines
            )
            approval.ask_html = Markup(
                '<table class="table table-sm"><thead><tr><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>'
            ) % (what, due, rows)

    @api.depends("decided_on", "date_asked")
    def _compute_response_hours(self):
        for approval in self:
            if approval.decided_on and approval.date_asked:
                approval.response_hours = (approval.decided_on - approval.date_asked).total_seconds() / 3600
            else:
                approval.response_hours = 0.0

    @api.depends_context("lang")
    @api.depends("request_id", "department_id", "round")
    def _compute_display_name(self):
        for approval in self:
            approval.display_name = _(
                "%(request)s — %(department)s (round %(round)s)",
                request=approval.request_id.display_name,
                department=approval.department_id.name,
                round=approval.round,
            )

    # decision hooks ------------------------------------------------------------------------------
    def _decider(self):
        self.ensure_one()
        return self.approver_id | self.co_decider_ids

    def _decision_added_values(self, user):
        return {
            "request_id": self.request_id.id,
            "department_id": self.department_id.id,
            "approver_id": user.id,
            "round": self.round,
        }

    def _decision_chase_domain(self):
        return [*super()._decision_chase_domain(), ("request_id.state", "=", "department_review")]

    def _decision_sponsor(self):
        return self.request_id.sponsor_id

    def _decision_allowed_users(self):
        """The department's current head decides too (the manager may have changed since); an
        approver someone added decides alone."""
        if self.added_by_id:
            return self.env["res.users"]
        return self.env["collab.responsibility"].department_head(self.department_id)

    def _decision_activity_summary(self):
        """What tells this review from the decider's others (the request's title before its number,
        which lists cut to "XMBG-20…"); a round asked again says so first (resubmission, second
        coordination)."""
        summary = _(
            "%(title)s (%(number)s) — %(department)s",
            title=self.request_id.title,
            number=self.request_id.name,
            department=self.department_id.name,
        )
        again = self.request_id._review_round_summary()
        return f"{again} · {summary}" if again else summary

    def _decision_activity_note(self):
        note = _(
            "Review %(request)s for %(department)s: give your feedback, proposed date and resources, then "
            "approve, request changes or reject.",
            request=self.request_id.display_name,
            department=self.department_id.name,
        )
        # a round restarted after second coordination: the coordinator's comment and what changed
        restart = self.request_id._review_round_note()
        return f"{note}\n{restart}" if restart else note

    def _check_request_open(self):
        # sudo: a decider added or handed the review from outside the request's departments may
        # not read the request; only its state and round are checked here
        for approval in self.sudo():
            if approval.request_id.state not in ("department_review", "second_coordination"):
                raise UserError(
                    _("%(request)s is no longer under department review.", request=approval.request_id.display_name)
                )
            if not approval.is_current_round:
                raise UserError(_("This review belongs to an earlier round and can no longer be decided."))

    def _decide(self, state, feedback, require_feedback, attachment_ids=None):
        feedback = self._collab_text_arg(feedback, _("Feedback"))
        attachments = self._decision_attachments_arg(attachment_ids)
        self._check_can_decide()
        self._lock_decision_parents()
        self._check_request_open()
        for approval in self:
            text = feedback if feedback is not None else (approval.feedback or "").strip()
            if require_feedback and not text:
                # in the decision's own word: what must change, or why it is rejected
                raise UserError(
                    approval._decision_reason_prompt("reject" if state == "rejected" else "request_changes")
                )
            # sudo: the guard above established the caller as this department's decider; the
            # request's workflow is then advanced on their behalf.
            approval.sudo()._record_decision(state, text or approval.feedback, attachments)
        # the round's outcome is the request's to draw (sudo: as above)
        for request in self.request_id:
            request.sudo()._on_decision(self.filtered(lambda a, r=request: a.request_id == r), state)
        return True

    def _collab_decision_choices(self):
        def feedback(kind):
            return self._decision_reason_input(kind, "feedback", _("Feedback"))

        return [
            self._decision_choice("approve", "action_approve", _("Approve"), "success"),
            self._decision_choice(
                "request_changes",
                "action_request_changes",
                _("Request Changes"),
                "warning",
                [feedback("request_changes")],
            ),
            self._decision_choice("reject", "action_reject", _("Reject"), "danger", [feedback("reject")]),
        ]

    def action_approve(self, feedback=None, attachment_ids=None):
        return self._decide("approved", feedback, require_feedback=False, attachment_ids=attachment_ids)

    def action_request_changes(self, feedback=None, attachment_ids=None):
        return self._decide("changes_requested", feedback, require_feedback=True, attachment_ids=attachment_ids)

    def action_reject(self, feedback=None, attachment_ids=None):
        return self._decide("rejected", feedback, require_feedback=True, attachment_ids=attachment_ids)

    def action_open_request(self):
        self._collab_records_arg(self)
        return self._collab_form_action(self.request_id)
