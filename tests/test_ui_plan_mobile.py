"""The WBS plan and My Follow-ups on a phone (390×844), in Chromium."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPlanOnThePhone(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_wbs_plan_opens_as_cards_with_code_dates_and_status(self):
        lead = self.env.ref("cross_dept_collab.user_mkt_head")
        Task = self.env["project.task"].with_user(lead)
        self.assertTrue(Task.search_count([("collab_request_id", "!=", False), ("wbs_code", "!=", False)]))
        self.start_tour(
            "/odoo/action-cross_dept_collab.project_task_action_wbs", "collab_wbs_mobile_tour", login="mkt_head"
        )

    def test_follow_ups_show_their_empty_state(self):
        sponsor = self.env.ref("cross_dept_collab.user_sponsor")
        self.assertFalse(
            self.env["project.task"].with_user(sponsor).search_count([("user_ids", "in", sponsor.id)]),
            "the sponsor owns no task",
        )
        self.start_tour(
            "/odoo/action-cross_dept_collab.project_task_action_follow_ups",
            "collab_follow_ups_empty_tour",
            login="collab_sponsor",
        )
