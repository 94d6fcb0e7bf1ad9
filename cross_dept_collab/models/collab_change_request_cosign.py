from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CollabChangeRequestCosign(models.Model):
    """加签 on a change request: an approval added by its approver (or the coordinator).

    A change request is both the document (what changes, the new dates) and its decision, so an
    added approver cannot be a second change request: their decision is this record, asked
    ``before`` the approver (whose decision waits), ``parallel`` to them or ``after`` them (asked
    once the approver approved). The change is applied only when every added approval is given;
    one refusal rejects the change request.
    """

    _name = "collab.change.request.cosign"
    _description = "Added Approval of a Change Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.decision.mixin"]
    _order = "change_request_id, id"

    _decision_user_field = "user_id"
    _decision_comment_field = "comment"
    _decision_date_field = "decided_on"
    _decision_activity_type = "cross_dept_collab.mail_activity_type_collab_change_request"
    _decision_parent_field = "change_request_id"
    _decision_rule_prefix = "change_cosign"
    _collab_workflow_fields = ("change_request_id", "user_id", "state", "decided_on", "deadline", "date_asked")

    change_request_id = fields.Many2one(
        "collab.change.request", required=True, ondelete="cascade", index=True, readonly=True
    )
    project_id = fields.Many2one(related="change_request_id.project_id", store=True)
    company_id = fields.Many2one(related="change_request_id.company_id", store=True)
    user_id = fields.Many2one("res.users", string="Approver", required=True, readonly=True, index=True)
    state = fields.Selection(
        [("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected"), ("superseded", "Superseded")],
        default="pending",
        required=True,
        tracking=True,
        index=True,
    )
    comment = fields.Text()
    decided_on = fields.Datetime(readonly=True, copy=False)

    @api.depends_context("lang")
    @api.depends("change_request_id", "user_id")
    def _compute_display_name(self):
        # sudo: the added approver sees which change they are asked about
        names = {cosign.id: cosign.sudo().change_request_id.display_name for cosign in self}
        for cosign in self:
            cosign.display_name = _(
                "%(change)s — %(user)s", change=names[cosign.id] or "", user=cosign.user_id.name or ""
            )

    def _decision_activity_note(self):
        change = self.sudo().change_request_id
        return _(
            "%(user)s asks for your approval of %(change)s too: %(description)s",
            user=self.added_by_id.name or "",
            change=change.display_name,
            description=change.description or "",
        )

    def _decision_blockers(self):
        """Added ``after`` the approver: asked once the approver approved."""
        self.ensure_one()
        change = self.sudo().change_request_id
        if self.add_mode == "after" and change.state == "submitted":
            return change.with_env(self.env)
        return self.browse()

    def _decision_sponsor(self):
        return self.env["collab.responsibility"].project_sponsor(self.sudo().project_id)

    def _decision_chase_domain(self):
        return [*super()._decision_chase_domain(), ("change_request_id.state", "in", ("submitted", "approved"))]

    def _check_change_open(self):
        # sudo: only the change's state is checked, whoever was added
        for cosign in self.sudo():
            if cosign.change_request_id.state not in ("submitted", "approved"):
                raise UserError(
                    _("%(change)s is no longer waiting for approvals.", change=cosign.change_request_id.display_name)
                )

    def _decide(self, state, comment, require_comment=False, attachment_ids=None):
        comment = self._collab_text_arg(comment, _("The comment"))
        attachments = self._decision_attachments_arg(attachment_ids)
        self._check_can_decide()
        self._lock_decision_parents()
        self._check_change_open()
        for cosign in self:
            text = (comment if comment is not None else cosign.comment or "").strip()
            if require_comment and not text:
                raise UserError(cosign._decision_reason_prompt("reject"))
            # sudo: the guard above established the caller as this added approver
            cosign.sudo()._record_decision(state, text, attachments)
        self.change_request_id.sudo()._on_cosign_decided(state, self)
        return True

    def _collab_decision_choices(self):
        return self._decision_approve_or_reject()

    def action_approve(self, comment=None, attachment_ids=None):
        return self._decide("approved", comment, attachment_ids=attachment_ids)

    def action_reject(self, reason=None, attachment_ids=None):
        return self._decide("rejected", reason, require_comment=True, attachment_ids=attachment_ids)

    def action_open_change_request(self):
        self._collab_records_arg(self)
        return self._collab_form_action(self.change_request_id)


class CollabChangeRequest(models.Model):
    _inherit = "collab.change.request"

    _decision_can_add_approvers = True

    cosign_ids = fields.One2many(
        "collab.change.request.cosign", "change_request_id", string="Added Approvals", copy=False, readonly=True
    )

    def _pending_cosigns(self):
        # sudo: the added approvals count for the outcome whoever decides
        return self.sudo().cosign_ids.filtered(lambda c: c.state == "pending")

    def _decision_blockers(self):
        """Approvers added ``before`` the approver decide first."""
        self.ensure_one()
        return self._pending_cosigns().filtered(lambda c: c.add_mode == "before").with_env(self.env)

    def _decision_activity_feedback(self):
        """Rejected by an added approver: the approver's request is withdrawn, not decided."""
        if self.state == "rejected" and self.sudo().cosign_ids.filtered(lambda c: c.state == "rejected"):
            return None
        return super()._decision_activity_feedback()

    # 加签 goes through the engine's ``action_add_approver``; the added approvals are records of
    # ``collab.change.request.cosign`` (see there), not more change requests
    def _decision_current_deciders(self):
        return self.approver_id | self._pending_cosigns().user_id

    def _decision_create_added(self, users, mode):
        now = fields.Datetime.now()
        # sudo: the added approvals belong to the workflow, their engine fields are set here
        return (
            self.env["collab.change.request.cosign"]
            .sudo()
            .create(
                [
                    {
                        "change_request_id": self.id,
                        "user_id": user.id,
                        "added_by_id": self.env.uid,
                        "add_mode": mode,
                        "date_asked": now,
                        "deadline": self.deadline,
                    }
                    for user in users
                ]
            )
        )

    def _ask_apply(self):
        """Approved by the approver: added approvers still to decide are asked (those added
        after), and the change is applied only once they all approved."""
        waiting = self.filtered(lambda c: c._pending_cosigns())
        for change in waiting:
            pending = change._pending_cosigns()
            pending._decision_ask()
            change._decision_log(
                _(
                    "%(change)s is approved by %(approver)s; it waits for %(users)s.",
                    change=change.display_name,
                    approver=change.approver_id.name,
                    users=", ".join(pending.user_id.mapped("name")),
                )
            )
        return super(CollabChangeRequest, self - waiting)._ask_apply()

    def _on_cosign_decided(self, state, cosigns):
        for change in self:
            if state != "approved":
                # one refusal rejects the change: the approver's and the others' decisions are withdrawn
                change._pending_cosigns()._supersede_pending()
                reason = cosigns.filtered(lambda c, change=change: c.change_request_id == change)[:1].comment
                change.write({"state": "rejected", "decision_comment": reason, "date_decided": fields.Datetime.now()})
                change._collab_sync_activities()
                change.message_post(
                    body=_("Change request rejected: %(reason)s", reason=reason),
                    partner_ids=(change.requester_id | change.create_uid).partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )
            elif change.state == "submitted":
                # the approvers added before have decided: the approver is asked now
                if not change._decision_blockers():
                    change._decision_ask()
            elif change.state == "approved" and not change._pending_cosigns():
                change._ask_apply()

    def _check_can_apply(self):
        for change in self:
            if change._pending_cosigns():
                raise UserError(
                    _(
                        "%(change)s waits for %(users)s to approve it before it is applied.",
                        change=change.display_name,
                        users=", ".join(change._pending_cosigns().user_id.mapped("name")),
                    )
                )
        return super()._check_can_apply()
