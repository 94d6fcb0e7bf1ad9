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


class TestScorecard(PlanCase):
    def test_first_pass_rate_and_department_scorecard(self):
        project = self.make_project()
        with freeze_time(datetime(2020, 3, 2, 9, 0)):
            tasks = self.Task.create(
                [
                    {
                        "name": f"Deliverable {i}",
                        "project_id": project.id,
                        "collab_department_id": department.id,
                        "deliverable": f"Deliverable {i}",
                        "date_planned_start": date(2020, 3, 2),
                        "date_planned_end": date(2020, 3, 20),
                        "user_ids": [Command.set(self.rd_user.ids)],
                    }
                    for i, department in enumerate((self.dept_rd, self.dept_rd, self.dept_rd, self.dept_sales))
                ]
            )
            tasks.action_submit_for_acceptance()
            first = tasks.acceptance_ids
            first.filtered(lambda a: a.task_id == tasks[0]).action_pass("fine")
            first.filtered(lambda a: a.task_id == tasks[1]).action_pass("fine")
            first.filtered(lambda a: a.task_id == tasks[2]).action_fail("Battery", date(2020, 3, 10))
            first.filtered(lambda a: a.task_id == tasks[3]).action_fail("Deck", date(2020, 3, 10))
            (tasks[2] | tasks[3]).action_submit_for_acceptance()
            (tasks[2] | tasks[3]).acceptance_ids.filtered(lambda a: a.round == 2).action_pass("fixed")
        self.env.flush_all()
        rows = self.env["collab.acceptance"].read_group(
            [("task_id", "in", tasks.ids), ("round", "=", 1), ("result", "!=", "pending")],
            ["first_pass_score:avg"],
            ["department_id"],
        )
        rate = {row["department_id"][0]: round(row["first_pass_score"], 2) for row in rows}
        self.assertEqual(rate, {self.dept_rd.id: 66.67, self.dept_sales.id: 0.0})

        scorecard = self.env["collab.report.department.scorecard"].search([("department_id", "=", self.dept_rd.id)])
        self.assertEqual(scorecard.deliverables_judged, 3)
        self.assertAlmostEqual(scorecard.first_pass_rate, 200 / 3, places=2)
        self.assertEqual(scorecard.tasks_done, 3, "passing closes the task's deliverable")
        self.assertEqual(scorecard.on_time_rate, 100.0)
