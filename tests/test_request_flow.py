from datetime import timedelta

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import RequestCase

LEAD = "cross_dept_collab.mail_activity_type_collab_lead_confirmation"
REVIEW = "cross_dept_collab.mail_activity_type_collab_review"
APPROVAL = "cross_dept_collab.mail_activity_type_collab_approval"
SPONSOR = "cross_dept_collab.mail_activity_type_collab_sponsor_approval"


class TestRequestFlow(RequestCase):
    def test_happy_path_to_a_created_project(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertRegex(request.name, r"^XMBG-\d{6}\d{3}$")
        review = self.activities_of(request, REVIEW)
        self.assertEqual(review.user_id, self.coordinator)

        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        self.assertEqual(request.state, "lead_confirmation")
        self.assertFalse(review.exists(), "the PMO review activity is closed once accepted")
        lead_activity = self.activities_of(request, LEAD)
        self.assertEqual(lead_activity.user_id, self.mkt_head)
        self.assertAlmostEqual(request.stage_deadline, request.date_stage + timedelta(hours=24), delta=timedelta(0))

        request.with_user(self.mkt_head).action_confirm_lead()
        self.assertEqual(request.state, "department_review")
        self.assertEqual(request.review_round, 1)
        approvals = request.approval_ids
        self.assertEqual(approvals.department_id, self.dept_rd | self.dept_sales)
        self.assertEqual(approvals.approver_id, self.rd_head | self.sales_head)
        for approval in approvals:
            self.assertEqual(approval.deadline - approval.date_asked, timedelta(hours=48))
            activity = self.activities_of(approval, APPROVAL)
            self.assertEqual(activity.user_id, approval.approver_id)

        rd_approval = self.approval_of(request, self.dept_rd)
        rd_approval.with_user(self.rd_head).write({"proposed_date": self.company_today() + timedelta(days=20)})
        rd_approval.with_user(self.rd_head).action_approve("R&D can deliver the prototype")
        self.assertEqual(rd_approval.state, "approved")
        self.assertEqual(rd_approval.feedback, "R&D can deliver the prototype")
        self.assertTrue(rd_approval.decided_on)
        done_message = rd_approval.message_ids.filtered(lambda m: "R&amp;D can deliver" in (m.body or ""))
        self.assertTrue(done_message, "the activity is closed with the decision as feedback")
        self.assertEqual(request.state, "department_review")

        self.approval_of(request, self.dept_sales).with_user(self.sales_head).action_approve("OK for Sales")
        self.assertEqual(request.state, "sponsor_approval")
        self.assertEqual(self.activities_of(request, SPONSOR).user_id, self.sponsor)

        request.with_user(self.sponsor).action_sponsor_approve()
        self.assertEqual(request.state, "approved")
        project = request.project_id
        self.assertTrue(project)
        self.assertEqual(project.collab_request_id, request)
        self.assertEqual(project.lead_department_id, self.dept_mkt)
        self.assertEqual(project.collab_department_ids, self.dept_mkt | self.dept_rd | self.dept_sales)
        self.assertEqual(project.sponsor_id, self.sponsor)
        self.assertEqual(project.user_id, self.mkt_head)
        # the request's brief is rendered for each reader, headings in their language
        self.assertIn("Q3 sales 100,000 units", str(project.collab_brief_html))
        self.assertIn("<h3>Goal</h3>", str(project.with_context(lang="en_US").collab_brief_html))
        self.assertFalse(project.description, "the project's own description is the team's to write")
        self.assertEqual(len(project.member_ids), 3)
        self.assertEqual(project.member_ids.filtered(lambda m: m.role == "lead").department_id, self.dept_mkt)
        tasks = self.env["project.task"].search([("project_id", "=", project.id)])
        self.assertEqual(len(tasks), 2)
        by_department = {task.collab_department_id: task for task in tasks}
        self.assertEqual(by_department[self.dept_rd].user_ids, self.rd_head)
        self.assertEqual(by_department[self.dept_sales].user_ids, self.sales_head)
        self.assertFalse(request.activity_ids, "no open activity is left on an approved request")
        actions = request.decision_ids.mapped("action")
        for action in ("submit", "accept", "confirm_lead", "reviews_complete", "sponsor_approve"):
            self.assertIn(action, actions)

    def test_return_to_initiator_with_reason(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        with self.assertRaisesRegex(UserError, "reason for returning the request to its initiator"):
            request.with_user(self.coordinator).action_return("  ")
        request.with_user(self.coordinator).action_return("Involved departments: please add Sales")
        self.assertEqual(request.state, "draft")
        log = request.decision_ids.filtered(lambda d: d.action == "return")
        self.assertEqual(log.reason, "Involved departments: please add Sales")
        self.assertEqual(log.user_id, self.coordinator)
        todo = request.activity_ids.filtered(lambda a: a.user_id == self.mkt_user)
        self.assertTrue(todo)
        self.assertIn("Involved departments: please add Sales", request.message_ids.mapped("body")[0])
        number = request.name
        request.with_user(self.mkt_user).action_submit()
        self.assertEqual(request.name, number, "a resubmitted request keeps its number")

    def test_reject_is_final(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_reject("Out of scope for this quarter")
        self.assertEqual(request.state, "rejected")
        self.assertFalse(request.activity_ids)
        with self.assertRaisesRegex(UserError, "cannot be submitted while it is in state Rejected"):
            request.with_user(self.mkt_user).action_submit()

    def test_objection_sends_back_to_the_coordinator_for_reassignment(self):
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_accept(self.dept_mkt.id)
        request.with_user(self.mkt_head).action_object("R&D should lead: most of the work is the prototype")
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self.activities_of(request, REVIEW).user_id, self.coordinator)
        self.assertFalse(self.activities_of(request, LEAD))
        request.with_user(self.coordinator).action_accept(self.dept_rd.id)
        self.assertEqual(self.activities_of(request, LEAD).user_id, self.rd_head)
        request.with_user(self.rd_head).action_confirm_lead()
        self.assertEqual(request.state, "department_review")

    def test_second_coordination_and_second_round(self):
        request = self.make_request()
        self.bring_to_review(request)
        rd_round1 = self.approval_of(request, self.dept_rd)
        sales_round1 = self.approval_of(request, self.dept_sales)
        with self.assertRaisesRegex(UserError, "Please say what must change"):
            rd_round1.with_user(self.rd_head).action_request_changes("")
        rd_round1.with_user(self.rd_head).action_request_changes("Prototype needs 4 more weeks")
        self.assertEqual(request.state, "second_coordination")
        self.assertEqual(self.activities_of(request, REVIEW).user_id, self.coordinator)

        request.with_user(self.coordinator).action_restart_review("Revised after the departments' feedback")
        self.assertEqual(request.state, "department_review")
        self.assertEqual(request.review_round, 2)
        self.assertEqual(len(request.approval_ids), 4)
        self.assertEqual(request.current_approval_ids.mapped("round"), [2, 2])
        self.assertEqual(rd_round1.state, "changes_requested", "earlier rounds stay readable")
        self.assertFalse(self.activities_of(sales_round1, APPROVAL), "undecided round-1 activities are withdrawn")
        with self.assertRaisesRegex(UserError, r"has already been decided \(Superseded\)"):
            sales_round1.with_user(self.sales_head).action_approve("late answer to round 1")

        self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_reject("Not feasible this year")
        self.assertEqual(request.state, "second_coordination")
        request.with_user(self.coordinator).action_restart_review("Revised after the departments' feedback")
        self.assertEqual(request.review_round, 3)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve("Agreed after arbitration")
        self.assertEqual(request.state, "sponsor_approval")

    def test_sponsor_sends_back(self):
        request = self.make_request()
        self.bring_to_review(request)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        request.with_user(self.sponsor).action_sponsor_return("Budget too high, halve it")
        self.assertEqual(request.state, "second_coordination")
        self.assertFalse(self.activities_of(request, SPONSOR))
        request.with_user(self.coordinator).action_restart_review("Revised after the departments' feedback")
        self.assertEqual(request.review_round, 2)

    def test_cancel_removes_open_activities(self):
        request = self.make_request()
        approvals = self.bring_to_review(request)
        self.assertTrue(self.activities_of(approvals, APPROVAL))
        request.with_user(self.mkt_user).action_cancel("The launch moved to next year")
        self.assertEqual(request.state, "cancelled")
        self.assertFalse(self.activities_of(approvals, APPROVAL))
        self.assertFalse(request.activity_ids)

    def test_department_without_manager_falls_back_to_the_coordinator(self):
        orphan = self.env["hr.department"].create({"name": "Orphan department"})
        request = self.make_request(departments=self.dept_rd | orphan)
        self.bring_to_review(request)
        approval = self.approval_of(request, orphan)
        self.assertEqual(approval.approver_id, self.coordinator)
        self.assertTrue(approval.is_fallback_approver)
        self.assertEqual(self.activities_of(approval, APPROVAL).user_id, self.coordinator)
        self.assertTrue(request.message_ids.filtered(lambda m: "has no manager" in (m.body or "")))
        approval.with_user(self.coordinator).action_approve("Standing in")
        self.assertEqual(approval.state, "approved")

    def test_submit_refuses_an_incomplete_request_with_every_problem(self):
        request = self.make_request(
            goal=False,
            scope=False,
            involved_department_ids=[Command.set((self.dept_mkt | self.dept_rd | self.dept_sales).ids)],
            date_expected=self.company_today() - timedelta(days=1),
            date_request=self.company_today() - timedelta(days=10),
        )
        with self.assertRaises(ValidationError) as caught:
            request.with_user(self.mkt_user).action_submit()
        message = str(caught.exception)
        for expected in (
            "Goal is missing.",
            "Scope is missing.",
            f"Add at least one concrete ask for {self.dept_mkt.name}.",
            "The expected completion date must be in the future.",
        ):
            self.assertIn(expected, message)
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.name, "/")
        self.assertFalse(request.decision_ids)

    def test_submit_requires_another_department(self):
        request = self.make_request(departments=self.dept_mkt)
        with self.assertRaises(ValidationError) as caught:
            request.with_user(self.mkt_user).action_submit()
        self.assertIn("other than the initiating department", str(caught.exception))

    def test_sequence_format_restarts_monthly(self):
        with freeze_time("2031-03-15 09:00:00"):
            first = self.make_request()
            second = self.make_request()
            (first | second).with_user(self.mkt_user).action_submit()
            self.assertEqual(first.name, "XMBG-203103001")
            self.assertEqual(second.name, "XMBG-203103002")
        with freeze_time("2031-04-02 09:00:00"):
            third = self.make_request()
            third.with_user(self.mkt_user).action_submit()
            self.assertEqual(third.name, "XMBG-203104001")
        with self.assertRaises(psycopg2.IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            third.sudo().name = first.name
            third.flush_recordset()

    def test_demo_618_request_is_part_way_through_approvals(self):
        request = self.env.ref("cross_dept_collab.request_618")
        self.assertEqual(request.name, "XMBG-202405001")
        self.assertEqual(request.state, "department_review")
        decided = request.approval_ids.filtered(lambda a: a.state == "approved")
        self.assertEqual(decided.department_id, self.env.ref("cross_dept_collab.dept_product"))
        self.assertEqual(len(request.approval_ids.filtered(lambda a: a.state == "pending")), 2)
