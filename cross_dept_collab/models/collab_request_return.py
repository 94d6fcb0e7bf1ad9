"""Return to any earlier step (退回到任意节点): the decider of the request's current step sends it
back to a step of its path already passed, or to its initiator, with a reason.

The move is the workflow's RETURN_TO event (collab_request_workflow.py): logged "return_to" with
the from and to steps as data (rendered per reader), the pending decisions superseded, the
returned-to step's deciders asked again. The request remembers the step that returned it
(``flow_return_from``); what happens once the returned-to step approves again is the flow's
``resubmit_mode``: every step after it runs again (``rerun_from_target``), or the request goes
straight back to the step that returned it (``to_returning_step``), the steps in between keeping
their approvals.
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .collab_request_flow import ENTRY_APPROVED_AT, ENTRY_CURRENT, ENTRY_DONE, ENTRY_TODO, KIND_STATES
from .collab_workflow_guard import COORDINATOR_GROUP

# the states a request may be returned to an earlier step from: a step of its path is decided, or
# the coordinator coordinates the departments' answers
RETURN_TO_STATES = (*KIND_STATES.values(), "second_coordination")
# the returned-to step approves again: straight back to the step that returned it
STRAIGHT_BACK = "to_returning_step"
# the target of a return to the initiator
INITIATOR = -1


class CollabRequest(models.Model):
    _inherit = "collab.request"

    flow_return_from = fields.Integer(
        "Returned From Step",
        default=-1,
        readonly=True,
        copy=False,
        help="The step of the path that returned the request to an earlier step (-1: none).",
    )
    can_return_to = fields.Boolean(compute="_compute_can_return_to")

    @api.depends_context("uid")
    @api.depends("state", "step_ids.state", "approval_ids.state")
    def _compute_can_return_to(self):
        user = self.env.user
        for request in self:
            request.can_return_to = bool(request.state in RETURN_TO_STATES and request._collab_return_decisions(user))

    # ------------------------------------------------------------------------------------------
    # Who returns, and to where
    # ------------------------------------------------------------------------------------------
    def _collab_return_decisions(self, user):
        """The pending decisions of the current step ``user`` may take (a step record, or a
        department's review); in second coordination, the request itself for the coordinator."""
        self.ensure_one()
        if self.state == "second_coordination":
            return self if (self.env.su or user.has_group(COORDINATOR_GROUP)) else self.browse()
        # sudo: the current decisions are found for the caller, who may not read the others'
        if self.state == "department_review":
            pending = self.sudo().current_approval_ids.filtered(lambda a: a._is_pending())
        else:
            pending = self.sudo()._current_steps()
        pending = pending.with_env(self.env)
        return pending.filtered(lambda d: d._user_may_decide(user) and not d._decision_blockers())

    def _collab_return_targets(self):
        """The path indexes the request may be returned to now: the steps passed (done or approved
        at an earlier step) before the current one; the initiator (-1) is always a target."""
        self.ensure_one()
        return [
            entry["index"]
            for entry in self.flow_path or []
            if entry["index"] < self.flow_position and entry["state"] in (ENTRY_DONE, ENTRY_APPROVED_AT)
        ]

    def _collab_step_label(self, index):
        """ "Step 2 (Lead Confirmation)" in the current language; the initiator for -1."""
        self.ensure_one()
        if index == INITIATOR:
            return _("The initiator")
        step = self._collab_flow_step(index)
        return _("Step %(number)s (%(step)s)", number=index + 1, step=step.name or "")

    def _collab_return_target_arg(self, target_index):
        """The returned-to index (-1: the initiator) from an RPC argument: an integer index of a
        step already passed, or -1 / False / None for the initiator; anything else is refused."""
        self.ensure_one()
        if target_index is None or target_index is False:
            return INITIATOR
        if isinstance(target_index, bool) or not isinstance(target_index, int):
            raise UserError(
                _("The step to return to must be the number of a step of the path (or -1 for the initiator).")
            )
        if target_index == INITIATOR:
            return INITIATOR
        path = self.flow_path or []
        if not 0 <= target_index < len(path):
            raise UserError(
                _(
                    "%(request)s has no step %(index)s: its path has %(count)s steps.",
                    request=self.display_name,
                    index=target_index,
                    count=len(path),
                )
            )
        if target_index not in self._collab_return_targets():
            entry = path[target_index]
            if entry["state"] == "skipped":
                message = _(
                    "%(step)s was skipped: %(request)s can only be returned to a step it went through.",
                    step=self._collab_step_label(target_index),
                    request=self.display_name,
                )
            else:
                message = _(
                    "%(step)s has not been passed yet: %(request)s can only be returned to an earlier step.",
                    step=self._collab_step_label(target_index),
                    request=self.display_name,
                )
            raise UserError(message)
        return target_index

    # ------------------------------------------------------------------------------------------
    # The action (the request form's button, and RPC)
    # ------------------------------------------------------------------------------------------
    def action_return_to(self, target_index=None, reason=None):
        """Return the request to the step of its path at ``target_index`` (already passed), or to
        its initiator (-1, False), with ``reason``: as the decider of its current step (the
        caller's pending decision of it), or as the coordinator in second coordination."""
        self._collab_records_arg(self)
        reason = self._collab_text_arg(reason, _("The reason"))
        if self.state not in RETURN_TO_STATES:
            raise UserError(self._state_refusal(_("returned to an earlier step")))
        if self.state == "second_coordination":
            self._check_coordinator()
            self._collab_lock()
            target = self._collab_return_target_arg(target_index)
            self._collab_return_reason_check(reason)
            self._collab_return_to(target, reason)
            return True
        decision = self._collab_return_decision()
        return decision.action_return_to(target_index, reason)

    def _collab_return_decision(self):
        """The caller's pending decision of the current step (the first pending one when the
        caller holds none: deciding it refuses with who decides)."""
        self.ensure_one()
        decision = self._collab_return_decisions(self.env.user)[:1]
        if decision:
            return decision
        # sudo: as in _collab_return_decisions
        pending = (
            self.sudo().current_approval_ids.filtered(lambda a: a._is_pending())
            if self.state == "department_review"
            else self.sudo()._current_steps()
        )
        decision = pending.with_env(self.env)[:1]
        if not decision:
            raise UserError(
                _(
                    "%(request)s is no longer waiting for this decision (%(state)s).",
                    request=self.display_name,
                    state=self._state_label(),
                )
            )
        return decision

    def action_open_return_to_wizard(self):
        """The "Return to a Step" dialog, for the decider of the current step (the coordinator in
        second coordination)."""
        self._collab_records_arg(self)
        if self.state not in RETURN_TO_STATES:
            raise UserError(self._state_refusal(_("returned to an earlier step")))
        if self.state == "second_coordination":
            self._check_coordinator()
            return self.env["collab.request.return.to"]._collab_open(self, self)
        return self._collab_return_decision().action_open_return_to_wizard()

    def _collab_return_reason_check(self, reason):
        if not reason:
            raise UserError(_("Please give the reason for returning the request to an earlier step."))

    def _collab_return_from_decision(self, decisions, target_index, reason):
        """``decisions`` (pending decisions of the current step, their decider checked) return the
        request: each records "returned" with the reason, the step's other pending decisions are
        superseded, the request moves back. The decision's guards ran (decider, request open)."""
        self.ensure_one()
        target = self._collab_return_target_arg(target_index)
        self._collab_return_reason_check(reason)
        # sudo: the caller is the decider of these decisions (checked by the caller)
        for decision in decisions.sudo():
            decision._record_decision("returned", reason)
        self._collab_return_to(target, reason)
        return True

    def _collab_return_to(self, target, reason):
        """Move the request back to ``target`` (an index, -1: the initiator) through the workflow."""
        self.ensure_one()
        position = self.flow_position
        changes = [
            {
                "kind": "return_to",
                "from_index": position,
                "from_step": self._collab_flow_step(position).id or False,
                "to_index": target,
                "to_step": self._collab_flow_step(target).id if target != INITIATOR else False,
            }
        ]
        # sudo: the caller's authority was checked; the workflow moves the request on their behalf
        self.sudo()._fire("return_to", reason=reason, changes={self.sudo(): changes}, position=target)

    # ------------------------------------------------------------------------------------------
    # The path: where a return goes, and where the returned-to step's approval goes
    # ------------------------------------------------------------------------------------------
    def _collab_straight_back(self):
        self.ensure_one()
        # sudo: the frozen version's rule is read for the workflow
        return self.flow_version_id.sudo().resubmit_mode == STRAIGHT_BACK

    def _collab_return_stage(self, target):
        """RETURN_TO's target (``_fire``): ``(state, index)`` of the returned-to step, now current
        again — the steps after it to do again, or (straight back) the ones up to the step that
        returned it keeping their approvals — or ``("draft", position)`` for the initiator (the
        path stays as it was: the resubmission resolves it again)."""
        self.ensure_one()
        back = self.flow_position
        if target == INITIATOR:
            self.sudo().flow_return_from = -1
            return "draft", back
        if self._collab_straight_back():
            updates = {target: {"state": ENTRY_CURRENT}}
            if 0 <= back < len(self.flow_path or []):
                updates[back] = {"state": ENTRY_TODO}
            self._collab_set_entries(updates)
            self.sudo().flow_position = target
        else:
            self._collab_enter_position(target)
        # sudo: the workflow's memory of where the return came from
        self.sudo().flow_return_from = back
        return KIND_STATES[self.flow_path[target]["kind"]], target

    def _collab_next_stage(self):
        """After a return to a step (straight back): its approval sends the request to the step
        that returned it; the memory of the return is cleared either way."""
        self.ensure_one()
        back = self.flow_return_from
        if back < 0:
            return super()._collab_next_stage()
        # sudo: the workflow's memory of where the return came from
        self.sudo().flow_return_from = -1
        path = self.flow_path or []
        if not (self._collab_straight_back() and self.flow_position < back < len(path)):
            return super()._collab_next_stage()
        now = fields.Datetime.to_string(fields.Datetime.now())
        self._collab_set_entries(
            {
                self.flow_position: {
                    "state": ENTRY_DONE,
                    "date_done": now,
                    "done_by": self._collab_deciders_of_position(),
                },
                back: {"state": ENTRY_CURRENT},
            }
        )
        return KIND_STATES[path[back]["kind"]], back

    def _collab_resolve_path(self, keep_done=False):
        """Resolving again after the PMO accepts (returned to the PMO review, straight back): the
        steps up to the one that returned it keep their approvals too."""
        kept = {
            request: request.flow_path
            for request in self
            if keep_done and request.flow_return_from > request.flow_position and request._collab_straight_back()
        }
        result = super()._collab_resolve_path(keep_done=keep_done)
        for request, old in kept.items():
            updates = {
                entry["index"]: {key: entry[key] for key in ("state", "done_by", "date_done") if key in entry}
                for entry in old
                if request.flow_position < entry["index"] < request.flow_return_from
            }
            request._collab_set_entries(updates)
        return result
