"""Query-count bounds of the hot paths (hr_holidays style: ``@warmup`` + ``assertQueryCount``).

Each test runs twice: a cold run fills the caches, the warm run is counted. The bounds carry a
margin over the counts measured when they were set (in the comment next to each), so that small
changes elsewhere do not break them while a query per record would."""

from datetime import timedelta

from odoo import Command
from odoo.tests import new_test_user, warmup

from .common import GROUP_LEAD, RequestCase


class TestQueryCounts(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        extra = cls.env["hr.department"]
        for code in ("ops", "fin", "hr"):
            head = new_test_user(cls.env, f"t_{code}_head", groups=GROUP_LEAD, name=f"T {code} Head")
            department = cls.env["hr.department"].create({"name": f"T {code}"})
            department.manager_id = cls.env["hr.employee"].create(
                {"name": head.name, "user_id": head.id, "department_id": department.id}
            )
            extra |= department
        cls.five_departments = cls.dept_rd | cls.dept_sales | extra

    def make_five_department_request(self, asks_per_department=1):
        today = self.company_today()
        return self.make_request(
            departments=self.five_departments,
            line_ids=[
                Command.create(
                    {
                        "department_id": department.id,
                        "description": f"Ask {number} of {department.name}",
                        "date_due": today + timedelta(days=30),
                    }
                )
                for department in self.five_departments
                for number in range(asks_per_department)
            ],
        )

    @warmup
    def test_submit_a_request_with_five_departments(self):
        request = self.make_five_department_request()
        with self.assertQueryCount(85):  # measured: 49; 69 with the PMO review's decision record
            request.with_user(self.mkt_user).action_submit()
        self.assertEqual(request.state, "submitted")

    @warmup
    def test_decide_one_department_review(self):
        request = self.make_five_department_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        with self.assertQueryCount(30):  # measured: 21
            approval.with_user(self.rd_head).action_approve("R&D agrees")
        self.assertEqual(approval.state, "approved")

    @warmup
    def test_sponsor_approval_creates_the_project_with_ten_tasks(self):
        request = self.make_five_department_request(asks_per_department=2)
        self.bring_to_review(request)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        with self.assertQueryCount(520):  # measured: 452
            request.with_user(self.sponsor).action_sponsor_approve()
        self.assertEqual(len(request.project_id.tasks), 10)

    @warmup
    def test_one_reminder_batch_of_500_tasks(self):
        # a fixed moment (Wed 9 Dec 2026, 10:00 in Shanghai, inside working hours): what the rules
        # read depends on whether the company's working time has begun, not on when the suite runs
        self.freeze_clock("2026-12-09 02:00:00")
        project = self.env["project.project"].create(
            {"name": "Volume", "collab_request_id": self.make_request().id, "user_id": self.rd_head.id}
        )
        end = self.company_today() + timedelta(days=self.env.company.collab_remind_owner_days)
        self.env["project.task"].with_context(mail_create_nolog=True, tracking_disable=True).create(
            [
                {
                    "name": f"Task {number}",
                    "project_id": project.id,
                    "user_ids": [Command.set(self.rd_user.ids)],
                    "date_planned_start": end - timedelta(days=10),
                    "date_planned_end": end,
                }
                for number in range(500)
            ]
        )
        engine = self.env["collab.reminder.engine"]
        self.env.flush_all()
        # measured: 61 at that moment (60 at night, before the working time begins) — one query per
        # rule and the companies' time zones for their day — whatever the number of tasks
        with self.assertQueryCount(61):
            done, __ = engine.run_batch(limit=500)
        self.assertEqual(done, 500)
