from odoo.tests import HttpCase, tagged

from .common import load_languages


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

    def test_task_owner_posts_progress_from_the_phone_in_chinese(self):
        load_languages(self.env)
        owner = self.env.ref("cross_dept_collab.user_sales_user1")
        owner.lang = "zh_CN"
        task = self.env.ref("cross_dept_collab.task_smartwatch_2_2")
        self.assertIn(owner, task.user_ids)
        self.start_tour(
            "/odoo/action-cross_dept_collab.project_task_action_follow_ups",
            "collab_progress_mobile_tour",
            login="sales_user1",
        )
        update = task.with_user(owner).progress_update_ids.filtered(lambda u: "培训课件初稿完成" in (u.summary or ""))
        self.assertEqual((update.progress, update.user_id), (70, owner))
        self.assertEqual(task.with_user(owner).collab_progress, 70)
