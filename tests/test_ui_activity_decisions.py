"""Deciding from the activity in the browser, in Chinese: a department head approves the 618
request's Sales review from the activity on a phone (two taps), and requests changes from the
review's chatter on a desktop (docs/api.md, "Deciding from the activity")."""

from odoo.tests import HttpCase, tagged

from .common import load_languages
from .screenshots import tour_screenshots


class ActivityTourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)
        cls.head = cls.env.ref("cross_dept_collab.user_sales_head")
        cls.head.lang = "zh_CN"
        cls.request = cls.env.ref("cross_dept_collab.request_618")
        cls.approval = cls.request.approval_ids.filtered(
            lambda a: a.department_id.name.startswith("Sales") and a.round == cls.request.review_round
        )

    def assert_pending_with_activity(self):
        self.assertEqual(self.approval.state, "pending")
        activity = self.approval.activity_ids.filtered(lambda a: a.user_id == self.head)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("cross_dept_collab.mail_activity_type_collab_approval")
        )


@tagged("post_install", "-at_install")
class TestActivityDecisionPhone(ActivityTourCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_head_approves_from_the_activity_in_two_taps(self):
        self.assert_pending_with_activity()
        with tour_screenshots():
            self.start_tour(
                "/odoo/action-cross_dept_collab.collab_approval_action_to_approve",
                "collab_activity_approve_phone_tour",
                login="sales_head",
            )
        self.assertEqual(self.approval.state, "approved")
        self.assertEqual(self.approval.decided_on.date(), self.approval.write_date.date())
        self.assertFalse(self.approval.activity_ids.filtered(lambda a: a.user_id == self.head))


@tagged("post_install", "-at_install")
class TestActivityDecisionDesktop(ActivityTourCase):
    def test_head_requests_changes_from_the_chatter_activity(self):
        self.assert_pending_with_activity()
        with tour_screenshots():
            self.start_tour(
                f"/odoo/action-cross_dept_collab.collab_approval_action_to_approve/{self.approval.id}",
                "collab_activity_request_changes_desktop_tour",
                login="sales_head",
            )
        self.assertEqual(self.approval.state, "changes_requested")
        self.assertEqual(self.approval.feedback, "请补充五月的采购数据")
        self.assertEqual(self.request.state, "second_coordination")


@tagged("post_install", "-at_install")
class TestSignoffShowsWhatIsSigned(HttpCase):
    def test_plan_signer_reads_the_plan_on_the_signoff(self):
        # the plan's columns are project.task's labels: Odoo's project terms too
        load_languages(self.env, modules=("cross_dept_collab", "project"))
        project = self.env.ref("cross_dept_collab.project_smartwatch")
        signer = self.env.ref("cross_dept_collab.user_sales_user1")
        signer.lang = "zh_CN"
        signoff = project.signoff_ids.filtered(lambda s: s.kind == "plan" and s.user_id == signer)
        self.assertIn("培训课件", signoff.with_user(signer).plan_html)
        with tour_screenshots():
            self.start_tour(
                f"/odoo/collab.signoff/{signoff.id}",
                "collab_signoff_shows_the_plan_tour",
                login=signer.login,
            )
