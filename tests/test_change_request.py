from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from .common import PlanCase

CR_ACTIVITY = "cross_dept_collab.mail_activity_type_collab_change_request"


def d(day):
    """Dates in March 2031; the 3rd is a Monday, weekends are the 8th/9th, 15th/16th …"""
    return date(2031, 3, day)


class ChangeRequestCase(PlanCase):
    def confirmed_plan(self):
        """Design (Mon 3–Fri 7) → Build (Mon 10–Fri 14) → Launch (Mon 17–Tue 18), plan signed."""
        project = self.make_project()
        project.member_ids.filtered(lambda m: m.department_id == self.dept_rd).module_owner_ids = self.rd_user
        self.design = self.make_task(project, "Design", d(3), d(7), user_ids=[Command.set(self.rd_user.ids)])
        self.build = self.make_task(
            project, "Build", d(10), d(14), predecessors=self.design, user_ids=[Command.set(self.rd_user.ids)]
        )
        self.launch = self.make_task(
            project, "Launch", d(17), d(18), predecessors=self.build, user_ids=[Command.set(self.sales_user.ids)]
        )
        project.with_user(self.mkt_head).action_request_plan_signoff()
        for signoff in project.signoff_ids.filtered(lambda s: s.kind == "plan"):
            signoff.with_user(signoff.user_id).action_sign()
        self.assertEqual(project.plan_state, "confirmed")
        return project

    def make_change(self, project, user=None, lines=None, **values):
        user = user or self.mkt_head  # the project lead
        lines = lines if lines is not None else [(self.design, d(3), d(11))]
        vals = {
            "project_id": project.id,
            "change_type": "schedule",
            "description": "Design needs two more days for the battery module",
            "reason": "Prototype failed acceptance: optimise the battery module",
            "impact": "Build and launch move by two working days",
            "line_ids": [
                Command.create({"task_id": task.id, "date_planned_start": start, "date_planned_end": end})
                for task, start, end in lines
            ],
        }
        vals.update(values)
        return self.env["collab.change.request"].with_user(user).create(vals)


class TestChangeRequestFlow(ChangeRequestCase):
    def test_confirmed_plan_edit_is_refused_outside_a_change_request(self):
        project = self.confirmed_plan()
        for user in (self.mkt_head, self.coordinator):
            with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
                self.design.with_user(user).write({"date_planned_end": d(11)})
            message = str(caught.exception)
            self.assertIn("is confirmed", message)
            self.assertIn("needs an approved change request", message)
            self.assertIn(project.name, message)
        self.assertEqual(self.design.date_planned_end, d(7))

    def test_submit_approve_apply_shifts_dependants_and_notifies_every_member(self):
        project = self.confirmed_plan()
        change = self.make_change(project)
        self.assertTrue(change.name.startswith("CR-"))
        self.assertEqual(change.approver_id, self.sponsor, "the project's sponsor decides")
        line = change.line_ids
        self.assertEqual((line.old_date_planned_start, line.old_date_planned_end), (d(3), d(7)))

        change.with_user(self.mkt_head).action_submit()
        self.assertEqual(change.state, "submitted")
        activity = self.activities_of(change, CR_ACTIVITY)
        self.assertEqual(activity.user_id, self.sponsor)
        self.assertEqual(activity.date_deadline, self.company_today(change, change.deadline))
        self.assertAlmostEqual(
            (change.deadline - change.date_asked).total_seconds() / 3600, self.env.company.collab_sponsor_approval_hours
        )
        self.assertTrue(change.with_user(self.sponsor).can_decide)
        self.assertFalse(change.with_user(self.mkt_head).can_decide)

        change.with_user(self.sponsor).action_approve("Agreed, keep the launch week")
        self.assertEqual(change.state, "approved")
        self.assertEqual(change.decision_comment, "Agreed, keep the launch week")
        self.assertTrue(change.date_decided)
        self.assertFalse(self.activities_of(change, CR_ACTIVITY), "the approval activity is closed")
        apply_ask = self.activities_of(change, "mail.mail_activity_data_todo")
        self.assertEqual(apply_ask.user_id, self.mkt_head, "the project lead is asked to apply it")
        self.assertEqual(self.design.date_planned_end, d(7), "approval alone changes nothing")
        self.assertTrue(change.with_user(self.mkt_head).can_apply)

        change.with_user(self.mkt_head).action_apply()
        self.assertEqual(change.state, "applied")
        self.assertEqual(change.applied_by_id, self.mkt_head)
        self.assertEqual(project.plan_state, "confirmed", "the plan stays confirmed")
        # Design now ends Tue 11: Build starts Wed 12 and keeps 5 working days; Launch follows
        self.assertEqual((self.design.date_planned_start, self.design.date_planned_end), (d(3), d(11)))
        self.assertEqual((self.build.date_planned_start, self.build.date_planned_end), (d(12), d(18)))
        self.assertEqual((self.launch.date_planned_start, self.launch.date_planned_end), (d(19), d(20)))
        self.assertFalse(self.activities_of(change, "mail.mail_activity_data_todo"), "the apply ask is done")

        summary = str(change.apply_summary)
        for text in ("Design", "2031-03-07", "2031-03-11", "Build", "2031-03-12", "Launch", "2031-03-20"):
            self.assertIn(text, summary)
        posted = project.message_ids.filtered(lambda m: change.name in str(m.body) and "applied" in str(m.body))
        self.assertEqual(len(posted), 1)
        members = self.mkt_head | self.rd_head | self.sales_head | self.rd_user | self.sponsor
        self.assertEqual(posted.partner_ids, members.partner_id, "liaisons, module owners, lead and sponsor")
        self.assertTrue(
            self.env["mail.notification"].search_count(
                [("mail_message_id", "=", posted.id), ("res_partner_id", "=", self.rd_user.partner_id.id)]
            ),
            "the module owner is notified",
        )

    def test_reject_with_reason_through_the_dialog(self):
        project = self.confirmed_plan()
        change = self.make_change(project)
        change.with_user(self.mkt_head).action_submit()
        with self.assertRaisesRegex(UserError, r"Say why the change request is rejected: a reason is required\."):
            change.with_user(self.sponsor).action_reject("  ")
        action = change.with_user(self.sponsor).action_open_reject_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.sponsor)
            .with_context(action["context"])
            .create({"reason": "The launch date is fixed"})
        )
        wizard.action_confirm()
        self.assertEqual(change.state, "rejected")
        self.assertEqual(change.decision_comment, "The launch date is fixed")
        self.assertFalse(self.activities_of(change, CR_ACTIVITY))
        told = change.message_ids.filtered(lambda m: "The launch date is fixed" in str(m.body))
        self.assertIn(self.mkt_head.partner_id, told.partner_ids)
        with self.assertRaisesRegex(
            UserError, r"CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch cannot be applied while it is Rejected\."
        ):
            change.with_user(self.mkt_head).action_apply()
        self.assertEqual(self.design.date_planned_end, d(7))

    def test_unapproved_change_cannot_be_applied(self):
        project = self.confirmed_plan()
        change = self.make_change(project)
        with self.assertRaisesRegex(
            UserError, r"CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch cannot be applied while it is Draft\."
        ):
            change.with_user(self.mkt_head).action_apply()
        change.with_user(self.mkt_head).action_submit()
        with self.assertRaises(UserError) as caught:
            change.with_user(self.sponsor).action_apply()
        self.assertIn("cannot be applied", str(caught.exception))
        self.assertEqual(self.design.date_planned_end, d(7))
        self.assertFalse(change.with_user(self.mkt_head).can_apply)

    def test_wrong_users_are_refused(self):
        project = self.confirmed_plan()
        change = self.make_change(project)
        # the Sales head follows the project and sees the request, but did not raise it
        with self.assertRaisesRegex(
            AccessError, r"Only the requester of CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch, the project lead or"
        ):
            change.with_user(self.sales_head).action_submit()
        self.assertFalse(change.with_user(self.sales_head).can_submit)
        change.with_user(self.mkt_head).action_submit()
        for user in (self.mkt_head, self.rd_head, self.coordinator):
            with (
                self.assertRaisesRegex(
                    AccessError, r"Only Test Sponsor can decide on CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch\."
                ),
                self.cr.savepoint(),
            ):
                change.with_user(user).action_approve()
            with (
                self.assertRaisesRegex(
                    AccessError, r"Only Test Sponsor can decide on CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch\."
                ),
                self.cr.savepoint(),
            ):
                change.with_user(user).action_reject("not mine to decide")
        change.with_user(self.sponsor).action_approve()
        with self.assertRaisesRegex(
            AccessError, r"Only the project lead, the coordinator or the approver can apply CR-\d{4}-\d+"
        ):
            change.with_user(self.sales_head).action_apply()
        with self.assertRaisesRegex(
            UserError, r"CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch has already been decided \(Approved\)\."
        ):
            change.with_user(self.sponsor).action_approve()  # already decided
        # the approver may apply too
        change.with_user(self.sponsor).action_apply()
        self.assertEqual(change.state, "applied")

    def test_coordinator_and_sponsor_see_all_outsiders_see_nothing(self):
        project = self.confirmed_plan()
        change = self.make_change(project)
        ChangeRequest = self.env["collab.change.request"]
        for user in (self.coordinator, self.sponsor, self.rd_head):
            self.assertIn(change, ChangeRequest.with_user(user).search([]), user.name)
        self.assertNotIn(change, ChangeRequest.with_user(self.rd_user).search([]), "not a follower of the project")
        with self.assertRaisesRegex(AccessError, r"doesn't have 'write' access to:\n- .*\(collab\.change\.request\)"):
            change.with_user(self.rd_head).write({"reason": "hijacked"})
        change.with_user(self.mkt_head).action_submit()
        # refused by the workflow guard (frozen once submitted) before the record rules
        with self.assertRaisesRegex(
            UserError, r"CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch is Submitted: it can no longer be edited\."
        ):
            change.with_user(self.mkt_head).write({"description": "changed after submission"})
        with self.assertRaisesRegex(
            UserError, r"CR-\d{4}-\d+ XMBG-\d+ Smartwatch launch is Submitted: it can no longer be edited\."
        ):
            change.line_ids.with_user(self.mkt_head).write({"date_planned_end": d(28)})


class TestChangeRequestValidation(ChangeRequestCase):
    def test_lines_must_belong_to_the_project_and_end_after_start(self):
        project = self.confirmed_plan()
        other = self.make_project()
        stranger = self.make_task(other, "Elsewhere", d(3), d(4))
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            self.make_change(project, lines=[(stranger, d(3), d(5))])
        self.assertIn("does not belong to the project", str(caught.exception))
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            self.make_change(project, lines=[(self.design, d(10), d(4))])
        self.assertIn("is before its new planned start", str(caught.exception))

    def test_submit_lists_everything_missing(self):
        project = self.confirmed_plan()
        change = self.make_change(project, lines=[], description=False, impact=" ")
        with self.assertRaises(ValidationError) as caught:
            change.with_user(self.mkt_head).action_submit()
        message = str(caught.exception)
        for text in ("Description is missing", "Impact is missing", "at least one task"):
            self.assertIn(text, message)
        self.assertEqual(change.state, "draft")

    def test_only_the_coordinator_names_another_approver(self):
        project = self.confirmed_plan()
        # the requester cannot name another approver than the sponsor (the original decision maker)
        with self.assertRaisesRegex(AccessError, "Only the coordinator can set Approver"), self.cr.savepoint():
            self.make_change(project, approver_id=self.rd_head.id)
        change = self.make_change(project)
        with self.assertRaisesRegex(AccessError, r"Only the coordinator can set Approver of Project Change Request\."):
            change.with_user(self.mkt_head).write({"approver_id": self.rd_head.id})
        change.with_user(self.coordinator).write({"approver_id": self.rd_head.id})
        with self.assertRaisesRegex(ValidationError, "Only the coordinator can name another approver"):
            change.with_user(self.mkt_head).action_submit()
        change.with_user(self.coordinator).action_submit()
        self.assertEqual(self.activities_of(change, CR_ACTIVITY).user_id, self.rd_head)

    def test_approver_falls_back_to_the_requests_sponsor(self):
        project = self.confirmed_plan()
        project.sponsor_id = False
        change = self.make_change(project, change_type="resources", lines=[])
        self.assertEqual(change.approver_id, project.collab_request_id.sponsor_id)
        self.assertEqual(change.approver_id, self.sponsor)

    def test_goal_change_without_dates_is_applied_and_announced(self):
        project = self.confirmed_plan()
        change = self.make_change(project, change_type="goal", lines=[], description="Sales target 120,000 units")
        change.with_user(self.mkt_head).action_submit()
        change.with_user(self.sponsor).action_approve()
        change.with_user(self.coordinator).action_apply()
        self.assertEqual(change.state, "applied")
        self.assertEqual(self.build.date_planned_start, d(10))
        posted = project.message_ids.filtered(lambda m: "Sales target 120,000 units" in str(m.body))
        self.assertIn(self.sales_head.partner_id, posted.partner_ids)

    def test_old_dates_are_those_the_change_replaced(self):
        """A task moved after the request was raised: the record keeps the dates it really replaced."""
        project = self.confirmed_plan()
        change = self.make_change(project, lines=[(self.build, d(17), d(21))])
        self.build.with_context(collab_plan_change_approved=True).date_planned_end = d(13)
        change.with_user(self.mkt_head).action_submit()
        change.with_user(self.sponsor).action_approve()
        change.with_user(self.mkt_head).action_apply()
        self.assertEqual(change.line_ids.old_date_planned_end, d(13))
        self.assertEqual((self.build.date_planned_start, self.build.date_planned_end), (d(17), d(21)))
        self.assertEqual(self.launch.date_planned_start, d(21) + timedelta(days=3), "next working day: Mon 24")


class TestChangeRequestSaysWhyTasksMoved(ChangeRequestCase):
    def test_a_conflict_already_in_the_plan_is_named_when_applying_moves_it(self):
        """Applying a change reschedules the plan: a task the change did not name, which already
        started before its predecessor ended, moves too — and the result says so, and why."""
        project = self.make_project()
        project.member_ids.filtered(lambda m: m.department_id == self.dept_rd).module_owner_ids = self.rd_user
        self.design = self.make_task(project, "Design", d(3), d(7), user_ids=[Command.set(self.rd_user.ids)])
        self.build = self.make_task(
            project, "Build", d(10), d(14), predecessors=self.design, user_ids=[Command.set(self.rd_user.ids)]
        )
        # starts Wednesday 5 while Design runs until Friday 7: a conflict already in the plan
        docs = self.make_task(
            project, "Docs", d(5), d(6), predecessors=self.design, user_ids=[Command.set(self.rd_user.ids)]
        )
        project.with_user(self.mkt_head).action_request_plan_signoff()
        for signoff in project.signoff_ids.filtered(lambda s: s.kind == "plan"):
            signoff.with_user(signoff.user_id).action_sign()
        change = self.make_change(project, lines=[(self.build, d(10), d(17))])
        change.with_user(self.mkt_head).action_submit()
        change.with_user(self.sponsor).action_approve("OK")
        change.with_user(self.mkt_head).action_apply()
        self.assertNotEqual((docs.date_planned_start, docs.date_planned_end), (d(5), d(6)), "rescheduling moved it")
        summary = str(change.apply_summary)
        self.assertIn("Dependent tasks moved:", summary)
        moved = summary.split("Dependent tasks moved:")[1]
        self.assertIn("Docs", moved)
        # dates as the reader writes them (the company's language here), never ISO
        self.assertIn(
            f"a conflict already in the plan: it started {format_date(self.env, d(5))}, before its predecessor "
            f"{self.design.wbs_code} Design ends {format_date(self.env, d(7))}; the change did not touch them",
            moved,
        )
