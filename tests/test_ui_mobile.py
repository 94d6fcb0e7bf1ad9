from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMobileApproval(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_department_head_approves_from_the_phone(self):
        request = self.env.ref("cross_dept_collab.request_618")
        approval = request.approval_ids.filtered(lambda a: a.department_id.name.startswith("Sales"))
        self.assertEqual(approval.state, "pending")
        self.start_tour(
            "/odoo/action-cross_dept_collab.collab_approval_action_to_approve",
            "collab_approval_mobile_tour",
            login="sales_head",
        )
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.feedback, "销售部同意：5月5日前提供采购数据")
        self.assertEqual(approval.decided_on.date(), approval.write_date.date())
