"""Two heads approve the last two pending reviews of a round at the same instant, each in their own
transaction (as two RPC calls on two workers would): exactly one transition, never a stuck request.
The same for the last two deliverables of a project (the request is accepted once), for two urges of
one request (one urge, one notification per decider) and for an urge racing a withdrawal (nobody is
urged to decide a request they were told they no longer need to decide).

The data is committed (the two transactions must see it) and removed at the end.
"""

import threading
import uuid

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL

LOOPS = 8


class TestSimultaneousLastDecisions(TransactionCase):
    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:8]
        self.request_ids = []
        self.project_ids = []
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # the company's own coordinator and sponsor decide (the data is committed: changing the
            # company's settings would outlive the test for the tests that follow, tours included);
            # made only where the database has none, and put back at the end
            company = env.company
            self.company_before = (
                company.id,
                {
                    "collab_coordinator_id": company.collab_coordinator_id.id,
                    "collab_default_sponsor_id": company.collab_default_sponsor_id.id,
                },
            )
            self.coordinator = company.collab_coordinator_id or new_test_user(
                env, f"cc_coord_{self.tag}", groups="cross_dept_collab.group_collab_coordinator"
            )
            self.sponsor = company.collab_default_sponsor_id or new_test_user(
                env, f"cc_sponsor_{self.tag}", groups="cross_dept_collab.group_collab_sponsor"
            )
            company.write({"collab_coordinator_id": self.coordinator.id, "collab_default_sponsor_id": self.sponsor.id})
            self.heads, self.departments = [], env["hr.department"]
            for code in ("lead", "a", "b"):
                head = new_test_user(
                    env, f"cc_{code}_{self.tag}", groups="cross_dept_collab.group_collab_department_lead"
                )
                department = env["hr.department"].create({"name": f"CC {code} {self.tag}"})
                department.manager_id = env["hr.employee"].create(
                    {"name": head.name, "user_id": head.id, "department_id": department.id}
                )
                self.heads.append(head.id)
                self.departments |= department
            self.initiator = new_test_user(env, f"cc_user_{self.tag}", groups="cross_dept_collab.group_collab_user")
            env["hr.employee"].create(
                {"name": "CC user", "user_id": self.initiator.id, "department_id": self.departments[0].id}
            )
            self.department_ids = self.departments.ids
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            company_id, values = self.company_before
            api.Environment(cr, SUPERUSER_ID, {})["res.company"].browse(company_id).write(values)
            # the audit trail refuses deletion through the ORM by design; this is test data
            for model, ids in (("collab.request", self.request_ids), ("project.project", self.project_ids)):
                if ids:
                    cr.execute("DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s", (model, tuple(ids)))
                    cr.execute("DELETE FROM mail_message WHERE model = %s AND res_id IN %s", (model, tuple(ids)))
            if self.project_ids:
                projects = tuple(self.project_ids)
                for model, table in (("collab.acceptance", "collab_acceptance"), ("project.task", "project_task")):
                    for log_table, column in (("mail_activity", "res_model"), ("mail_message", "model")):
                        cr.execute(
                            SQL(
                                "DELETE FROM %s WHERE %s = %s AND res_id IN (SELECT id FROM %s WHERE project_id IN %s)",
                                SQL.identifier(log_table),
                                SQL.identifier(column),
                                model,
                                SQL.identifier(table),
                                projects,
                            )
                        )
                # the acceptances go with their tasks (cascade)
                cr.execute("DELETE FROM project_task WHERE project_id IN %s", (projects,))
                cr.execute("DELETE FROM collab_signoff WHERE res_id IN %s", (tuple(self.project_ids),))
                cr.execute("DELETE FROM project_project WHERE id IN %s", (tuple(self.project_ids),))
            if self.request_ids:
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = 'collab.approval' AND res_id IN "
                    "(SELECT id FROM collab_approval WHERE request_id IN %s)",
                    (tuple(self.request_ids),),
                )
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = 'collab.request.step' AND res_id IN "
                    "(SELECT id FROM collab_request_step WHERE request_id IN %s)",
                    (tuple(self.request_ids),),
                )
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = 'collab.retrospective' AND res_id IN "
                    "(SELECT id FROM collab_retrospective WHERE request_id IN %s)",
                    (tuple(self.request_ids),),
                )
                cr.execute(
                    "DELETE FROM collab_reminder_log WHERE res_model = 'collab.request' AND res_id IN %s",
                    (tuple(self.request_ids),),
                )
                cr.execute("DELETE FROM collab_request WHERE id IN %s", (tuple(self.request_ids),))

    def _request_in_review(self):
        lead, dept_a, dept_b = self.department_ids
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.initiator.id, {})
            today = fields.Date.context_today(env["collab.request"])
            request = env["collab.request"].create(
                {
                    "title": f"Concurrent {self.tag}",
                    "initiating_department_id": lead,
                    "involved_department_ids": [Command.set([dept_a, dept_b])],
                    "background": "b",
                    "goal": "g",
                    "scope": "s",
                    "date_expected": fields.Date.add(today, days=60),
                    "line_ids": [
                        Command.create({"department_id": dept, "description": "Ask"}) for dept in (dept_a, dept_b)
                    ],
                }
            )
            request.action_submit()
            request.with_user(self.coordinator).action_accept(lead)
            request.with_user(self.heads[0]).action_confirm_lead()
            self.request_ids.append(request.id)
            return request.id, request.approval_ids.sorted("department_id").ids

    def _decide_together(self, calls, runs=None):
        """Run each (uid, model, id, method[, kwargs]) in its own transaction, released at the same
        instant, retried on a serialisation failure as Odoo retries an RPC call; ``runs`` (a list)
        receives how many times the calls ran in all (more than one each: one was run again after
        the other committed)."""
        barrier = threading.Barrier(len(calls))
        errors = []

        def run(uid, model, record_id, method, kwargs=None):
            def call():
                if runs is not None:
                    runs.append(method)
                return getattr(env[model].browse(record_id), method)(**(kwargs or {}))

            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, uid, {})
                    # the transaction's snapshot is taken here, before either call ran (as an RPC
                    # call's is when it authenticates): each call sees the records as they were
                    cr.execute("SELECT 1")
                    barrier.wait(timeout=30)
                    retrying(call, env)
            except Exception as exc:  # reported below: a lost decision fails the test
                errors.append(repr(exc))

        threads = [threading.Thread(target=run, args=call) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return errors

    def test_last_two_approvals_make_exactly_one_transition(self):
        outcome = {"transitions": 0, "stuck": 0, "lost": 0, "duplicated": 0}
        for _loop in range(LOOPS):
            request_id, (approval_a, approval_b) = self._request_in_review()
            errors = self._decide_together(
                [
                    (self.heads[1], "collab.approval", approval_a, "action_approve"),
                    (self.heads[2], "collab.approval", approval_b, "action_approve"),
                ]
            )
            self.assertFalse(errors)
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                request = env["collab.request"].browse(request_id)
                states = request.approval_ids.mapped("state")
                completions = request.decision_ids.filtered(lambda d: d.action == "reviews_complete")
                outcome["lost"] += states.count("pending")
                outcome["stuck"] += request.state == "department_review"
                outcome["duplicated"] += len(completions) > 1
                outcome["transitions"] += request.state == "sponsor_approval" and len(completions) == 1
        self.assertEqual(outcome, {"transitions": LOOPS, "stuck": 0, "lost": 0, "duplicated": 0})

    def test_last_two_charter_signoffs_confirm_once(self):
        request_id, _approvals = self._request_in_review()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            request = env["collab.request"].browse(request_id)
            for approval in request.approval_ids:
                approval.with_user(approval.approver_id).action_approve()
            request.with_user(self.sponsor).action_sponsor_approve()
            project = request.project_id
            self.project_ids.append(project.id)
            project.with_user(self.coordinator).action_request_charter_signoff()
            signoffs = project.signoff_ids
            # all but the last two sign now; the last two sign together
            for signoff in signoffs[:-2]:
                signoff.with_user(signoff.user_id).action_sign()
            last = [(s.user_id.id, "collab.signoff", s.id, "action_sign") for s in signoffs[-2:]]
            project_id = project.id
        errors = self._decide_together(last)
        self.assertFalse(errors)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            project = env["project.project"].browse(project_id)
            self.assertEqual(set(project.signoff_ids.mapped("state")), {"signed"})
            self.assertEqual(project.charter_state, "confirmed")

    # ------------------------------------------------------------------------------------------
    # The last two deliverables of a project passed at once
    # ------------------------------------------------------------------------------------------
    def _project_with_two_deliverables_submitted(self):
        """An approved request's project whose two department tasks carry a deliverable, both
        submitted for acceptance by their owners; the lead department's head accepts both."""
        request_id, _approvals = self._request_in_review()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            request = env["collab.request"].browse(request_id)
            for approval in request.approval_ids:
                approval.with_user(approval.approver_id).action_approve()
            request.with_user(self.sponsor).action_sponsor_approve()
            project = request.project_id
            self.project_ids.append(project.id)
            tasks = project.tasks.sorted("id")
            # the project lead (the lead department's head) names the deliverables of the two asks
            for task in tasks:
                task.with_user(project.user_id).write({"deliverable": f"Deliverable of {task.name}"})
            for task in tasks:
                task.with_user(task.user_ids[:1]).action_submit_for_acceptance()
            acceptances = tasks.acceptance_ids
            self.assertEqual(len(acceptances), 2)
            self.assertEqual(set(acceptances.mapped("acceptor_ids").ids), {self.heads[0]})
            return request_id, acceptances.ids

    def test_last_two_acceptances_accept_the_request_exactly_once(self):
        outcome = {"transitions": 0, "stuck": 0, "lost": 0, "duplicated": 0}
        for _loop in range(LOOPS):
            request_id, (first, second) = self._project_with_two_deliverables_submitted()
            # the lead department's head, from two sessions at once
            errors = self._decide_together(
                [
                    (self.heads[0], "collab.acceptance", first, "action_pass"),
                    (self.heads[0], "collab.acceptance", second, "action_pass"),
                ]
            )
            self.assertFalse(errors)
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                request = env["collab.request"].browse(request_id)
                results = env["collab.acceptance"].browse([first, second]).mapped("result")
                acceptances = request.decision_ids.filtered(lambda d: d.action == "accepted")
                outcome["lost"] += results.count("pending")
                outcome["stuck"] += request.state == "approved" and results == ["pass", "pass"]
                outcome["duplicated"] += len(acceptances) > 1 or len(request.retrospective_ids) > 1
                outcome["transitions"] += request.state == "accepted" and len(acceptances) == 1
        self.assertEqual(outcome, {"transitions": LOOPS, "stuck": 0, "lost": 0, "duplicated": 0})

    # ------------------------------------------------------------------------------------------
    # Urges
    # ------------------------------------------------------------------------------------------
    def _review_due_today(self):
        """A request in department review whose deciders' activities are due today (as on the day
        the review is late): urging then moves no activity, and only the request's lock can keep
        two urges apart."""
        request_id, approval_ids = self._request_in_review()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            approvals = env["collab.approval"].browse(approval_ids)
            approvals.activity_ids.write({"date_deadline": fields.Date.context_today(approvals)})
        return request_id

    def _messages_to(self, env, request_id, text):
        """``{user id: [message ids]}`` of the messages about the request containing ``text``."""
        messages = env["mail.message"].search(
            [("model", "=", "collab.request"), ("res_id", "=", request_id), ("body", "ilike", text)], order="id"
        )
        deciders = env["res.users"].browse(self.heads[1:])
        return {user.id: messages.filtered(lambda m, u=user: u.partner_id in m.partner_ids).ids for user in deciders}

    def test_two_urges_at_once_urge_each_decider_once(self):
        outcome = {"urged_once": 0, "duplicated": 0, "refusals": 0}
        for _loop in range(LOOPS):
            request_id = self._review_due_today()
            errors = self._decide_together(
                [
                    (self.initiator.id, "collab.request", request_id, "action_urge"),
                    (self.coordinator.id, "collab.request", request_id, "action_urge"),
                ]
            )
            # the second urge is refused with the reason, after the first
            self.assertEqual(len(errors), 1, errors)
            self.assertRegex(errors[0], "was already urged on")
            outcome["refusals"] += 1
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                urges = env["collab.request.urge"].search([("request_id", "=", request_id)])
                notified = self._messages_to(env, request_id, "urges you to decide")
                once = sorted(urges.user_id.ids) == sorted(self.heads[1:]) and len(urges) == 2
                once &= all(len(ids) == 1 for ids in notified.values())
                outcome["urged_once"] += once
                outcome["duplicated"] += len(urges) > 2 or any(len(ids) > 1 for ids in notified.values())
        self.assertEqual(outcome, {"urged_once": LOOPS, "duplicated": 0, "refusals": LOOPS})

    def test_urge_racing_a_withdrawal_never_follows_it(self):
        outcome = {"urge_after_withdrawal": 0, "withdrawn": 0, "serialised": 0}
        for _loop in range(LOOPS):
            request_id = self._review_due_today()
            runs = []
            errors = self._decide_together(
                [
                    (self.initiator.id, "collab.request", request_id, "action_withdraw", {"reason": "Not now"}),
                    (self.coordinator.id, "collab.request", request_id, "action_urge"),
                ],
                runs,
            )
            # the withdrawal always goes through; an urge that comes second is refused with why
            for error in errors:
                self.assertRegex(error, "cannot be urged while it is in state Draft")
            # never both on the request as it was: one of them ran again once the other committed
            outcome["serialised"] += len(runs) > 2
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                outcome["withdrawn"] += env["collab.request"].browse(request_id).state == "draft"
                urged = self._messages_to(env, request_id, "urges you to decide")
                released = self._messages_to(env, request_id, "you no longer need to decide")
                for user_id, ids in released.items():
                    self.assertEqual(len(ids), 1, "each decider is told once")
                    outcome["urge_after_withdrawal"] += any(urge > ids[0] for urge in urged[user_id])
                urges = env["collab.request.urge"].search([("request_id", "=", request_id)])
                self.assertEqual(len(urges), 0 if errors else 2, "an urge refused leaves no urge record")
        self.assertEqual(outcome, {"urge_after_withdrawal": 0, "withdrawn": LOOPS, "serialised": LOOPS})
