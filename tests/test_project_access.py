"""A project made from an approved request is usable by the people who run it."""

from datetime import timedelta

from odoo import fields
from odoo.tests import Form

from .common import RequestCase


class ProjectFromRequestCase(RequestCase):
    def approve(self, request=None, **values):
        request = request or self.make_request(**values)
        self.bring_to_review(request)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        request.with_user(self.sponsor).action_sponsor_approve()
        return request.with_env(self.env)


class TestProjectDates(ProjectFromRequestCase):
    def test_project_gets_its_start_and_end_and_tasks_their_planned_span(self):
        today = fields.Date.context_today(self.env["collab.request"])
        request = self.approve()
        project = request.project_id
        self.assertEqual(project.date_start, today, "the project starts on its approval day")
        self.assertEqual(project.date, request.date_expected)
        self.assertEqual(len(project.tasks), 2)
        for task in project.tasks:
            self.assertEqual(task.date_planned_start, today)
            self.assertEqual(task.date_planned_end, today + timedelta(days=30), "the ask's due date")
        self.assertNotIn("No planned tasks", project.plan_timeline_svg)

    def test_an_ask_without_due_date_is_planned_until_the_expected_completion(self):
        request = self.make_request()
        request.line_ids[:1].date_due = False
        request = self.approve(request)
        undated = request.project_id.tasks.filtered(lambda t: not t.date_deadline)
        self.assertEqual(len(undated), 1)
        self.assertEqual(undated.date_planned_end, request.date_expected)

    def test_a_request_approved_after_its_wish_date_still_gets_a_valid_range(self):
        today = fields.Date.context_today(self.env["collab.request"])
        request = self.make_request()
        self.bring_to_review(request)
        # the reviews took longer than hoped: the wish date and the asks' due dates have passed
        request.sudo().write({"date_request": today - timedelta(days=5), "date_expected": today - timedelta(days=1)})
        request.line_ids.sudo().date_due = today - timedelta(days=2)
        for approval in request.current_approval_ids:
            approval.with_user(approval.approver_id).action_approve()
        request.with_user(self.sponsor).action_sponsor_approve()
        project = request.with_env(self.env).project_id
        self.assertEqual((project.date_start, project.date), (today, today))
        self.assertEqual(set(project.tasks.mapped("date_planned_end")), {today})

    def test_the_project_form_saves(self):
        """Odoo's form refuses an end date without a start ("Invalid fields: Start Date")."""
        project = self.approve().project_id
        with Form(project.with_user(self.coordinator)) as form:
            form.description = "<p>Kick-off on Monday</p>"
        self.assertIn("Kick-off", project.description)
