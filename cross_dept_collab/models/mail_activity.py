from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from .collab_workflow_guard import COORDINATOR_GROUP, text_to_html

# Activities that ask a person for a decision: the decision is taken on the record (Approve,
# Request changes, Reject, Sign …), which closes the activity; "Mark Done" would close the to-do
# while the decision stays pending, and cancelling it would silence the decider's clock.
DECISION_ACTIVITY_TYPES = (
    "cross_dept_collab.mail_activity_type_collab_review",
    "cross_dept_collab.mail_activity_type_collab_lead_confirmation",
    "cross_dept_collab.mail_activity_type_collab_approval",
    "cross_dept_collab.mail_activity_type_collab_sponsor_approval",
    "cross_dept_collab.mail_activity_type_collab_signoff",
    "cross_dept_collab.mail_activity_type_collab_change_request",
    "cross_dept_collab.mail_activity_type_collab_acceptance",
    "cross_dept_collab.mail_activity_type_collab_resource_request",
    # a review step of the company's own flow (collab.request.step, step "extra_review")
    "cross_dept_collab.mail_activity_type_collab_extra_review",
)


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.depends("res_model", "res_id", "user_id")
    def _compute_res_name(self):
        """The document's name as its assignee reads it, for the module's records: the stored name
        is shown in the assignee's activities and in the "assigned to you" mail, so it follows the
        assignee's language, not that of whoever caused the activity ("(round 1)" / "（第1輪）")."""
        result = super()._compute_res_name()
        for activity in self.filtered(lambda a: a.res_model and a.res_model.startswith("collab.") and a.res_id):
            lang = activity.user_id.lang
            if lang and lang != self.env.lang:
                record = self.env[activity.res_model].with_context(lang=lang).browse(activity.res_id)
                activity.res_name = record.display_name
        return result

    def _collab_follow_assignee_language(self):
        """Write the module's decision activities again in their assignee's language (after the
        assignee changed it): the summary, the note and the document's name were written in the
        language they had when asked."""
        for activity in self.filtered(lambda a: a.res_model and a.res_model.startswith("collab.") and a.res_id):
            record = (
                self.env[activity.res_model]
                .with_context(lang=activity.user_id.lang or "en_US")
                .browse(activity.res_id)
                .exists()
            )
            kind = getattr(record, "_decision_activity_type", None)
            if not record or not kind or activity.activity_type_id != self.env.ref(kind, raise_if_not_found=False):
                continue
            activity.with_context(mail_activity_quick_update=True).write(
                {
                    "summary": record._decision_activity_summary() or False,
                    "note": text_to_html(record._decision_activity_note()),
                }
            )
            activity.res_name = record.display_name

    def _collab_decision_activities(self):
        types = self.env["mail.activity.type"]
        for xmlid in DECISION_ACTIVITY_TYPES:
            types |= self.env.ref(xmlid, raise_if_not_found=False) or types
        return self.filtered(lambda activity: activity.activity_type_id in types)

    # ------------------------------------------------------------------------------------------
    # Deciding from the activity: the activity resolves its decision through the hook of the
    # record it is on (``_collab_activity_decision``); the buttons and RPC use the one path below.
    # ------------------------------------------------------------------------------------------
    def _collab_decision(self):
        """The decision record this activity asks for (None when none can be resolved)."""
        self.ensure_one()
        if self.res_model not in self.env or not self.res_id:
            return None
        record = self.env[self.res_model].browse(self.res_id).exists()
        hook = getattr(record, "_collab_activity_decision", None)
        decision = hook(self) if record and hook else None
        return decision or None

    def _collab_may_cancel(self):
        """Who may cancel it: anyone for an ordinary activity; its assignee or the coordinator for
        a decision activity (``unlink`` enforces it, the web client hides Cancel for others)."""
        self.ensure_one()
        return bool(
            self.env.su
            or self.user_id == self.env.user
            or not self._collab_decision_activities()
            or self.env.user.has_group(COORDINATOR_GROUP)
        )

    def _collab_decision_info(self):
        """What the web client shows on a decision activity: the choices the current user may take
        (none when another person decides or it is decided), the record to open and whether it
        may be cancelled. ``None`` for an activity that asks for no decision."""
        self.ensure_one()
        if not self._collab_decision_activities():
            return None
        decision = self._collab_decision()
        target = decision or self.env[self.res_model].browse(self.res_id)
        choices = []
        if decision:
            try:
                can_decide = decision.can_decide
            except AccessError:
                can_decide = False
            if can_decide:
                choices = [
                    {key: choice[key] for key in ("key", "label", "style", "inputs")}
                    for choice in decision._collab_decision_choices()
                ]
        return {
            "res_model": target._name,
            "res_id": target.id,
            "choices": choices,
            "can_cancel": self._collab_may_cancel(),
            "labels": {
                "open": _("Open Details"),
                "confirm": _("Confirm"),
                "discard": _("Discard"),
                "required": _("Required"),
            },
        }

    def _to_store(self, store):
        result = super()._to_store(store)
        for activity in self._collab_decision_activities():
            store.add(activity, {"collab_decision": activity._collab_decision_info()})
        return result

    def action_collab_decide(self, decision, values=None):
        """Take the decision this activity asks for, as the current user: ``decision`` is the key of
        one of the decision's choices (``approve``, ``request_changes``, ``reject``, ``sign`` …) and
        ``values`` the choice's inputs (e.g. ``{"feedback": "…"}``). The decision model's own
        action is called, with its checks: only its decider, only while it is pending."""
        if len(self) != 1:
            raise UserError(_("Decide on one activity at a time."))
        if not isinstance(decision, str) or not decision:
            raise UserError(_("Name the decision to take (for example “approve”)."))
        if values is None or values is False:
            values = {}
        if not isinstance(values, dict):
            raise UserError(_("The decision's values must be a dictionary of its inputs."))
        if not self.exists():
            raise UserError(_("This activity is closed already: the decision has been taken or withdrawn."))
        record = self._collab_decision()
        if not record:
            raise UserError(
                _(
                    "The activity “%(activity)s” does not ask for a decision that can be taken here.",
                    activity=self.activity_type_id.name or self.summary or "",
                )
            )
        # the choice's inputs are checked and its action called as the caller: one path with the
        # reason dialog of the decision's form
        record._collab_take_decision(decision, values)
        state = record[record._decision_state_field]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": _(
                    "%(record)s: %(state)s",
                    record=record.display_name,
                    state=record._decision_state_label(state),
                ),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _action_done(self, feedback=False, attachment_ids=None):
        if not self.env.su:
            decisions = self._collab_decision_activities()
            if decisions:
                raise UserError(
                    _(
                        "“%(activity)s” is closed by deciding: open %(record)s and use its decision buttons.",
                        activity=decisions[0].activity_type_id.name,
                        record=decisions[0].res_name or decisions[0].res_model_id.name,
                    )
                )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    # what a decision activity is: whom it asks, on which record, for what — the engine's
    _collab_decision_anchor_fields = ("user_id", "res_model_id", "res_model", "res_id", "activity_type_id")

    def write(self, vals):
        """A decision activity changes hands only with its decision — transfer or delegation
        (which replace it, as superuser, after their own checks): its assignee handing it to
        someone else would leave the decision with him and the reminder with another."""
        if not self.env.su:
            anchors = [fname for fname in self._collab_decision_anchor_fields if fname in vals]
            if anchors:
                moved = self._collab_decision_activities().filtered(
                    lambda activity: any(
                        activity._fields[fname].convert_to_write(activity[fname], activity) != vals[fname]
                        for fname in anchors
                    )
                )
                if moved:
                    raise UserError(
                        _(
                            "“%(activity)s” asks %(user)s for a decision on %(record)s: it changes hands only "
                            "by transferring the decision (Transfer) or through a delegation, not by editing "
                            "the activity.",
                            activity=moved[0].activity_type_id.name,
                            user=moved[0].user_id.name,
                            record=moved[0].res_name or moved[0].res_model_id.name,
                        )
                    )
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            others = self.filtered(lambda activity: not activity._collab_may_cancel())
            if others:
                raise AccessError(
                    _(
                        "Only %(user)s or the coordinator can cancel the activity “%(activity)s”.",
                        user=others[0].user_id.name,
                        activity=others[0].activity_type_id.name,
                    )
                )
        return super().unlink()
