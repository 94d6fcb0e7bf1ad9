from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command

from .common import PlanCase

START = datetime(2020, 3, 2, 9, 0, 0)


class TestDashboardFigures(PlanCase):
    """Dashboard figures on a known data set, read the way the pivot reads them (read_group)."""

    def test_approval_lead_time_per_stage(self):
        with freeze_time(START) as clock:
            request = self.make_request()
            request.with_user(self.mkt_user).action_submit()
            clock.tick(timedelta(hours=5))
            request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
            clock.tick(timedelta(hours=10))
            request.with_user(self.mkt_head).action_confirm_lead()
            clock.tick(timedelta(hours=30))
            for approval in request.current_approval_ids:
                approval.with_user(approval.approver_id).action_approve()
            clock.tick(timedelta(hours=4))
            request.with_user(self.sponsor).action_sponsor_approve()
        self.env.flush_all()
        rows = self.env["collab.report.stage.time"].read_group(
            [("request_id", "=", request.id)], ["hours:avg"], ["stage"]
        )
        hours = {row["stage"]: row["hours"] for row in rows}
        self.assertEqual(
            hours,
            {"submitted": 5.0, "lead_confirmation": 10.0, "department_review": 30.0, "sponsor_approval": 4.0},
        )

    def test_requests_by_state_and_type(self):
        first, second, third = self.make_request(), self.make_request(request_type="resource"), self.make_request()
        (first | second).with_user(self.mkt_user).action_submit()
        self.env.flush_all()
        rows = self.env["collab.request"].read_group(
            [("id", "in", (first | second | third).ids)], ["__count"], ["state", "request_type"], lazy=False
        )
        counts = {(row["state"], row["request_type"]): row["__count"] for row in rows}
        self.assertEqual(counts, {("submitted", "project"): 1, ("submitted", "resource"): 1, ("draft", "project"): 1})

    def test_on_time_rate_and_status_per_department(self):
        project = self.make_project()
        with freeze_time(datetime(2020, 3, 10, 10, 0)):
            tasks = self.Task.create(
                [
                    {
                        "name": name,
                        "project_id": project.id,
                        "collab_department_id": department.id,
                        "date_planned_start": date(2020, 3, 2),
                        "date_planned_end": date(2020, 3, 12),
                        "user_ids": [Command.set(self.rd_user.ids)],
                    }
                    for name, department in (
                        ("rd on time", self.dept_rd),
                        ("rd late", self.dept_rd),
                        ("rd open", self.dept_rd),
                        ("sales on time", self.dept_sales),
                    )
                ]
            )
            tasks[0].state = "1_done"
            tasks[3].state = "1_done"
        with freeze_time(datetime(2020, 3, 20, 10, 0)):
            tasks[1].state = "1_done"
            self.env.flush_all()
            self.env["collab.reminder.engine"].run_batch()
        domain = [("id", "in", tasks.ids), ("date_done", "!=", False)]
        rows = self.env["project.task"].read_group(domain, ["on_time_score:avg"], ["collab_department_id"])
        rate = {row["collab_department_id"][0]: row["on_time_score"] for row in rows}
        self.assertEqual(rate, {self.dept_rd.id: 50.0, self.dept_sales.id: 100.0})
        status = self.env["project.task"].read_group(
            [("id", "in", tasks.ids)], ["__count"], ["collab_department_id", "collab_status"], lazy=False
        )
        counts = {(row["collab_department_id"][0], row["collab_status"]): row["__count"] for row in status}
        self.assertEqual(
            counts, {(self.dept_rd.id, "done"): 2, (self.dept_rd.id, "delayed"): 1, (self.dept_sales.id, "done"): 1}
        )
