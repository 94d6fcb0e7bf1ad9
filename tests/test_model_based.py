"""A model-based test: random people of every role — hostile ones too — doing random operations
on requests, reviews, stage decisions and acceptances, with the invariants of the product checked
after every step, read as the system from the database.

``hypothesis.stateful`` draws the steps (``rule``: "user U does operation O on record R") and,
when an invariant breaks, shrinks the run to a minimal sequence and prints it with the seed to
replay it (``@reproduce_failure``). Every example runs inside its own savepoint, rolled back at
its end: examples never see each other's data.

The machine keeps its own account of who is *entitled* to decide each pending decision, from
authority data changed only the legitimate way (the coordinator sets deputies; a user delegates
his own decisions, or the coordinator does, to an active internal collaboration user of the
company; a decider or the coordinator hands a decision on to such a user). It over-approximates
(once entitled, a user stays entitled for that decision) so that it never blames a legitimate
decision; it never counts what a hostile write made the product believe.

Invariants, after every step:

- every call returned a value XML-RPC can carry or raised ``UserError``/``AccessError``/
  ``ValidationError`` — anything else fails;
- no open request without someone expected to act: every pending decision of the stage the
  request is in (not waiting for another one of its chain) has an active internal collaboration
  user of the company who is not the initiator and can read it;
- every decision taken in a step was taken by someone the machine knows entitled at that moment,
  and never a request's decision by its initiator;
- the request's state agrees with its decisions;
- nothing audited disappears: decision log rows and decided decisions stay as they were;
- only people of the company are told: CC'd users are active internal users of its company.

CI runs ``COLLAB_HYPOTHESIS_EXAMPLES`` examples (25 by default) of ``COLLAB_HYPOTHESIS_STEPS``
steps (15); ``make test-model`` runs many more.
"""

import os
import random
import xmlrpc.client
from datetime import date, timedelta

from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user

from .common import GROUP_USER

EXAMPLES = int(os.environ.get("COLLAB_HYPOTHESIS_EXAMPLES", "25"))
STEPS = int(os.environ.get("COLLAB_HYPOTHESIS_STEPS", "15"))
REFUSED = (UserError, AccessError, ValidationError)

# the people (demo data, plus three hostile outsiders made for the test)
ACTORS = (
    "mkt_user1",  # employee, initiator of most requests
    "mkt_head",  # Marketing head (lead department of most requests)
    "rd_user1",  # R&D employee, owner of the deliverables
    "rd_user2",  # R&D deputy (set by HR before the run)
    "rd_head",
    "log_user1",
    "log_head",  # also the initiator of a request involving his own department
    "sales_user1",  # initiator of a request; employee of another department for the others
    "sales_head",
    "coordinator",
    "sponsor",
    "internal",  # internal user without any collaboration group
    "portal",
)
# who a decision, a delegation, a deputy seat or a CC may be handed to: anyone, and a user of
# another company
TARGETS = (*ACTORS, "other_company")
DEMO = {
    "mkt_user1": "user_mkt_user1",
    "mkt_head": "user_mkt_head",
    "rd_user1": "user_rd_user1",
    "rd_user2": "user_rd_user2",
    "rd_head": "user_rd_head",
    "log_user1": "user_log_user1",
    "log_head": "user_log_head",
    "sales_user1": "user_sales_user1",
    "sales_head": "user_sales_head",
    "coordinator": "user_coordinator",
    "sponsor": "user_sponsor",
}
DEPARTMENTS = ("dept_marketing", "dept_rd", "dept_logistics", "dept_sales")
OPEN_STAGES = ("submitted", "lead_confirmation", "department_review", "second_coordination", "sponsor_approval")
# decision log actions that decide (as opposed to operations: submit, withdraw, urge, CC, cancel)
DECIDING_ACTIONS = ("accept", "confirm_lead", "object", "return", "reject", "sponsor_approve", "sponsor_return")
DECISION_MODELS = ("collab.approval", "collab.request.step", "collab.acceptance")
PENDING = {"collab.approval": "pending", "collab.request.step": "pending", "collab.acceptance": "pending"}
STATE_FIELD = {"collab.approval": "state", "collab.request.step": "state", "collab.acceptance": "result"}
# operations tried by the machine: the public methods the UI and XML-RPC call
DECISIONS = ("approve", "request_changes", "reject")
DATES = ("today", "past", "future")
picks = st.integers(min_value=0, max_value=40)
# who acts, who is named: half the time someone relative to the record (its request's initiator,
# its current decider), else anybody — the relative roles reach the interesting cases in few steps
RELATIVE = ("initiator", "decider")
who_acts = st.one_of(st.sampled_from(RELATIVE), st.sampled_from(ACTORS))
who_is_named = st.one_of(st.sampled_from(RELATIVE), st.sampled_from(TARGETS))


class WorldMachine(RuleBasedStateMachine):
    """One example: the world of ``TestModelBased`` seen by random users."""

    case = None  # the running test case (set before the run)

    def __init__(self):
        super().__init__()
        case = self.case
        self.env = case.env
        self.users = case.users
        self.savepoint = self.env.cr.savepoint()
        self.requests = case.requests
        self.project = case.project
        self.coordinator = self.users["coordinator"]
        self.today = fields.Date.context_today(self.env["collab.request"])
        # authority the machine knows legitimate: deputies set by HR, delegations, hand-overs
        Department = self.env["hr.department"].sudo()
        self.departments = Department.browse([self.env.ref(f"cross_dept_collab.{x}").id for x in DEPARTMENTS])
        self.legit_deputies = {d.id: set(d.collab_deputy_ids.ids) for d in self.departments}
        self.legit_delegations = [
            (d.user_id.id, d.delegate_id.id, d.date_start, d.date_end)
            for d in self.env["collab.delegation"].sudo().search([("active", "=", True)])
        ]
        self.handed = {}
        self.entitled_before = {}
        self.actor = self.label = None
        self.log_ids = set(self._log().ids)
        self.decided = self._decided_snapshot()

    def teardown(self):
        self.savepoint.close(rollback=True)
        self.env.invalidate_all()

    # ------------------------------------------------------------------------------------------
    # Reading the world as the system
    # ------------------------------------------------------------------------------------------
    def _log(self):
        return self.env["collab.request.decision"].sudo().search([("request_id", "in", self.requests.ids)])

    def _decisions(self, model):
        records = self.env[model].sudo()
        if model == "collab.acceptance":
            return records.search([("project_id", "=", self.project.id)], order="id")
        return records.search([("request_id", "in", self.requests.ids)], order="id")

    def _all_decisions(self):
        return [record for model in DECISION_MODELS for record in self._decisions(model)]

    def _state(self, record):
        return record[STATE_FIELD[record._name]]

    def _is_pending(self, record):
        return self._state(record) == PENDING[record._name]

    def _decided_snapshot(self):
        return {
            (record._name, record.id): (self._state(record), tuple(record._decider().ids))
            for record in self._all_decisions()
            if self._state(record) not in ("pending", "superseded")
        }

    def _request_of(self, record):
        if record._name == "collab.acceptance":
            return record.project_id.collab_request_id
        return record.request_id

    def _valid_actor(self, user, company):
        """An active internal collaboration user allowed in ``company``."""
        user = user.sudo()
        return user.active and not user.share and user.has_group(GROUP_USER) and company in user.company_ids

    def _head(self, department):
        return department.sudo().manager_id.user_id

    def _delegates(self, user_ids):
        """``user_ids`` and whoever they delegated to legitimately, in effect today (chains)."""
        result = set(user_ids)
        changed = True
        while changed:
            changed = False
            for user_id, delegate_id, start, end in self.legit_delegations:
                if user_id in result and delegate_id not in result and start <= self.today <= end:
                    result.add(delegate_id)
                    changed = True
        return result

    def _entitled(self, record):
        """Who the machine knows may decide ``record`` now."""
        record = record.sudo()
        request = self._request_of(record)
        users = set(self.handed.get((record._name, record.id), set()))
        if record._name == "collab.approval" and not record.added_by_id:
            department = record.department_id
            users |= {self._head(department).id} | self.legit_deputies.get(department.id, set())
        elif record._name == "collab.request.step" and not record.added_by_id:
            if record.step == "pmo_review":
                users.add(self.coordinator.id)
            elif record.step == "lead_confirmation":
                lead = request.lead_department_id
                users |= {self._head(lead).id} | self.legit_deputies.get(lead.id, set())
            else:
                users.add(request.sponsor_id.id)
        elif record._name == "collab.acceptance":
            task = record.task_id
            project = record.project_id
            heads = {self._head(d).id for d in project.lead_department_id | task.collab_department_id}
            users |= heads | {project.user_id.id, self.coordinator.id}
            users -= set((task.user_ids | record.owner_id).ids)
        users = self._delegates(users)
        Users = self.env["res.users"].sudo()
        entitled = {
            user.id for user in Users.browse(sorted(users - {False})) if self._valid_actor(user, record.company_id)
        }
        if record._name != "collab.acceptance":
            # segregation of duties: nobody decides a step of his own request
            entitled.discard(request.initiator_id.id)
            if not entitled:
                # the initiator was its only decider (a head's own request, no deputy): his stand-in
                # is the coordinator, else the sponsor (responsibility.stand_in_for_initiator; the
                # machine over-approximates with both)
                entitled = {
                    user.id
                    for user in (self.coordinator, request.sponsor_id)
                    if user and user != request.initiator_id and self._valid_actor(user, record.company_id)
                }
        return entitled

    # ------------------------------------------------------------------------------------------
    # Calling as a user
    # ------------------------------------------------------------------------------------------
    def _call(self, label, user, fn):
        """Run ``fn`` as one RPC call would: its effects are kept when it returns, rolled back
        when it raises. Returns whether it succeeded."""
        self.entitled_before = {
            (record._name, record.id): self._entitled(record)
            for record in self._all_decisions()
            if self._is_pending(record)
        }
        self.actor = user
        self.label = label
        try:
            with self.env.cr.savepoint():
                result = fn()
                self.env.flush_all()
        except REFUSED:
            return False
        except Exception as exc:
            raise AssertionError(
                f"{label} as {user.login} raised {type(exc).__name__}, not a clean refusal: {exc}"
            ) from exc
        finally:
            self.env.invalidate_all()
        try:
            xmlrpc.client.dumps((result,), allow_none=True)
        except (TypeError, OverflowError) as exc:
            raise AssertionError(f"{label} as {user.login} returned {result!r}, which XML-RPC cannot carry") from exc
        return True

    def _record(self, pick, pending_only=True):
        records = self._all_decisions()
        pending = [record for record in records if self._is_pending(record)]
        chosen = pending if pending_only and pending else records
        return chosen[pick % len(chosen)] if chosen else None

    def _user(self, choice, record=None, request=None):
        """The user a rule's choice names: ``initiator``/``decider`` of the record (or request),
        else the actor of that name."""
        if choice not in RELATIVE:
            return self.users[choice]
        request = request or (self._request_of(record.sudo()) if record else self.requests[:1])
        if choice == "initiator":
            user = request.sudo().initiator_id
        else:
            deciders = record.sudo()._decider() if record else request.sudo()._current_deciders()
            user = deciders[:1] or self.coordinator
        return self.env["res.users"].browse(user.id)

    def _request(self, pick):
        return self.requests[pick % len(self.requests)]

    def _after_decided(self):
        """Check the decisions the last call took (pending before, decided now)."""
        for record in self._all_decisions():
            key = (record._name, record.id)
            if key not in self.entitled_before or self._state(record) in ("pending", "superseded"):
                continue
            request = self._request_of(record)
            assert record._name == "collab.acceptance" or self.actor != request.initiator_id, (
                f"{self.label}: {self.actor.login} decided {record.display_name} of his own request"
            )
            assert self.actor.id in self.entitled_before[key], (
                f"{self.label}: {self.actor.login} decided {record.display_name} "
                f"({self._state(record)}) without being entitled to (entitled: "
                f"{self.env['res.users'].sudo().browse(sorted(self.entitled_before[key])).mapped('login')})"
            )

    # ------------------------------------------------------------------------------------------
    # Rules: user U does operation O on record R
    # ------------------------------------------------------------------------------------------
    @rule(who=who_acts, pick=picks)
    def submit(self, who, pick):
        request = self._request(pick)
        user = self._user(who, request=request)
        self._call("submit", user, lambda: request.with_user(user).action_submit())
        self._after_decided()

    @rule(who=who_acts, pick=picks, decision=st.sampled_from(DECISIONS), via_activity=st.booleans())
    def decide(self, who, pick, decision, via_activity):
        record = self._record(pick)
        if record is None:
            return
        user = self._user(who, record)
        label = f"{decision} {record.display_name}" + (" from its activity" if via_activity else "")
        if via_activity:
            activity = record.sudo().activity_ids[:1]
            if not activity:
                return
            key = {"collab.acceptance": {"approve": "pass", "request_changes": "fail", "reject": "fail"}}.get(
                record._name, {"approve": "approve", "request_changes": "request_changes", "reject": "reject"}
            )[decision]
            if record._name == "collab.request.step":
                key = "approve" if decision == "approve" else "reject"
            values = {}
            if key in ("request_changes", "reject") and record._name == "collab.approval":
                values = {"feedback": "Please change"}
            elif key == "fail":
                values = {"improvement_notes": "Redo", "rework_deadline": str(self.today + timedelta(days=5))}
            elif key == "reject":
                values = {"comment": "No"}
            choices = {choice["key"]: choice for choice in record.sudo()._collab_decision_choices()}
            if key not in choices:
                key = next(iter(choices))
                values = {}
            values = {
                name: value for name, value in values.items() if name in {i["name"] for i in choices[key]["inputs"]}
            }

            def fn():
                return activity.with_user(user).action_collab_decide(key, values)

        else:
            fn = self._button(record, user, decision)
        self._call(label, user, fn)
        self._after_decided()

    def _button(self, record, user, decision):
        mine = record.with_user(user)
        if record._name == "collab.approval":
            method = {"approve": "action_approve", "request_changes": "action_request_changes"}.get(
                decision, "action_reject"
            )
            return lambda: getattr(mine, method)("Reviewed")
        if record._name == "collab.acceptance":
            if decision == "approve":
                return lambda: mine.action_pass("Good")
            return lambda: mine.action_fail("Redo", self.today + timedelta(days=5))
        request = record.sudo().request_id.with_user(user)
        lead = record.sudo().request_id.initiating_department_id.id
        buttons = {
            "pmo_review": {
                "approve": lambda: request.action_accept(lead),
                "request_changes": lambda: request.action_return("Add the budget"),
                "reject": lambda: request.action_reject("Out of scope"),
            },
            "lead_confirmation": {
                "approve": lambda: request.action_confirm_lead(),
                "request_changes": lambda: request.action_object("Not ours"),
                "reject": lambda: request.action_object("Not ours"),
            },
            "sponsor_approval": {
                "approve": lambda: request.action_sponsor_approve(),
                "request_changes": lambda: request.action_sponsor_return("Cheaper"),
                "reject": lambda: request.action_sponsor_return("Cheaper"),
            },
        }
        return buttons[record.sudo().step][decision]

    @rule(who=who_acts, pick=picks, to=who_is_named)
    def transfer(self, who, pick, to):
        record = self._record(pick)
        if record is None:
            return
        user, target = self._user(who, record), self._user(to, record)
        key = (record._name, record.id)
        if self._call(
            f"transfer {record.display_name} to {target.login}",
            user,
            lambda: record.with_user(user).action_transfer(target.id, "Away this week"),
        ):
            self._hand(key, user, target, record)
        self._after_decided()

    def _hand(self, key, user, target, record):
        """A hand-over is legitimate from an entitled user or the coordinator to a valid decider
        who is not the request's initiator; only then does the target become entitled."""
        request = self._request_of(record.sudo())
        if (
            (user.id in self.entitled_before.get(key, set()) or user == self.coordinator)
            and self._valid_actor(target, record.sudo().company_id)
            and (record._name == "collab.acceptance" or target != request.initiator_id)
        ):
            self.handed.setdefault(key, set()).add(target.id)

    @rule(
        who=who_acts,
        pick=picks,
        to=who_is_named,
        mode=st.sampled_from(("before", "after", "parallel")),
    )
    def add_approver(self, who, pick, to, mode):
        record = self._record(pick)
        if record is None:
            return
        user, target = self._user(who, record), self._user(to, record)
        before = set(self.env[record._name].sudo().search([]).ids)
        if self._call(
            f"add {target.login} ({mode}) to {record.display_name}",
            user,
            lambda: record.with_user(user).action_add_approver([target.id], mode, "Second opinion"),
        ):
            for added in self.env[record._name].sudo().search([("id", "not in", list(before))]):
                self._hand((record._name, record.id), user, target, added)
                if (record._name, record.id) in self.handed and target.id in self.handed[(record._name, record.id)]:
                    self.handed.setdefault((added._name, added.id), set()).add(target.id)
        self._after_decided()

    @rule(
        who=who_acts,
        of=st.one_of(st.just("self"), who_acts),
        to=who_is_named,
        when=st.sampled_from(DATES),
        pick=picks,
    )
    def delegate(self, who, of, to, when, pick):
        record = self._record(pick)
        user = self._user(who, record)
        delegator = user if of == "self" else self._user(of, record)
        delegate = self._user(to, record)
        start, end = {
            "today": (self.today, self.today + timedelta(days=3)),
            "past": (date(2020, 1, 1), date(2020, 1, 2)),
            "future": (date(2031, 1, 1), date(2031, 1, 2)),
        }[when]
        vals = {"user_id": delegator.id, "delegate_id": delegate.id, "date_start": start, "date_end": end}
        if self._call(
            f"delegate {delegator.login}'s decisions to {delegate.login} ({when})",
            user,
            lambda: self.env["collab.delegation"].with_user(user).create(vals).id and True,
        ):
            company = self.env.company
            if (user == delegator or user == self.coordinator) and self._valid_actor(delegate, company):
                self.legit_delegations.append((delegator.id, delegate.id, start, end))
        self._after_decided()

    @rule(who=who_acts, pick=picks, to=who_is_named, all_mode=st.booleans())
    def change_deputies(self, who, pick, to, all_mode):
        record = self._record(pick)
        user, target = self._user(who, record), self._user(to, record)
        # the department deciding the record (else Logistics): its deputies decide it
        department = self.env.ref("cross_dept_collab.dept_logistics")
        if record and record._name == "collab.approval":
            department = record.sudo().department_id
        elif record and record._name == "collab.request.step" and record.sudo().request_id.lead_department_id:
            department = record.sudo().request_id.lead_department_id
        elif record and record._name == "collab.acceptance":
            department = record.sudo().task_id.collab_department_id or department
        department = self.env["hr.department"].browse(department.id)
        vals = {"collab_deputy_ids": [Command.link(target.id)], "collab_approval_mode": "all" if all_mode else "any"}
        # deputies are authority data: set by HR or the coordinator, to a valid decider
        legit = user == self.coordinator and self._valid_actor(target, department.sudo().company_id or self.env.company)
        if (
            self._call(
                f"make {target.login} a deputy of {department.name}",
                user,
                lambda: department.with_user(user).write(vals),
            )
            and legit
        ):
            self.legit_deputies.setdefault(department.id, set()).add(target.id)
        self._after_decided()

    @rule(who=who_acts, pick=picks)
    def withdraw(self, who, pick):
        request = self._request(pick)
        user = self._user(who, request=request)
        self._call("withdraw", user, lambda: request.with_user(user).action_withdraw("Not needed any more"))
        self._after_decided()

    @rule(who=who_acts, pick=picks)
    def urge(self, who, pick):
        request = self._request(pick)
        user = self._user(who, request=request)
        self._call("urge", user, lambda: request.with_user(user).action_urge("Please decide"))
        self._after_decided()

    @rule(who=who_acts, pick=picks, to=who_is_named)
    def cc(self, who, pick, to):
        request = self._request(pick)
        user, target = self._user(who, request=request), self._user(to, request=request)
        self._call(
            f"CC {target.login}",
            user,
            lambda: request.with_user(user).write({"cc_user_ids": [Command.link(target.id)]}),
        )

    @rule(who=who_acts, pick=picks, restart=st.booleans())
    def revise(self, who, pick, restart):
        request = self._request(pick)
        user = self._user(who, request=request)
        mine = request.with_user(user)
        if restart:
            self._call("restart the review", user, lambda: mine.action_restart_review("Scope narrowed"))
        else:
            self._call("revise the scope", user, lambda: mine.write({"scope": "Narrower scope"}))
        self._after_decided()

    @rule(who=who_acts, pick=picks)
    def cancel(self, who, pick):
        request = self._request(pick)
        user = self._user(who, request=request)
        self._call("cancel", user, lambda: request.with_user(user).action_cancel("No budget"))
        self._after_decided()

    @rule(who=who_acts, pick=picks, passed=st.booleans())
    def acceptance(self, who, pick, passed):
        acceptances = self._decisions("collab.acceptance")
        record = acceptances[pick % len(acceptances)]
        user = self._user(who, record)
        mine = record.with_user(user)
        if passed:
            self._call(f"pass {record.display_name}", user, lambda: mine.action_pass("Good"))
        else:
            self._call(
                f"fail {record.display_name}", user, lambda: mine.action_fail("Redo", self.today + timedelta(days=5))
            )
        self._after_decided()

    # ------------------------------------------------------------------------------------------
    # Invariants (as the system)
    # ------------------------------------------------------------------------------------------
    @invariant()
    def someone_is_expected_to_act(self):
        for request in self.requests.sudo():
            if request.state not in OPEN_STAGES:
                continue
            if request.state == "second_coordination":
                records = self.env["res.users"]
                coordinator = self.env["collab.responsibility"].sudo().coordinator(request.company_id)
                assert self._able(coordinator, request, request), f"{request.display_name}: nobody coordinates it"
                continue
            if request.state == "department_review":
                records = request.approval_ids.filtered(
                    lambda a, r=request: a.state == "pending" and a.round == r.review_round
                )
            else:
                records = request.step_ids.filtered(lambda s: s.state == "pending")
            assert records, f"{request.display_name} is in {request.state} without a pending decision"
            for record in records:
                if record._decision_blockers():
                    continue
                actors = record._decider()
                assert any(self._able(user, record, request) for user in actors), (
                    f"{record.display_name} ({request.state}): nobody expected to act can decide it "
                    f"(deciders: {actors.mapped('login')}, initiator {request.initiator_id.login})"
                )

    def _able(self, user, record, request):
        if not user or user == request.initiator_id or not self._valid_actor(user, request.company_id):
            return False
        try:
            record.with_user(user).check_access("read")
        except AccessError:
            return False
        return True

    @invariant()
    def state_agrees_with_decisions(self):
        for request in self.requests.sudo():
            state = request.state
            current = request.approval_ids.filtered(
                lambda a, r=request: a.round == r.review_round and a.state != "superseded"
            )
            pending_steps = request.step_ids.filtered(lambda s: s.state == "pending")
            name = request.display_name
            if state in ("draft", "rejected", "cancelled", "accepted", "closed"):
                assert not pending_steps, f"{name} is {state} with a pending {pending_steps[0].step}"
                assert not request.approval_ids.filtered(lambda a: a.state == "pending"), (
                    f"{name} is {state} with a pending review"
                )
            if state in ("submitted", "lead_confirmation", "sponsor_approval"):
                step = {"submitted": "pmo_review", "lead_confirmation": "lead_confirmation"}.get(
                    state, "sponsor_approval"
                )
                assert set(pending_steps.mapped("step")) == {step}, (
                    f"{name} is {state} but its pending steps are {pending_steps.mapped('step')}"
                )
            if state == "department_review":
                assert not pending_steps, f"{name} is under department review with a pending step"
                assert current.filtered(lambda a: a.state == "pending"), f"{name}: department review, no pending review"
                refused = current.filtered(lambda a: a.state in ("changes_requested", "rejected"))
                assert not refused, f"{name} is still under department review after {refused[0].display_name} refused"
            if state in ("sponsor_approval", "approved", "in_progress"):
                assert current and all(a.state == "approved" for a in current), (
                    f"{name} is {state} though its reviews are {current.mapped('state')}"
                )
            if state in ("approved", "in_progress", "accepted"):
                assert request.step_ids.filtered(lambda s: s.step == "sponsor_approval" and s.state == "approved"), (
                    f"{name} is {state} without the sponsor's approval"
                )
            if state in ("approved", "in_progress") and request.project_id:
                deliverables = request.project_id._deliverable_tasks()
                assert not (deliverables and all(t.acceptance_state == "passed" for t in deliverables)), (
                    f"{name} stays {state} though every deliverable passed"
                )

    @invariant()
    def nothing_audited_disappears(self):
        log_ids = set(self._log().ids)
        assert self.log_ids <= log_ids, f"decision log rows disappeared: {sorted(self.log_ids - log_ids)}"
        self.log_ids = log_ids
        decided = self._decided_snapshot()
        for key, value in self.decided.items():
            assert decided.get(key) == value, f"the decision {key} changed from {value} to {decided.get(key)}"
        self.decided = decided

    @invariant()
    def only_the_company_is_told(self):
        """CC'd users are active internal users allowed in the request's company."""
        for request in self.requests.sudo():
            strangers = request.cc_user_ids.filtered(
                lambda u, r=request: u.share or not u.active or r.company_id not in u.company_ids
            )
            assert not strangers, f"{request.display_name} is CC'd to {strangers.mapped('login')}"

    @invariant()
    def nobody_decides_his_own_request(self):
        for line in self._log():
            request = line.request_id
            assert not (line.action in DECIDING_ACTIONS and line.user_id == request.initiator_id), (
                f"{line.user_id.login} took the decision “{line.action}” on his own request {request.display_name}"
            )


class TestModelBased(TransactionCase):
    """Random users of every role against the invariants (see the module's docstring)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.env.company.collab_sla_time = "natural"
        users = {key: cls.env.ref(f"cross_dept_collab.{xmlid}") for key, xmlid in DEMO.items()}
        users["internal"] = new_test_user(cls.env, "mb_internal", groups="base.group_user", name="Plain Internal")
        users["portal"] = new_test_user(cls.env, "mb_portal", groups="base.group_portal", name="Portal Outsider")
        other = cls.env["res.company"].create({"name": "Other Company"})
        users["other_company"] = new_test_user(
            cls.env,
            "mb_other_company",
            groups=GROUP_USER,
            name="Other Company Member",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        cls.users = users
        ref = cls.env.ref
        # HR names R&D's deputy before the run (legitimate authority data)
        ref("cross_dept_collab.dept_rd").collab_deputy_ids = users["rd_user2"]
        mkt, rd = ref("cross_dept_collab.dept_marketing"), ref("cross_dept_collab.dept_rd")
        log, sales = ref("cross_dept_collab.dept_logistics"), ref("cross_dept_collab.dept_sales")
        draft = cls._make_request(users["mkt_user1"], mkt, rd | log, "Draft of Marketing")
        review = cls._make_request(users["mkt_user1"], mkt, rd | log, "Marketing under review")
        cls._to_review(review)
        submitted = cls._make_request(users["log_head"], log, log | rd, "The Logistics head's own request")
        submitted.with_user(users["log_head"]).action_submit()
        sales_review = cls._make_request(users["sales_user1"], sales, rd | log, "Sales under review")
        cls._to_review(sales_review)
        delivered = cls._make_request(users["mkt_user1"], mkt, rd | sales, "Launch with deliverables")
        cls._to_review(delivered)
        for approval in delivered.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        delivered.with_user(users["sponsor"]).action_sponsor_approve()
        cls.project = cls.env["project.project"].browse(delivered.project_id.id)
        today = fields.Date.context_today(delivered)
        tasks = cls.env["project.task"].create(
            [
                {
                    "name": name,
                    "project_id": cls.project.id,
                    "date_planned_start": today,
                    "date_planned_end": today + timedelta(days=10),
                    "collab_department_id": rd.id,
                    "user_ids": [Command.set(users["rd_user1"].ids)],
                    "deliverable": f"{name} plan",
                    "acceptance_standard": "Approved by Marketing",
                }
                for name in ("Campaign", "Training")
            ]
        )
        (cls.project.tasks - tasks).unlink()
        for task in tasks:
            task.with_user(users["rd_user1"]).action_submit_for_acceptance()
        cls.requests = cls.env["collab.request"].browse((draft | review | submitted | sales_review | delivered).ids)
        cls.env.flush_all()

    @classmethod
    def _make_request(cls, user, department, involved, title):
        today = fields.Date.context_today(cls.env["collab.request"])
        return (
            cls.env["collab.request"]
            .with_user(user)
            .create(
                {
                    "title": title,
                    "request_type": "project",
                    "initiating_department_id": department.id,
                    "involved_department_ids": [Command.set(involved.ids)],
                    "background": "Background",
                    "goal": "Goal",
                    "scope": "Scope",
                    "date_expected": today + timedelta(days=90),
                    "priority": "high",
                    "line_ids": [
                        Command.create(
                            {
                                "department_id": d.id,
                                "description": f"Ask {d.name}",
                                "date_due": today + timedelta(days=30),
                            }
                        )
                        for d in involved
                    ],
                }
            )
        )

    @classmethod
    def _to_review(cls, request):
        request.with_user(request.initiator_id).action_submit()
        request.with_user(cls.users["coordinator"]).action_accept(request.initiating_department_id.id)
        head = request.initiating_department_id.manager_id.user_id
        request.with_user(head).action_confirm_lead()

    def test_random_users_keep_the_invariants(self):
        WorldMachine.case = self
        run_seed = int(os.environ.get("COLLAB_HYPOTHESIS_SEED") or random.SystemRandom().randrange(2**32))
        print(
            f"\nmodel-based test: {EXAMPLES} examples x {STEPS} steps, seed {run_seed} "
            f"(replay: COLLAB_HYPOTHESIS_SEED={run_seed}; a failure also prints @reproduce_failure)"
        )
        config = settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=False,
            print_blob=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            # no "explain" phase: it replays the failure many more times to say which lines ran
            phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
        )
        # a class of its own per run: the seed is set on it, not on the shared machine
        machine = seed(run_seed)(type("SeededWorldMachine", (WorldMachine,), {}))
        run_state_machine_as_test(machine, settings=config)
