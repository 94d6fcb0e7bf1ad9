"""The request's workflow in one room: every transition of ``collab.request`` as one table, the
actions that fire its events, and the activities that follow from its state.

The one path of a decision (docs/architecture.md):

    activity / button → the decision record (collab.request.step, collab.approval) decides
    → ``request._on_decision(decision, outcome)`` → ``_fire(event)`` → TRANSITIONS
    → the transition's effect → ``_collab_sync_activities()``
"""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import SQL

from .collab_request import OPEN_STATES, UNDER_REVIEW_STATES
from .collab_request_flow import KIND_STATES
from .collab_request_return import RETURN_TO_STATES
from .collab_request_revision import revision_changes, revision_snapshot
from .collab_request_step import STEP_OF_STATE
from .collab_workflow_guard import COORDINATOR_GROUP, text_to_html

# the next step of the request's approval path (``_collab_next_stage``): its state, whichever it is
NEXT = "next"
# a step of the path already passed, or the initiator, the current decider returns the request to
# (``_collab_return_stage``): the state of that step, or draft
RETURN_TO = "return_to"
# the targets computed per request, not named by the table
COMPUTED_TARGETS = (NEXT, RETURN_TO)
# (state, event) -> (next state, the company setting holding the next stage's hours, effect).
# ``_fire(event)`` is the only way the request's state changes: it moves the request, logs the
# event (decision log, chatter, CC'd users), runs the effect, then reconciles the activities. An
# approval moves the request to the NEXT step of its path; entering a step asks its deciders
# (ENTER).
TRANSITIONS = {
    ("draft", "submit"): (NEXT, None, None),
    ("submitted", "accept"): (NEXT, None, "_after_accept"),
    ("submitted", "return"): ("draft", None, None),
    ("submitted", "reject"): ("rejected", None, "_after_end"),
    ("lead_confirmation", "confirm_lead"): (NEXT, None, None),
    ("lead_confirmation", "object"): ("submitted", "collab_review_hours", "_after_object"),
    ("lead_confirmation", "reject"): ("rejected", None, "_after_end"),
    ("department_review", "open_second_coordination"): ("second_coordination", None, None),
    ("department_review", "reviews_complete"): (NEXT, None, None),
    ("second_coordination", "restart_review"): ("department_review", None, "_after_restart_review"),
    ("second_coordination", "return"): ("draft", None, "_after_coordination_return"),
    ("second_coordination", "reject"): ("rejected", None, "_after_end"),
    ("sponsor_approval", "sponsor_approve"): (NEXT, None, None),
    ("extra_review", "extra_approve"): (NEXT, None, None),
    ("extra_review", "return"): ("draft", None, None),
    ("extra_review", "reject"): ("rejected", None, "_after_end"),
    ("sponsor_approval", "sponsor_return"): ("second_coordination", None, None),
    # a flow step's time limit returning the request to its initiator from any stage
    # (collab_request_time_limit.py; a person objects, sends back or asks for changes instead)
    ("lead_confirmation", "return"): ("draft", None, "_after_withdraw"),
    ("department_review", "return"): ("draft", None, "_after_withdraw"),
    ("sponsor_approval", "return"): ("draft", None, "_after_withdraw"),
    ("approved", "plan_confirmed"): ("in_progress", None, None),
    ("approved", "accepted"): ("accepted", None, "_after_deliverables_accepted"),
    ("in_progress", "accepted"): ("accepted", None, "_after_deliverables_accepted"),
    ("accepted", "close"): ("closed", None, "_archive_dossier"),
    **{(state, "withdraw"): ("draft", None, "_after_withdraw") for state in UNDER_REVIEW_STATES},
    # the current step's decider (the coordinator in second coordination) returns the request to a
    # step already passed, or to its initiator (collab_request_return.py)
    **{(state, "return_to"): (RETURN_TO, None, "_after_return_to") for state in RETURN_TO_STATES},
    **{(state, "cancel"): ("cancelled", None, "_after_end") for state in OPEN_STATES},
}

# entering a step of the path (by NEXT): (the company setting holding its hours, what asks it)
ENTER = {
    "submitted": ("collab_review_hours", "_enter_pmo_review"),
    "lead_confirmation": ("collab_lead_confirmation_hours", "_enter_lead_confirmation"),
    "department_review": (None, "_open_review_round"),
    "sponsor_approval": ("collab_sponsor_approval_hours", "_enter_sponsor_approval"),
    "extra_review": (None, "_enter_extra_review"),
    "approved": (None, "_enter_approved"),
}
assert set(ENTER) == {*KIND_STATES.values(), "approved"}

# the events decided by the stage's own actor with a reason: the stage's activity is done with it
# (the others remove what nobody is expected to do any more)
FEEDBACK_EVENTS = ("return", "restart_review", "return_to")
# a decision of the request's own stages -> the event its outcome fires
STEP_EVENTS = {
    ("pmo_review", "approved"): "accept",
    ("pmo_review", "returned"): "return",
    ("pmo_review", "rejected"): "reject",
    ("lead_confirmation", "approved"): "confirm_lead",
    ("lead_confirmation", "returned"): "object",
    ("sponsor_approval", "approved"): "sponsor_approve",
    ("sponsor_approval", "returned"): "sponsor_return",
    ("extra_review", "approved"): "extra_approve",
    ("extra_review", "returned"): "return",
}

# who may do the request's own actions, and in which states (``_collab_cannot``): the checks run in
# the listed order, the first one that fails is the reason
INITIATOR_OR_COORDINATOR = "initiator_or_coordinator"
ACTIONS = {
    "submit": (("state", ("draft",)), ("role", INITIATOR_OR_COORDINATOR)),
    "cancel": (("state", OPEN_STATES), ("role", INITIATOR_OR_COORDINATOR)),
    "urge": (("state", UNDER_REVIEW_STATES), ("role", INITIATOR_OR_COORDINATOR)),
    "withdraw": (("state", UNDER_REVIEW_STATES), ("role", "initiator")),
    "close": (("role", "coordinator"), ("state", ("accepted",))),
    "restart_review": (("role", "coordinator"), ("state", ("second_coordination",))),
}

# the activities the request itself carries (its decisions carry their own)
REVIEW_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_review"
REVISE_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_revise"
STAGE_ACTIVITIES = (
    REVIEW_ACTIVITY,
    "cross_dept_collab.mail_activity_type_collab_lead_confirmation",
    "cross_dept_collab.mail_activity_type_collab_sponsor_approval",
)


class CollabRequest(models.Model):
    _inherit = "collab.request"

    # the request's own activities follow its state (_collab_expected_activities)
    _collab_state_activity_types = (*STAGE_ACTIVITIES, REVISE_ACTIVITY)
    _collab_done_activity_types = (REVISE_ACTIVITY,)

    # ------------------------------------------------------------------------------------------
    # May the user do it? One answer for the buttons and the actions
    # ------------------------------------------------------------------------------------------
    def _action_labels(self):
        """The action's word in the refusal "… cannot be <word> while it is in state …"."""
        return {
            "submit": _("submitted"),
            "cancel": _("cancelled"),
            "urge": _("urged"),
            "withdraw": _("withdrawn"),
            "close": _("closed"),
            "restart_review": _("sent back to department review"),
        }

    def _collab_cannot(self, action, user=None):
        """Why ``user`` (default: the current user) may not do ``action`` on this request now, as
        ``(exception class, message)``; False when they may. The buttons (``can_<action>``) and
        the actions (``_collab_check_may``) both ask here."""
        self.ensure_one()
        user = user or self.env.user
        su = self.env.su and user == self.env.user
        coordinator = su or user.has_group(COORDINATOR_GROUP)
        for kind, value in ACTIONS[action]:
            if kind == "state" and self.state not in value:
                return UserError, self._state_refusal(self._action_labels()[action])
            if kind != "role" or su:
                continue
            if value == "coordinator" and not coordinator:
                return AccessError, _("Only the collaboration coordinator (PMO) can do this.")
            if value == INITIATOR_OR_COORDINATOR and not (coordinator or user == self.initiator_id):
                return AccessError, _(
                    "Only the initiator of %(request)s or the coordinator can do this.", request=self.display_name
                )
            if value == "initiator" and user != self.initiator_id:
                return AccessError, _("Only the initiator of %(request)s can withdraw it.", request=self.display_name)
        return False

    def _collab_check_may(self, action):
        for request in self:
            refusal = request._collab_cannot(action)
            if refusal:
                error, message = refusal
                raise error(message)

    def _state_refusal(self, action):
        state_label = dict(self._fields["state"]._description_selection(self.env))[self.state]
        return _(
            "%(request)s cannot be %(action)s while it is in state %(state)s.",
            request=self.display_name,
            action=action,
            state=state_label,
        )

    @api.depends_context("uid")
    @api.depends("state", "lead_department_id", "sponsor_id", "initiator_id", "step_ids.state", "step_ids.user_id")
    def _compute_can(self):
        user = self.env.user
        is_coordinator = user.has_group(COORDINATOR_GROUP)
        for request in self:
            # the request's own decisions: whoever may decide its pending step (collab.request.step)
            may_step = request.state in STEP_OF_STATE and bool(
                request._step_to_decide().filtered(lambda s: s._user_may_decide(user))
            )
            request.can_review = (
                may_step
                if request.state == "submitted"
                else (is_coordinator and request.state == "second_coordination")
            )
            request.can_confirm_lead = request.state == "lead_confirmation" and may_step
            request.can_sponsor_approve = request.state == "sponsor_approval" and may_step
            for action in ("submit", "cancel", "close", "withdraw", "urge"):
                request[f"can_{action}"] = not request._collab_cannot(action)

    # ------------------------------------------------------------------------------------------
    # Guards (one per role)
    # ------------------------------------------------------------------------------------------
    def _responsibility(self):
        return self.env["collab.responsibility"]

    def _check_state(self, states, action):
        for request in self:
            if request.state not in states:
                raise UserError(request._state_refusal(action))

    def _check_coordinator(self):
        if not (self.env.su or self.env.user.has_group(COORDINATOR_GROUP)):
            raise AccessError(_("Only the collaboration coordinator (PMO) can do this."))

    def _require_reason(self, reason, action):
        reason = self._collab_text_arg(reason, _("The reason"))
        if not reason:
            raise UserError(_("Please give a reason to %(action)s.", action=action))
        return reason

    # ------------------------------------------------------------------------------------------
    # The transition table
    # ------------------------------------------------------------------------------------------
    def _fire(self, event, reason=None, values=None, changes=None, position=None):
        """Fire ``event`` on these requests: move each one as TRANSITIONS says, log it (with what
        was revised since the departments last saw it: ``changes``, by request), run the effect,
        reconcile the activities. The caller has run the guards (who, when, with what).
        ``position``: the path index a RETURN_TO event returns to (-1: the initiator)."""
        for state, requests in self.grouped("state").items():
            if (state, event) not in TRANSITIONS:
                raise UserError(requests[:1]._state_refusal(event))
            target, hours, effect = TRANSITIONS[(state, event)]
            if target in COMPUTED_TARGETS:
                requests._fire_computed(
                    target, event, effect, reason=reason, values=values, changes=changes, position=position
                )
                continue
            requests._transition(target, event, reason=reason, deadline_hours=hours, values=values)
            # a move the path does not make (an objection, a restart, a return…) forgets where an
            # earlier return to a step came from: the path runs on from wherever it is now
            requests.filtered(lambda r: r.flow_return_from >= 0).sudo().flow_return_from = -1
            requests._collab_reenter()
            for request in requests:
                request._log_revision((changes or {}).get(request), event)
            if effect:
                getattr(requests, effect)()
            requests._collab_sync_activities(feedback=reason if event in FEEDBACK_EVENTS else None)
        return True

    def _fire_computed(self, target, event, effect, reason=None, values=None, changes=None, position=None):
        """A move whose target each request computes from its path: an approval (NEXT) goes to the
        next step of its path (its deciders are asked) or, at the end of the path, is approved —
        the path is resolved at submit, and again once the PMO has named the lead department; a
        return (RETURN_TO) goes back to the step at ``position`` (its deciders are asked again)
        or, for -1, to the initiator."""
        for request in self:
            if values:
                # the decision's data (the lead department…) is the request's before it moves on
                request.sudo().write(values)
            if target == RETURN_TO:
                state, index = request._collab_return_stage(position)
            else:
                if event == "submit":
                    request._collab_resolve_path()
                    request.sudo().write({"flow_position": -1, "flow_return_from": -1})
                elif event == "accept":
                    request._collab_resolve_path(keep_done=True)
                decided = request.flow_position
                state, index = request._collab_next_stage()
            request.sudo().flow_position = index
            hours, enter = ENTER.get(state, (None, None))
            request._transition(state, event, reason=reason, deadline_hours=hours, values=values)
            if event == "extra_approve":
                # which of the company's steps was approved: its name in each reader's language
                request._collab_log_flow_step(event, decided)
            request._log_revision((changes or {}).get(request), event)
            if effect:
                getattr(request, effect)()
            if enter:
                getattr(request, enter)()
            request._collab_sync_activities(feedback=reason if event in FEEDBACK_EVENTS else None)

    def _transition(self, state, action, reason=None, deadline_hours=None, values=None):
        """Move to ``state``, log the decision and post it (``_fire`` only).

        The write is done as superuser: the guard has established the caller's authority for this
        transition, while the record rules on requests govern editing their content.
        ``deadline_hours`` names the company setting holding the stage's hours (each request's own
        company, counted by ``collab_sla_deadline``).
        """
        now = fields.Datetime.now()
        vals = {"state": state, "date_stage": now, **(values or {})}
        for company, requests in self.grouped("company_id").items():
            deadline = deadline_hours and company.collab_sla_deadline(now, company[deadline_hours], rule="decision")
            requests.sudo().write({**vals, "stage_deadline": deadline or False})
            for request in requests:
                # a step with a time limit of its own: the stage is due when the limit fires
                step = request._collab_flow_step() if state in KIND_STATES.values() else None
                if step and step.time_limit_hours:
                    request.sudo().stage_deadline = step._collab_limit_deadline(now, company)

        # the state is written: the log line records it like any other operation
        self._log_operation(action, reason)
        self._notify_cc(action, reason)

    def _collab_reenter(self):
        """A stage entered by an objection or a restart (not by the path): its step of the path is
        current again."""
        for request in self.filtered(lambda r: r.flow_path and r.state in KIND_STATES.values()):
            position = request._collab_position_for_state(request.state)
            if position >= 0 and position != request.flow_position:
                request._collab_enter_position(position)

    def _on_decision(self, decision, outcome):
        """A decision of this request reports its outcome, once its round is complete: a step of
        the request's own stages (collab.request.step) or a department's review (collab.approval)."""
        self.ensure_one()
        if decision._name == "collab.approval":
            return self._on_review_decided()
        event = STEP_EVENTS[(decision.step, outcome)]
        if event == "accept":
            # the PMO's decision names the lead department (on the step, or on an added approver's)
            members = decision._decision_chain_members() if decision.decision_chain else decision.sudo()
            lead = members.filtered("lead_department_id")[:1].lead_department_id or self.lead_department_id
            return self._fire(event, reason=decision.comment or None, values={"lead_department_id": lead.id})
        if event == "sponsor_approve":
            return self._fire(event, values={"date_approved": fields.Datetime.now()})
        reason = decision.comment or None if outcome != "approved" else None
        return self._fire(event, reason=reason)

    def _on_review_decided(self):
        """A department decided: the round moves the request on once every department has."""
        for request in self.filtered(lambda r: r.state == "department_review"):
            current = request.current_approval_ids
            if any(a.state in ("changes_requested", "rejected") for a in current):
                request._fire("open_second_coordination")
            elif all(a.state == "approved" for a in current):
                request._fire("reviews_complete")

    # ------------------------------------------------------------------------------------------
    # Effects of the transitions
    # ------------------------------------------------------------------------------------------
    def _enter_pmo_review(self):
        self.env["collab.request.step"]._ask(self, "pmo_review")

    def _enter_lead_confirmation(self):
        self.env["collab.request.step"]._ask(self, "lead_confirmation")

    def _enter_sponsor_approval(self):
        self.env["collab.request.step"]._ask(self, "sponsor_approval")

    def _enter_extra_review(self):
        self.env["collab.request.step"]._ask(self, "extra_review")

    def _enter_approved(self):
        """The end of the path: approved, its project starts."""
        self.filtered(lambda r: not r.date_approved).sudo().date_approved = fields.Datetime.now()
        self._after_sponsor_approve()

    def _after_accept(self):
        for request in self:
            # which department was chosen: data, rendered in each reader's language
            request._last_log("accept").sudo().changes = [
                {"kind": "lead_department", "department": request.lead_department_id.name}
            ]

    def _after_object(self):
        self.env["collab.request.step"]._ask(self, "pmo_review")

    def _after_restart_review(self):
        self._open_review_round()

    def _after_coordination_return(self):
        self.approval_ids._supersede_pending()

    def _after_withdraw(self):
        self.approval_ids._supersede_pending()
        self.step_ids._supersede_pending()

    def _after_return_to(self):
        """Returned to an earlier step or to the initiator: nothing asked before is to decide any
        more (the returned-to step asks its deciders again as it is entered)."""
        self.approval_ids._supersede_pending()
        self.step_ids._supersede_pending()

    def _after_end(self):
        """Rejected or cancelled: nothing is left to decide or do on the request."""
        self.approval_ids._supersede_pending()
        self.step_ids._supersede_pending()
        # sudo: the request's open activities are assigned to other people
        self.sudo().activity_ids.unlink()

    def _after_sponsor_approve(self):
        for request in self:
            self.env["project.project"]._collab_create_from_request(request)

    def _after_deliverables_accepted(self):
        for request in self:
            self.env["collab.retrospective"]._collab_open_for(request)

    def _archive_dossier(self):
        self.env["ir.actions.report"]._collab_archive_dossier(self)
        return True

    # ------------------------------------------------------------------------------------------
    # Activities from state
    # ------------------------------------------------------------------------------------------
    def _collab_expected_activities(self):
        """The activities this request itself must carry now (see ``_collab_sync_activities``).
        Its decisions (steps, reviews) carry theirs; the request asks the coordinator during
        second coordination and its initiator after a return, due at the stage's deadline."""
        self.ensure_one()
        deadline = self._collab_today(self.stage_deadline or fields.Datetime.now())
        if self.state == "second_coordination":
            # how it got there: the sponsor sent it back, or departments asked for changes
            if self._last_log(("sponsor_return", "open_second_coordination")).action == "sponsor_return":

                def summary(env):
                    return env._("Coordinate the sponsor's remarks")

            else:

                def summary(env):
                    return env._("Second coordination: departments asked for changes")

            coordinator = self._responsibility().coordinator(self.company_id)
            return [(REVIEW_ACTIVITY, user, {"summary": summary, "date_deadline": deadline}) for user in coordinator]
        returned = self._last_log(("return", "return_to", "withdraw")) if self.state == "draft" else False
        if returned and returned.action in ("return", "return_to"):
            reason = returned.reason or ""

            def revise(env):
                return env._("Revise and resubmit the request")

            values = {"summary": revise, "note": text_to_html(reason), "date_deadline": deadline}
            return [(REVISE_ACTIVITY, self.initiator_id, values)]
        return []

    # ------------------------------------------------------------------------------------------
    # The request's own steps
    # ------------------------------------------------------------------------------------------
    def _current_steps(self):
        """The pending step records of the request's current stage."""
        step = STEP_OF_STATE.get(self.state)
        return self.step_ids.filtered(lambda s, step=step: s.step == step and s.state == "pending")

    def _step_to_decide(self):
        """The caller's pending step of the current stage (the first pending one when the caller
        holds none: deciding it then refuses with who decides)."""
        self.ensure_one()
        # sudo: the request's steps are found for the caller, who may not read others' steps
        steps = self.sudo()._current_steps().with_env(self.env)
        user = self.env.user
        mine = steps.filtered(lambda s: s._user_may_decide(user) and not s._decision_blockers())
        return mine[:1] or steps.filtered(lambda s: s._user_may_decide(user))[:1] or steps[:1]

    def _decide_step(self, method, **kwargs):
        """The form's buttons of the request's own stages decide the caller's step: the step
        checks the decider, the reason and the request's state (collab.request.step)."""
        for request in self:
            step = request._step_to_decide()
            if not step:
                raise UserError(
                    _(
                        "%(request)s is no longer waiting for this decision (%(state)s).",
                        request=request.display_name,
                        state=request._state_label(),
                    )
                )
            getattr(step, method)(**kwargs)
        return True

    # ------------------------------------------------------------------------------------------
    # Actions (the request form's buttons, and RPC)
    # ------------------------------------------------------------------------------------------
    def _get_submit_problems(self):
        """Everything that keeps the request from being submitted, in one list."""
        self.ensure_one()
        problems = []
        required = {
            "title": _("Title"),
            "request_type": _("Type"),
            "initiating_department_id": _("Initiating department"),
            "background": _("Background"),
            "goal": _("Goal"),
            "scope": _("Scope"),
            "date_expected": _("Expected completion date"),
            "priority": _("Priority"),
        }
        problems += [_("%(field)s is missing.", field=label) for fname, label in required.items() if not self[fname]]
        others = self.involved_department_ids - self.initiating_department_id
        if not others:
            problems.append(_("Involve at least one department other than the initiating department."))
        asked = self.line_ids.filtered(lambda line: (line.description or "").strip()).department_id
        problems += [
            _("Add at least one concrete ask for %(department)s.", department=department.name)
            for department in self.involved_department_ids - asked
        ]
        problems += [
            _(
                "The ask for %(department)s is for a department that is not involved.",
                department=line.department_id.name,
            )
            for line in self.line_ids
            if line.department_id not in self.involved_department_ids
        ]
        today = self._collab_today()
        if self.date_expected and self.date_expected <= today:
            problems.append(_("The expected completion date must be in the future."))
        problems += [
            _("The due date of the ask for %(department)s is in the past.", department=line.department_id.name)
            for line in self.line_ids
            if line.date_due and line.date_due < today
        ]
        return problems + self._collab_flow_problems()

    def action_submit(self, cc_user_ids=None):
        """Submit; ``cc_user_ids`` (a list of user ids) sets who is CC'd at the same time."""
        self._collab_check_may("submit")
        if cc_user_ids is not None and cc_user_ids is not False:
            if not isinstance(cc_user_ids, list | tuple):
                raise UserError(_("%(argument)s must be a list of user ids.", argument=_("CC")))
            users = self.env["res.users"]
            for user_id in cc_user_ids:
                users |= self._collab_record_arg("res.users", user_id, _("CC"))
            self.write({"cc_user_ids": [Command.set(users.ids)]})
        self._collab_check_problems(
            lambda request: request._get_submit_problems(),
            lambda request: self.env._("%(request)s cannot be submitted yet:", request=request.display_name),
        )
        for request in self.filtered(lambda r: r.name == "/"):
            request.sudo().name = request._next_number()
        # a resubmission after a department round (withdrawn or returned): what changed since the
        # departments last saw it goes on the submit's log line ("Changes") and to their next round
        revised = {
            request: revision_changes(request.review_snapshot, revision_snapshot(request))
            for request in self.filtered("review_snapshot")
        }
        self._fire("submit", values={"date_submitted": fields.Datetime.now()}, changes=revised)
        # a toast, then the form reloads in its new state (RPC callers get the same dict, no None in it)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Request submitted"),
                "message": _(
                    "%(requests)s sent to the PMO for review.", requests=", ".join(self.mapped("display_name"))
                ),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _next_number(self):
        """Next number of the month (XMBG-YYYYMM001), restarting every month.

        ``ir.sequence`` restarts numbers per date range; Odoo creates yearly ranges, so the month's
        range is created here. The sequence row is locked while doing so: a concurrent submit in
        the same new month waits and then fails to serialise, and Odoo retries it.
        """
        self.ensure_one()
        # sudo: numbering is a system service; requesters have no rights on ir.sequence.
        sequence = self.env.ref("cross_dept_collab.seq_collab_request").sudo()
        day = self._collab_today()
        Range = self.env["ir.sequence.date_range"].sudo()
        in_range = [("sequence_id", "=", sequence.id), ("date_from", "<=", day), ("date_to", ">=", day)]
        if not Range.search_count(in_range, limit=1):
            self.env.cr.execute(SQL("SELECT id FROM ir_sequence WHERE id = %s FOR NO KEY UPDATE", sequence.id))
            self.env.cr.execute(SQL("UPDATE ir_sequence SET write_date = now() WHERE id = %s", sequence.id))
            if not Range.search_count(in_range, limit=1):
                first = day.replace(day=1)
                Range.create(
                    {
                        "sequence_id": sequence.id,
                        "date_from": first,
                        "date_to": first + relativedelta(months=1, days=-1),
                        "number_next": 1,
                    }
                )
        return sequence.next_by_id(sequence_date=day)

    def action_return(self, reason=None):
        """PMO review: the caller's step returns the request; second coordination: the coordinator."""
        self._collab_records_arg(self, single=False)
        reason = self._collab_text_arg(reason, _("The reason"))
        self._check_state(("submitted", "second_coordination"), _("returned"))
        coordination = self.filtered(lambda r: r.state == "second_coordination")
        (self - coordination)._decide_step("action_return", comment=reason)
        if coordination:
            coordination._check_coordinator()
            reason = coordination._require_reason(reason, _("return the request"))
            coordination._fire("return", reason=reason)
        return True

    def action_reject(self, reason=None):
        """PMO review: the caller's step rejects the request; later stages: the coordinator."""
        self._collab_records_arg(self, single=False)
        reason = self._collab_text_arg(reason, _("The reason"))
        self._check_state(("submitted", "lead_confirmation", "second_coordination", "extra_review"), _("rejected"))
        later = self.filtered(lambda r: r.state != "submitted")
        (self - later)._decide_step("action_reject", comment=reason)
        if later:
            later._check_coordinator()
            reason = later._require_reason(reason, _("reject the request"))
            later._fire("reject", reason=reason)
        return True

    def action_accept(self, lead_department_id=None, reason=None):
        """PMO review: accept with the lead department (decides the caller's PMO review step);
        ``reason``: why this department leads (optional; the lead's head reads it)."""
        self._collab_records_arg(self, single=False)
        self._check_state(("submitted",), _("accepted"))
        return self._decide_step("action_approve", comment=reason, lead_department_id=lead_department_id)

    def action_confirm_lead(self):
        """Lead confirmation: the lead department's head (or who holds the step) confirms."""
        self._check_state(("lead_confirmation",), _("confirmed"))
        return self._decide_step("action_approve")

    def action_object(self, reason=None):
        self._collab_records_arg(self, single=False)
        self._check_state(("lead_confirmation",), _("objected to"))
        return self._decide_step("action_return", comment=reason)

    def action_sponsor_approve(self):
        self._check_state(("sponsor_approval",), _("approved"))
        return self._decide_step("action_approve")

    def action_sponsor_return(self, reason=None):
        self._collab_records_arg(self, single=False)
        self._check_state(("sponsor_approval",), _("sent back"))
        return self._decide_step("action_return", comment=reason)

    def action_restart_review(self, reason=None):
        """Send the revised request back to the departments; ``reason``: the coordinator's comment
        to them (required). The decision log keeps what was revised since the previous round."""
        self._collab_check_may("restart_review")
        reason = self._require_reason(reason, _("restart the department review"))
        self._collab_check_problems(
            lambda request: request._get_submit_problems(),
            lambda request: self.env._(
                "%(request)s cannot go back to the departments yet:", request=request.display_name
            ),
        )
        # logged before the round opens: the round's activities quote what was revised
        changes = {request: revision_changes(request.review_snapshot, revision_snapshot(request)) for request in self}
        self._fire("restart_review", reason=reason, changes=changes)
        return True

    def action_cancel(self, reason=None):
        self._collab_check_may("cancel")
        reason = self._require_reason(reason, _("cancel the request"))
        self._fire("cancel", reason=reason)
        return True

    def action_close(self):
        self._collab_check_may("close")
        for request in self:
            if not request.retrospective_ids.filtered(lambda r: r.state == "done"):
                raise UserError(
                    _("%(request)s cannot be closed before its retrospective is done.", request=request.display_name)
                )
        self._fire("close")
        return True

    def _on_deliverables_accepted(self):
        """Every deliverable passed: accepted, and the retrospective is due within 5 working days
        (company calendar)."""
        for request in self.filtered(lambda r: r.state in ("approved", "in_progress")):
            moment = request.company_id.collab_sla_deadline(fields.Datetime.now(), 5 * 24, rule="working_days")
            request._fire("accepted", values={"date_retrospective_due": request._collab_today(moment)})
