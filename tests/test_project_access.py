"""A project made from an approved request is usable by the people who run it."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user

from .common import GROUP_USER, RequestCase


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
        today = self.company_today()
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
        today = self.company_today()
        # raised and reviewed 100 days ago; the reviews took longer than hoped: the wish date (90
        # days after raising) and the asks' due dates (30 days after) have passed
        with freeze_time(today - timedelta(days=100)):
            request = self.make_request()
            self.bring_to_review(request)
        self.assertLess(request.date_expected, today)
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


class TestProjectRunByItsPeople(ProjectFromRequestCase):
    """The project lead (head of the lead department) runs the project; the people it asks read it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mkt_planner = new_test_user(cls.env, "t_mkt_planner", groups=GROUP_USER, name="T Marketing Planner")
        cls.env["hr.employee"].create(
            {"name": cls.mkt_planner.name, "user_id": cls.mkt_planner.id, "department_id": cls.dept_mkt.id}
        )

    def setUp(self):
        super().setUp()
        self.project = self.approve().project_id
        self.assertEqual(self.project.user_id, self.mkt_head, "the lead department's head leads the project")

    def test_the_lead_edits_charter_and_team_in_the_form(self):
        project = self.project.with_user(self.mkt_head)
        with Form(project) as form:
            form.charter_success_criteria = "100,000 units sold by the end of Q3"
            with form.member_ids.edit(0) as member:
                member.module_owner_ids.add(self.mkt_planner)
        self.assertEqual(self.project.charter_success_criteria, "100,000 units sold by the end of Q3")
        self.assertIn(self.mkt_planner, self.project.member_ids.module_owner_ids)
        rd_member = self.project.member_ids.filtered(lambda m: m.department_id == self.dept_rd)
        project.write({"member_ids": [Command.update(rd_member.id, {"liaison_id": self.rd_user.id})]})
        self.assertEqual(rd_member.liaison_id, self.rd_user)

    def test_others_cannot_edit_the_project(self):
        for user in (self.rd_head, self.rd_user, self.mkt_user):
            with (
                self.subTest(user=user.name),
                self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"),
            ):
                self.project.with_user(user).write({"charter_success_criteria": "Changed"})
        other_member = self.project.member_ids.filtered(lambda m: m.department_id == self.dept_sales)
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            other_member.with_user(self.rd_head).liaison_id = self.rd_user

    def test_the_lead_department_head_runs_a_project_led_by_someone_else(self):
        self.project.user_id = self.mkt_planner
        self.project.with_user(self.mkt_head).charter_success_criteria = "Launch on time"
        self.project.with_user(self.mkt_planner).charter_scope = "Launch campaign only"
        self.assertEqual(self.project.charter_success_criteria, "Launch on time")

    def test_the_lead_exports_the_plan(self):
        action = self.project.with_user(self.mkt_head).action_export_plan_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[-1].split("?")[0]))
        self.assertEqual((attachment.res_model, attachment.res_id), ("project.project", self.project.id))
        self.assertTrue(attachment.raw.startswith(b"PK"))

    def test_a_task_owner_asked_to_sign_the_plan_reads_the_project_and_signs(self):
        task = self.project.tasks.filtered(lambda t: t.collab_department_id == self.dept_rd)
        task.user_ids = self.rd_user  # an employee, not a follower of the project
        self.assertNotIn(self.rd_user.partner_id, self.project.message_partner_ids)
        self.project.with_user(self.mkt_head).action_request_charter_signoff()
        self.project.with_user(self.mkt_head).action_request_plan_signoff()
        signoff = (
            self.env["collab.signoff"]
            .with_user(self.rd_user)
            .search([("project_id", "=", self.project.id), ("kind", "=", "plan"), ("user_id", "=", self.rd_user.id)])
        )
        self.assertEqual(len(signoff), 1)
        project = signoff.project_id
        self.assertEqual(project.name, self.project.name)
        self.assertEqual(project.charter_goal, self.project.charter_goal)
        action = signoff.action_open_project()
        self.env["project.project"].with_user(self.rd_user).browse(action["res_id"]).read(["name", "plan_state"])
        signoff.action_sign("My tasks fit")
        self.assertEqual(signoff.state, "signed")
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            project.write({"charter_scope": "Changed by a signer"})


class TestOwnerOpensTaskUnderPhase(ProjectFromRequestCase):
    """An owner opens his own task in a phased plan of a followers-only project, though he may not
    read the phase above it (the project's privacy): Odoo's form reads a field of the parent."""

    def test_the_owner_opens_his_task_in_the_form(self):
        project = self.approve().project_id
        self.assertEqual(project.privacy_visibility, "followers")
        Task = self.env["project.task"]
        phase = Task.create({"name": "Phase 1 Preparation", "project_id": project.id})
        task = Task.create(
            {
                "name": "Market research",
                "project_id": project.id,
                "parent_id": phase.id,
                "user_ids": [Command.set(self.rd_user.ids)],
                "collab_department_id": self.dept_rd.id,
            }
        )
        self.assertTrue(phase.collab_is_phase)
        self.assertNotIn(self.rd_user.partner_id, project.message_partner_ids, "not a follower of the project")
        with self.assertRaisesRegex(AccessError, "project.task"):
            phase.with_user(self.rd_user).read(["name"])  # the phase stays the project's

        # the web client's form: every field of the view read at once, then saved
        with Form(task.with_user(self.rd_user)) as form:
            self.assertEqual(form.parent_id, phase)
            self.assertTrue(form.show_display_in_project, "the phase is in the same project")
            form.description = "<p>Survey of 200 customers</p>"
        self.assertIn("Survey", task.description)
        self.assertFalse(task.with_user(self.rd_user).display_parent_task_button, "he may not open the phase itself")
        values = task.with_user(self.rd_user).web_read({"parent_id": {"fields": {"display_name": {}}}})
        self.assertEqual(values[0]["parent_id"]["display_name"], "Phase 1 Preparation")
