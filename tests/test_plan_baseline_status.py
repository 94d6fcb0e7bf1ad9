"""The drift from the signed plan where people look: in the weekly status the lead publishes
(finish variance and slipped tasks with their reason) and on the dashboards (slipped tasks by
department), as the project lead and the department heads."""

import html
from datetime import datetime

from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from .test_change_request import d
from .test_plan_baseline import BaselineCase


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


class TestSlippedTasksByDepartment(BaselineCase):
    def setUp(self):
        super().setUp()
        self.project = self.confirmed_plan()
        (self.design | self.build).collab_department_id = self.dept_rd
        self.launch.collab_department_id = self.dept_sales
        action = self.env.ref("cross_dept_collab.project_task_action_slipped")
        self.domain = [*safe_eval(action.domain), ("project_id", "=", self.project.id)]

    def slipped_by_department(self, user):
        """The dashboard's figures as the pivot reads them, as ``user``."""
        rows = self.env["project.task"].with_user(user).read_group(self.domain, ["__count"], ["collab_department_id"])
        return {row["collab_department_id"][1]: row["collab_department_id_count"] for row in rows}

    def test_counts_follow_the_moves_and_the_baseline_compared_with(self):
        self.assertEqual(self.slipped_by_department(self.mkt_head), {}, "as signed: nothing slipped")
        # Design is moved 3 working days: Build and Launch follow
        self.apply_change(self.project, [(self.design, d(3), d(12))])
        expected = {self.dept_rd.name: 2, self.dept_sales.name: 1}
        self.assertEqual(self.slipped_by_department(self.mkt_head), expected)
        self.assertEqual(self.slipped_by_department(self.coordinator), expected)
        # each department's head sees his department's slipped tasks
        self.assertEqual(self.slipped_by_department(self.rd_head).get(self.dept_rd.name), 2)
        self.assertEqual(self.slipped_by_department(self.sales_head).get(self.dept_sales.name), 1)
        self.assertTrue(self.design.with_user(self.rd_head).collab_slipped)
        # the lead compares with the change's baseline: nothing slipped against it
        change_baseline = self.project.collab_baseline_ids.filtered(lambda b: b.kind == "change")
        self.project.with_user(self.mkt_head).collab_baseline_id = change_baseline
        self.assertEqual(self.slipped_by_department(self.mkt_head), {})
        self.assertFalse(self.design.with_user(self.mkt_head).collab_slipped)
        # … then takes a baseline by hand: still compared with the one chosen
        self.project.with_user(self.mkt_head).action_collab_take_baseline()
        self.assertEqual(self.slipped_by_department(self.mkt_head), {})
        # back to the signed plan
        self.project.with_user(self.mkt_head).collab_baseline_id = False
        self.assertEqual(self.slipped_by_department(self.mkt_head), expected)

    def test_a_reported_later_end_slips_and_a_move_onto_the_weekend_does_not(self):
        self.freeze_clock(datetime(2031, 3, 4, 8, 0))
        # the owner expects Build to end on Tue 18 instead of Fri 14
        self.env["collab.progress.update"].with_user(self.rd_user).create(
            {"task_id": self.build.id, "progress": 10, "summary": "Started late", "date_expected": d(18)}
        )
        self.assertEqual(self.slipped_by_department(self.rd_head), {self.dept_rd.name: 1})
        # Design's owner expects it on Saturday 8 instead of Friday 7: no working day later
        self.env["collab.progress.update"].with_user(self.rd_user).create(
            {"task_id": self.design.id, "progress": 90, "summary": "Almost", "date_expected": d(8)}
        )
        self.assertEqual(self.design.with_user(self.rd_user).collab_finish_variance, 0)
        self.assertEqual(self.slipped_by_department(self.rd_head), {self.dept_rd.name: 1})
        # once Build is done its reported end no longer counts
        self.build.with_user(self.rd_user).state = "1_done"
        self.assertEqual(self.slipped_by_department(self.mkt_head), {})

    def test_the_search_says_what_it_supports(self):
        Task = self.env["project.task"].with_user(self.mkt_head)
        self.assertFalse(Task.search([("id", "in", self.project.tasks.ids), ("collab_slipped", "=", True)]))
        self.assertEqual(len(Task.search([("id", "in", self.project.tasks.ids), ("collab_slipped", "!=", True)])), 3)
        with self.assertRaisesRegex(UserError, "Slipped tasks are searched with = or != and True or False"):
            Task.search([("collab_slipped", "in", [True])])
