from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .collab_workflow_guard import text_to_html


class CollabDecisionMixin(models.AbstractModel):
    """Decisions: a named person must decide by a deadline, with a comment — approvals, sign-offs,
    acceptance decisions and change-request approvals all build on this.

    Concrete models name their own fields through the class attributes below, add their own
    fields and the effect of the decision; activities are scheduled, closed and removed here.
    """

    _name = "collab.decision.mixin"
    _inherit = ["collab.workflow.guard"]
    _description = "Collaboration decision"

    _decision_user_field = "user_id"
    _decision_comment_field = "comment"
    _decision_date_field = "decided_on"
    _decision_activity_type = None  # xml id of the mail.activity.type asking for the decision
    _decision_pending_state = "pending"
    _decision_state_field = "state"
    # undecided decisions of a closed round: not chased, not decidable, greyed in the history
    _decision_superseded_state = "superseded"
    # the record(s) whose outcome the decisions make (request, project, task): locked while deciding
    _decision_parent_field = None
    # the decision, the decider and the dates belong to the workflow (the guard keeps them)
    _collab_workflow_fields = ("deadline", "date_asked")
    _collab_edit_states = ("pending",)

    deadline = fields.Datetime(copy=False, index=True, help="When the decision is due.")
    date_asked = fields.Datetime("Asked On", copy=False, readonly=True)
    can_decide = fields.Boolean(compute="_compute_can_decide")

    @api.depends_context("uid")
    def _compute_can_decide(self):
        for record in self:
            record.can_decide = record._is_pending() and record._user_may_decide(self.env.user)

    def _is_pending(self):
        self.ensure_one()
        return self[self._decision_state_field] == self._decision_pending_state

    def _decider(self):
        """The user(s) asked to decide; a Many2many user field makes a decision by any of a group."""
        self.ensure_one()
        return self[self._decision_user_field]

    def _decision_allowed_users(self):
        """Users who may decide besides the decider; hook for stand-ins."""
        return self.env["res.users"]

    def _user_may_decide(self, user):
        self.ensure_one()
        return self.env.su or user in self._decider() or user in self._decision_allowed_users()

    def _check_can_decide(self):
        for record in self:
            if not record._is_pending():
                raise UserError(
                    _(
                        "%(record)s has already been decided (%(state)s).",
                        record=record.display_name,
                        state=record._decision_state_label(record[self._decision_state_field]),
                    )
                )
            if not record._user_may_decide(self.env.user):
                raise AccessError(
                    _(
                        "Only %(decider)s can decide on %(record)s.",
                        decider=", ".join(record._decider().mapped("name")) or _("the assigned person"),
                        record=record.display_name,
                    )
                )

    def _lock_decision_parents(self):
        """Lock the parents before the decisions are written and the round's outcome is read."""
        if self._decision_parent_field:
            self[self._decision_parent_field].sudo()._collab_lock()

    def _supersede_pending(self):
        """Undecided decisions of a round that closed: withdrawn, kept for the history."""
        pending = self.filtered(lambda r: r._is_pending())
        if pending:
            pending._cancel_decision_activities()
            # sudo: the workflow closes the round for every decider, whoever called it
            pending.sudo().write({self._decision_state_field: self._decision_superseded_state})
        return pending

    def _decision_state_label(self, state):
        return dict(self._fields[self._decision_state_field]._description_selection(self.env))[state]

    def _decision_activity_note(self):
        return ""

    def _schedule_decision_activities(self):
        """Ask each decider through an activity due at the record's deadline (one per decider)."""
        if not self._decision_activity_type:
            return
        now = fields.Datetime.now()
        for record in self:
            for user in record._decider():
                record.activity_schedule(
                    self._decision_activity_type,
                    date_deadline=fields.Date.context_today(record, record.deadline or now),
                    # the note quotes user text (titles, deliverables): escaped, never HTML
                    note=text_to_html(record._decision_activity_note()),
                    user_id=user.id,
                )

    def _ensure_decision_activities(self):
        """Re-ask deciders whose activity was closed without a decision."""
        activity_type = self.env.ref(self._decision_activity_type)
        missing = self.filtered(lambda r: activity_type not in r.activity_ids.activity_type_id)
        missing._schedule_decision_activities()

    def _record_decision(self, state, comment):
        """Store the decision and close the activity with it as feedback."""
        now = fields.Datetime.now()
        self.write(
            {self._decision_state_field: state, self._decision_comment_field: comment, self._decision_date_field: now}
        )
        if self._decision_activity_type:
            label = self._decision_state_label(state)
            feedback = f"{label}: {comment}" if comment else label
            # sudo: the decider closes the activity even when it was assigned to a stand-in.
            self.sudo().activity_feedback([self._decision_activity_type], feedback=feedback)

    def _cancel_decision_activities(self):
        if self._decision_activity_type:
            # sudo: withdrawing a request removes activities assigned to other people.
            self.sudo().activity_unlink([self._decision_activity_type])
