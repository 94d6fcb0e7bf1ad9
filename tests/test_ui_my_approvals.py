from odoo.tests import HttpCase, tagged

from .common import load_languages


@tagged("post_install", "-at_install")
class TestMyApprovalsTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)

    def test_department_head_batch_approves_from_my_approvals_in_chinese(self):
        request = self.env.ref("cross_dept_collab.request_618")
        head = self.env.ref("cross_dept_collab.user_sales_head")
        head.lang = "zh_CN"
        approval = request.approval_ids.filtered(lambda a: a.department_id.name.startswith("Sales"))
        self.assertEqual(approval.state, "pending")
        row = self.env["collab.my.decision"].with_user(head).search([("res_model", "=", "collab.approval")])
        self.assertIn(approval.id, row.mapped("res_id"))
        self.start_tour(
            "/odoo/action-cross_dept_collab.collab_my_decision_action",
            "collab_my_approvals_tour",
            login="sales_head",
        )
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.feedback, "销售部同意：5月5日前提供采购数据")
        self.assertNotIn(
            approval.id,
            self.env["collab.my.decision"]
            .with_user(head)
            .search([("res_model", "=", "collab.approval")])
            .mapped("res_id"),
        )
