"""The drift from the signed plan where people look: in the weekly status the lead publishes
(finish variance and slipped tasks with their reason) and on the dashboards (slipped tasks by
department), as the project lead and the department heads."""

import html
from datetime import datetime

from .test_change_request import d
from .test_plan_baseline_timeline import BaselineCase


class TestWeeklyStatusAgainstTheSignedPlan(BaselineCase):
    def prepared(self, project, user=None):
        action = project.with_user(user or self.mkt_head).action_prepare_status_update()
        return action["context"], html.unescape(str(action["context"]["default_description"]))

    def test_the_published_status_says_how_far_behind_and_which_tasks_slipped_why(self):
        project = self.confirmed_plan()
        _context, status = self.prepared(project)
        self.assertIn("Finish: on the signed plan's finish date (signed: 2031-03-18).", status)
        self.assertNotIn("Tasks behind the signed plan", status)
        # Design ends Wed 12 instead of Fri 7: Build and Launch follow, the plan ends 3 working days late
        change = self.apply_change(project, [(self.design, d(3), d(12))])
        context, status = self.prepared(project)
        self.assertIn("Finish: +3 working days behind the signed plan (signed: 2031-03-18).", status)
        self.assertIn("Tasks behind the signed plan:", status)
        for task in ("Design", "Build", "Launch"):
            self.assertIn(
                f"{task}: +3 working days — {change.name}: Prototype failed acceptance: optimise the battery module",
                status,
            )
        # the lead publishes it: the status keeps them
        update = self.env["project.update"].with_user(self.mkt_head).with_context(context).create({})
        self.assertIn("+3 working days behind the signed plan", str(update.description))
        self.assertIn(f"Launch: +3 working days — {change.name}", str(update.description))
        # the lead compares the plan with the change's baseline: the weekly status still measures
        # against the signed plan
        project.with_user(self.mkt_head).collab_baseline_id = project.collab_baseline_ids.filtered(
            lambda b: b.kind == "change"
        )
        self.assertIn("+3 working days behind the signed plan", self.prepared(project)[1])

    def test_an_owner_reported_delay_is_listed_with_its_reason_and_ahead_says_so(self):
        self.freeze_clock(datetime(2031, 3, 2, 8, 0))
        project = self.confirmed_plan()
        # Launch brought forward by a day: the plan ends a working day early
        self.apply_change(project, [(self.launch, d(17), d(17))])
        self.freeze_clock(datetime(2031, 3, 10, 8, 0))  # Monday after Design's planned end
        self.env["project.task"]._collab_refresh_date_statuses()
        self.env["collab.progress.update"].with_user(self.rd_user).create(
            {
                "task_id": self.design.id,
                "progress": 70,
                "summary": "Battery tests still running",
                "delay_reason": "The battery supplier delivered late",
                "date_expected": d(11),
            }
        )
        status = self.prepared(project)[1]
        self.assertIn("Finish: 1 working day ahead of the signed plan (signed: 2031-03-18).", status)
        self.assertIn(
            f"Design: +2 working days — Reported by {self.rd_user.name}: The battery supplier delivered late "
            "(expected to end 2031-03-11)",
            status,
        )
        self.assertNotIn("Launch: ", status)

    def test_the_monday_ask_carries_it_to_the_lead(self):
        project = self.confirmed_plan()
        self.apply_change(project, [(self.design, d(3), d(12))])
        project._remind_weekly_status(None)
        activity = project.activity_ids.filtered(lambda a: a.user_id == self.mkt_head)
        self.assertIn("+3 working days behind the signed plan", str(activity.note))
