from odoo.tests import HttpCase, tagged

from .common import load_languages


@tagged("post_install", "-at_install")
class TestTransferReviewTour(HttpCase):
    """转交 in the browser, in Chinese: a department head transfers his review to his deputy with
    the review's Transfer dialog; the deputy approves it from My Approvals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)

    def test_head_transfers_his_review_and_the_deputy_approves_it(self):
        request = self.env.ref("cross_dept_collab.request_618")
        head = self.env.ref("cross_dept_collab.user_sales_head")
        deputy = self.env.ref("cross_dept_collab.user_sales_user1")
        (head | deputy).write({"lang": "zh_CN"})
        self.env.ref("cross_dept_collab.dept_sales").collab_deputy_ids = deputy
        approval = request.approval_ids.filtered(lambda a: a.department_id.name.startswith("Sales"))
        self.assertEqual((approval.state, approval.approver_id), ("pending", head))

        self.start_tour(
            "/odoo/action-cross_dept_collab.collab_my_decision_action",
            "collab_transfer_review_tour",
            login="sales_head",
        )
        self.assertEqual(approval.approver_id, deputy)
        self.assertEqual(approval.previous_decider_ids, head)
        self.assertTrue(request.message_ids.filtered(lambda m: "出差一周" in (m.body or "")), "why, on the request")
        activity = approval.activity_ids
        self.assertEqual(activity.user_id, deputy, "the activity followed the decision")

        self.start_tour(
            "/odoo/action-cross_dept_collab.collab_my_decision_action",
            "collab_transferred_review_approve_tour",
            login="sales_user1",
        )
        self.assertEqual(approval.state, "approved")
        self.assertFalse(approval.activity_ids, "the deputy's activity is closed by the decision")
        self.assertFalse(
            self.env["collab.my.decision"].with_user(head).search([("res_id", "=", approval.id)]),
            "gone from the head's My Approvals",
        )
