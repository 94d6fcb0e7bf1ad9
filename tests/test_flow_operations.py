"""The decision operations on a step of a company's flow (the Finance review of large budgets), as
on the seeds' steps: My Approvals and its batch dialog, urge, transfer, delegation, CC and
withdraw — each done by the person who does it."""

from datetime import timedelta

from odoo.exceptions import AccessError

from .test_flow_requests import FlowRequestCase


class TestFlowReviewOperations(FlowRequestCase):
    def setUp(self):
        super().setUp()
        self.seeds_flow([self.finance_review()])
        self.request = self.make_request(resource_budget=800_000)
        self.through_reviews(self.request)
        self.assertEqual(self.request.state, "extra_review")
        self.step = self.request.sudo().step_ids.filtered(lambda s: s.step == "extra_review")

    def test_my_approvals_lists_it_and_the_batch_dialog_approves_it(self):
        rows = self.env["collab.my.decision"].with_user(self.finance_head).search([("kind", "=", "extra_review")])
        self.assertEqual(rows.request_id, self.request)
        self.assertEqual(rows.read(["kind"])[0]["kind"], "extra_review")
        batch = (
            self.env["collab.decision.batch"]
            .with_user(self.finance_head)
            .create({"decision_refs": rows.ids, "comment": "Budget covered"})
        )
        batch.action_confirm()
        self.assertEqual(batch.approved_count, 1)
        self.assertEqual(self.request.state, "sponsor_approval")
        self.assertFalse(
            self.env["collab.my.decision"].with_user(self.finance_head).search([("kind", "=", "extra_review")])
        )

    def test_the_initiator_urges_the_finance_head(self):
        self.assertEqual(self.request.with_user(self.mkt_user).waiting_on_ids, self.finance_head)
        self.request.with_user(self.mkt_user).action_urge("Launch is close")
        self.assertEqual(self.request.decision_ids.sorted("id")[-1:].action, "urge")
        self.assertIn("T Finance Head", self.request.decision_ids.sorted("id")[-1:].reason)

    def test_the_finance_head_transfers_it_and_the_new_decider_approves(self):
        # the controller is Finance's deputy (the fixture's organisation, not a user's step)
        self.dept_fin.sudo().collab_deputy_ids = self.controller
        with self.assertRaisesRegex(AccessError, "T Auditor may not decide on .*: transfer it to a head or deputy"):
            self.step.with_user(self.finance_head).action_transfer(self.auditor.id, "Audit it")
        self.step.with_user(self.finance_head).action_transfer(self.controller.id, "The controller knows the budget")
        self.assertEqual(self.step.user_id, self.controller)
        self.assertIn(self.finance_head, self.step.previous_decider_ids)
        self.step.with_user(self.controller).action_approve()
        self.assertEqual(self.request.state, "sponsor_approval")

    def test_a_delegate_decides_while_the_finance_head_is_away(self):
        today = self.company_today()
        self.env["collab.delegation"].with_user(self.finance_head).create(
            {
                "user_id": self.finance_head.id,
                "delegate_id": self.auditor.id,
                "date_start": today,
                "date_end": today + timedelta(days=3),
                "reason": "Holiday",
            }
        )
        self.step.with_user(self.auditor).action_approve()
        self.assertEqual(self.request.state, "sponsor_approval")

    def test_the_initiator_withdraws_it_and_the_cc_hear_of_it(self):
        self.request.with_user(self.coordinator).write({"cc_user_ids": [(4, self.controller.id)]})
        self.request.with_user(self.mkt_user).action_withdraw("Budget to be cut")
        self.assertEqual(self.request.state, "draft")
        self.assertEqual(self.step.state, "superseded")
        self.assertFalse(
            self.env["collab.my.decision"].with_user(self.finance_head).search([("kind", "=", "extra_review")])
        )
