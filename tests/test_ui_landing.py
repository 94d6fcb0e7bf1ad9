"""The first screen after login, per role: the Collaboration app on what they must do (README
"The first screen"), in the browser; the login page in English. ``COLLAB_SCREENSHOTS=1`` saves
the screens into docs/screenshots/."""

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP_COORDINATOR, load_languages
from .screenshots import tour_screenshots

# the login page: its screenshot (see tests/screenshots.py), then its labels are English
LOGIN_PAGE_CHECK = """
(async () => {
    console.log("collab-screenshot:login_page_en");
    while (!document.body.classList.contains("o_collab_shot_login_page_en")) {
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const label = document.querySelector("label[for=login]").innerText;
    const button = document.querySelector(".oe_login_form button[type=submit]").innerText;
    if (label.trim() === "Email" && button.trim() === "Log in") {
        console.log("test successful");
    } else {
        console.error(`The login page is not in English: ${label} / ${button}`);
    }
})();
"""


@tagged("post_install", "-at_install")
class TestLanding(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)
        cls.Decision = cls.env["collab.my.decision"]
        cls.employee = cls.env.ref("cross_dept_collab.user_log_user2")
        cls.head = cls.env.ref("cross_dept_collab.user_sales_head")
        cls.head.lang = "zh_CN"
        cls.coordinator = cls.env.ref("cross_dept_collab.user_coordinator")

    def landing(self, user):
        return self.Decision.with_user(user).action_landing()

    def test_the_login_page_is_in_english(self):
        self.assertTrue(self.env.ref("base.lang_en").active)
        with tour_screenshots():
            self.browser_js("/web/login", LOGIN_PAGE_CHECK, ready="!!document.querySelector('.oe_login_form')")

    def test_an_employee_lands_on_his_requests_with_a_pointer_to_new(self):
        self.assertFalse(self.Decision.with_user(self.employee).search_count([("user_id", "=", self.employee.id)]))
        self.assertFalse(
            self.env["collab.request"].with_user(self.employee).search_count([("initiator_id", "=", self.employee.id)])
        )
        self.assertEqual(self.landing(self.employee)["xml_id"], "cross_dept_collab.collab_request_action_mine")
        with tour_screenshots():
            self.start_tour("/odoo", "collab_landing_employee_tour", login=self.employee.login)

    def test_a_head_with_a_review_waiting_lands_on_my_approvals(self):
        self.assertTrue(self.Decision.with_user(self.head).search_count([("user_id", "=", self.head.id)]))
        self.assertEqual(self.landing(self.head)["xml_id"], "cross_dept_collab.collab_my_decision_action")
        with tour_screenshots():
            self.start_tour("/odoo", "collab_landing_decider_tour", login=self.head.login)

    def test_the_coordinator_lands_on_the_requests_waiting_for_pmo_review(self):
        raised = (
            self.env["collab.request"]
            .with_user(self.employee)
            .create(
                {
                    "title": "Ticket system upgrade",
                    "request_type": "project",
                    "initiating_department_id": self.employee.employee_ids.department_id.id,
                    "involved_department_ids": [Command.set(self.env.ref("cross_dept_collab.dept_rd").ids)],
                    "background": "Tickets wait for days",
                    "goal": "Answer every ticket within a day",
                    "date_expected": fields.Date.add(fields.Date.today(), days=90),
                    "scope": "Ticket routing and reports",
                    "line_ids": [
                        Command.create(
                            {"department_id": self.env.ref("cross_dept_collab.dept_rd").id, "description": "Routing"}
                        )
                    ],
                }
            )
        )
        raised.action_submit()
        rows = self.Decision.with_user(self.coordinator).search([("user_id", "=", self.coordinator.id)])
        self.assertIn("pmo_review", rows.mapped("kind"))
        self.assertEqual(self.landing(self.coordinator)["xml_id"], "cross_dept_collab.collab_my_decision_action")
        with tour_screenshots():
            self.start_tour("/odoo", "collab_landing_coordinator_tour", login=self.coordinator.login)

    def test_a_coordinator_with_nothing_waiting_lands_on_the_open_requests(self):
        second = new_test_user(self.env, "t_second_coordinator", groups=GROUP_COORDINATOR, name="T Second PMO")
        self.assertFalse(self.Decision.with_user(second).search_count([("user_id", "=", second.id)]))
        self.assertEqual(self.landing(second)["xml_id"], "cross_dept_collab.collab_request_action")
