"""Two heads approve the last two pending reviews of a round at the same instant, each in their own
transaction (as two RPC calls on two workers would): exactly one transition, never a stuck request.

The data is committed (the two transactions must see it) and removed at the end.
"""

import threading
import uuid
from functools import partial

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user

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

    def _decide_together(self, calls):
        """Run each (uid, model, id, method) in its own transaction, released at the same instant."""
        barrier = threading.Barrier(len(calls))
        errors = []

        def run(uid, model, record_id, method):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, uid, {})
                    barrier.wait(timeout=30)
                    retrying(partial(lambda: getattr(env[model].browse(record_id), method)()), env)
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
