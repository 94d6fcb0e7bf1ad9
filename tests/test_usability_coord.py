"""Usability gaps found clicking the product through as its people: the change-request project
picker, the coordinator's Settings, and who accepts a head's own deliverable."""

from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form
from odoo.tools.misc import format_datetime
from odoo.tools.safe_eval import safe_eval

from .common import PlanCase, load_languages


class TestChangeRequestProjectPicker(PlanCase):
    def picker(self, user):
        """The projects the New form's picker offers ``user`` (the field's domain on a new change)."""
        Change = self.env["collab.change.request"].with_user(user)
        domain = Change.fields_get(["project_id"])["project_id"]["domain"]
        if isinstance(domain, str):
            domain = safe_eval(
                domain, {"company_id": False, "allowed_company_ids": user.company_ids.ids, "uid": user.id}
            )
        found = self.env["project.project"].with_user(user).name_search("", domain, limit=None)
        return self.env["project.project"].browse([project_id for project_id, _name in found])

    def test_a_project_created_from_a_request_can_be_chosen(self):
        project = self.make_project()
        self.assertTrue(project.company_id, "a request's project belongs to the request's company")
        lead = project.user_id
        self.assertIn(project, self.picker(lead))
        with Form(self.env["collab.change.request"].with_user(lead)) as form:
            form.project_id = project
            form.description = "Two more days for the prototype"
            form.reason = "The battery module failed its test"
        change = form.record
        self.assertEqual(change.project_id, project)
        self.assertEqual(change.company_id, project.company_id)
        self.assertEqual(change.requester_id, lead)

    def test_only_collaboration_projects_are_offered(self):
        project = self.make_project()
        plain = self.env["project.project"].create({"name": "Office move", "user_id": self.mkt_head.id})
        offered = self.picker(self.coordinator)
        self.assertIn(project, offered)
        self.assertNotIn(plain, offered)


class TestCoordinatorSettings(PlanCase):
    def test_menu_opens_the_coordinators_settings(self):
        menu = self.env.ref("cross_dept_collab.menu_collab_config_settings")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.coordinator)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.mkt_user)._visible_menu_ids())
        self.assertEqual(menu.action.model_name, "collab.settings")
        # the menu opens the settings as a saved record, titled with their name in the
        # coordinator's language — not "New" in the breadcrumb
        self.coordinator.lang = "zh_CN"
        load_languages(self.env, ("zh_CN",))
        action = menu.action.with_user(self.coordinator).run()
        self.assertEqual((action["res_model"], action["target"]), ("collab.settings", "current"))
        settings = self.env["collab.settings"].with_user(self.coordinator).browse(action["res_id"])
        self.assertEqual(settings.company_id, self.coordinator.company_id)
        self.assertEqual(settings.with_context(lang="zh_CN").display_name, "协同设置")
        with self.assertRaisesRegex(AccessError, "coordinator"):
            self.env["collab.settings"].with_user(self.mkt_user).action_open()

    def test_coordinator_saves_the_collaboration_settings(self):
        company = self.coordinator.company_id
        with Form(self.env["collab.settings"].with_user(self.coordinator)) as form:
            self.assertEqual(form.company_id, company)
            self.assertEqual(form.collab_review_hours, company.collab_review_hours)
            form.collab_review_hours = 12
            form.collab_department_review_hours = 36
            form.collab_urge_hours = 2
            form.collab_sla_time = "working"
            form.collab_decision_sponsor_factor = 4.0
        result = form.record.action_save()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(company.collab_review_hours, 12)
        self.assertEqual(company.collab_department_review_hours, 36)
        self.assertEqual(company.collab_urge_hours, 2)
        self.assertEqual(company.collab_sla_time, "working")
        self.assertEqual(company.collab_decision_sponsor_factor, 4.0)
        # the next request's review takes the new time
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        self.assertEqual(request.stage_deadline, company.collab_sla_deadline(request.date_stage, 12, "decision"))

    def test_others_cannot_change_the_settings(self):
        company = self.coordinator.company_id
        for user in (self.mkt_user, self.rd_head, self.sponsor):
            with self.assertRaisesRegex(AccessError, "can change the collaboration settings"):
                self.env["collab.settings"].with_user(user).create({"collab_review_hours": 1})
        settings = self.env["collab.settings"].with_user(self.coordinator).create({"collab_review_hours": 20})
        with self.assertRaisesRegex(AccessError, "can change the collaboration settings"):
            settings.with_user(self.mkt_user).write({"collab_review_hours": 1})
        with self.assertRaisesRegex(AccessError, "not allowed to modify"):
            company.with_user(self.coordinator).write({"collab_review_hours": 1})
        self.assertEqual(company.collab_review_hours, 20)

    def test_absurd_values_are_refused_clearly(self):
        Settings = self.env["collab.settings"].with_user(self.coordinator)
        other = self.env["res.company"].create({"name": "Other Co"})
        for values, reason in (
            ({"collab_review_hours": 0}, "whole number from 1 to"),
            ({"collab_review_hours": -5}, "whole number from 1 to"),
            ({"collab_review_hours": "12"}, "whole number from 1 to"),
            ({"collab_remind_owner_days": 10**9}, "whole number from 0 to"),
            ({"collab_sla_time": "lunar"}, "natural time or working time"),
            ({"collab_coordinator_id": self.mkt_user.id}, "must be a user of the group"),
            ({"collab_default_sponsor_id": "x"}, "must be a user of the group"),
            ({"collab_decision_sponsor_factor": "high"}, "must be a number"),
            ({"name": "not a setting"}, "Unknown collaboration settings"),
        ):
            with self.assertRaisesRegex(UserError, reason, msg=values):
                Settings.create(values)
        with self.assertRaisesRegex(AccessError, "settings of your own companies"):
            Settings.create({"company_id": other.id, "collab_review_hours": 1})
        self.assertNotEqual(other.collab_review_hours, 1)


class TestOwnDeliverable(PlanCase):
    def setUp(self):
        super().setUp()
        self.freeze_clock(datetime(2020, 4, 1, 8, 0, 0))
        self.project = self.make_project()
        self.assertEqual(self.project.user_id, self.mkt_head)

    def task_of(self, owners, department, name="Prototype"):
        return self.make_task(
            self.project,
            name,
            date(2020, 4, 1),
            date(2020, 4, 10),
            collab_department_id=department.id,
            user_ids=[Command.set(owners.ids)],
            deliverable=f"{name} deliverable",
        )

    def submit(self, task, user):
        task.with_user(user).action_submit_for_acceptance()
        return task.acceptance_ids.sorted("round")[-1]

    def test_a_head_owning_the_task_is_not_its_acceptor(self):
        task = self.task_of(self.rd_head, self.dept_rd)
        acceptance = self.submit(task, self.rd_head)
        self.assertEqual(acceptance.acceptor_ids, self.mkt_head, "the lead department's head accepts")
        self.assertFalse(acceptance.with_user(self.rd_head).can_decide)
        with self.assertRaises(AccessError) as caught:
            acceptance.with_user(self.rd_head).action_pass("Looks good to me")
        self.assertIn("You own", str(caught.exception))
        acceptance.with_user(self.mkt_head).action_pass("Checked against the standard")
        self.assertEqual(acceptance.result, "pass")

    def test_the_next_one_up_when_the_group_is_only_the_owner(self):
        self.project.with_user(self.coordinator).acceptor_ids = self.rd_head
        task = self.task_of(self.rd_head, self.dept_rd)
        self.assertEqual(self.submit(task, self.rd_head).acceptor_ids, self.mkt_head)

        # the lead department's head is the project lead and owns the task: the coordinator accepts
        self.project.with_user(self.coordinator).acceptor_ids = False
        own = self.task_of(self.mkt_head, self.dept_mkt, "Campaign")
        acceptance = self.submit(own, self.mkt_head)
        self.assertEqual(acceptance.acceptor_ids, self.coordinator)
        with self.assertRaisesRegex(AccessError, "You own .*: its deliverable is accepted by someone else"):
            acceptance.with_user(self.mkt_head).action_fail("Not good", date(2020, 4, 8))
        acceptance.with_user(self.coordinator).action_pass("Accepted by the PMO")
        self.assertEqual(acceptance.result, "pass")

    def test_an_acceptor_who_becomes_an_owner_is_refused(self):
        task = self.task_of(self.rd_user, self.dept_rd)
        acceptance = self.submit(task, self.rd_user)
        self.assertEqual(acceptance.acceptor_ids, self.mkt_head | self.rd_head)
        task.with_user(self.mkt_head).user_ids = [Command.link(self.rd_head.id)]
        with self.assertRaisesRegex(AccessError, "You own .*: its deliverable is accepted by someone else"):
            acceptance.with_user(self.rd_head).action_pass("My own work now")
        # not even the coordinator accepts a deliverable they own
        task.with_user(self.mkt_head).user_ids = [Command.link(self.coordinator.id)]
        with self.assertRaisesRegex(AccessError, "You own .*: its deliverable is accepted by someone else"):
            acceptance.with_user(self.coordinator).action_pass("Mine")
        acceptance.with_user(self.mkt_head).action_pass("Checked")
        self.assertEqual(acceptance.result, "pass")


class TestSmallerThingsForAnyStory(PlanCase):
    def test_batch_result_is_one_translated_sentence(self):
        load_languages(self.env)
        first, second = self.make_request(title="First"), self.make_request(title="Second")
        self.bring_to_review(first)
        self.bring_to_review(second)
        mine = self.env["collab.my.decision"].with_user(self.rd_head).search([])
        action = mine.action_open_batch()
        Batch = self.env["collab.decision.batch"].with_user(self.rd_head).with_context(action["context"])
        wizard = Batch.create({"comment": "OK"})
        result = wizard.action_confirm()
        self.assertEqual(wizard.summary, "2 approved, 0 skipped.")
        self.assertEqual(result["name"], "Approve Selected", "the dialog has a title, not 'Odoo'")
        form = self.env["collab.decision.batch"].with_user(self.rd_head).get_views([(False, "form")])
        self.assertIn('name="summary"', form["views"]["form"]["arch"])
        self.rd_head.lang = "zh_CN"
        third = self.make_request(title="Third")
        self.bring_to_review(third)
        mine = self.env["collab.my.decision"].with_user(self.rd_head).search([])
        wizard = (
            self.env["collab.decision.batch"]
            .with_user(self.rd_head)
            .with_context(mine.action_open_batch()["context"], lang="zh_CN")
            .create({})
        )
        wizard.action_confirm()
        self.assertEqual(wizard.summary, "已同意 1 项，跳过 0 项。")

    def test_review_activities_say_which_request_they_are_for(self):
        first, second = self.make_request(title="Ticket system"), self.make_request(title="Warehouse move")
        self.bring_to_review(first)
        self.bring_to_review(second)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "collab.approval"), ("user_id", "=", self.rd_head.id)]
        )
        summaries = sorted(activities.with_user(self.rd_head).mapped("summary"))
        self.assertEqual(len(set(summaries)), 2, "two requests' activities read differently")
        self.assertTrue(summaries[0].startswith("Ticket system ("), summaries)
        self.assertIn(self.dept_rd.name, summaries[0])
        self.assertTrue(summaries[1].startswith("Warehouse move ("), summaries)
        views = self.env["collab.approval"].with_user(self.rd_head).get_views([(False, "list")])
        self.assertIn('name="request_title"', views["views"]["list"]["arch"])

    def test_saved_settings_are_named_in_the_breadcrumb(self):
        settings = self.env["collab.settings"].with_user(self.coordinator).create({})
        self.assertEqual(settings.display_name, "Collaboration Settings", "not 'collab.settings,7'")

    def test_urge_refusal_tells_a_reader_without_a_zone_the_companys_time(self):
        self.mkt_user.tz = False
        self.env.company.resource_calendar_id.tz = "Asia/Taipei"
        request = self.make_request()
        self.freeze_clock(datetime(2026, 3, 2, 1, 0, 0))  # 09:00 in Taipei
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.mkt_user).action_urge("Please")
        hours = self.env.company.collab_urge_hours
        with self.assertRaisesRegex(UserError, "already urged") as refused:
            request.with_user(self.mkt_user).action_urge()
        possible = datetime(2026, 3, 2, 1, 0, 0) + timedelta(hours=hours)
        env = self.env(user=self.mkt_user)
        self.assertIn(format_datetime(env, possible, tz="Asia/Taipei", dt_format="short"), str(refused.exception))
        self.assertNotIn(format_datetime(env, possible, tz="UTC", dt_format="short"), str(refused.exception))

    def test_a_delegation_row_asks_for_its_end(self):
        """Enter right after "From" must not save a one-day delegation: "To" has no default (the
        list marks it missing), and an end before the start follows the start."""
        Delegation = self.env["collab.delegation"].with_user(self.rd_head)
        defaults = Delegation.default_get(["date_start", "date_end"])
        self.assertTrue(defaults.get("date_start"))
        self.assertFalse(defaults.get("date_end"))
        self.assertTrue(Delegation._fields["date_end"].required)
        spec = {"date_start": {}, "date_end": {}}
        values = {"delegate_id": self.rd_user.id, "date_start": "2031-05-03", "date_end": "2031-05-01"}
        changed = Delegation.onchange(values, ["date_start"], spec)["value"]
        self.assertEqual(str(changed.get("date_end")), "2031-05-03")
        values["date_end"] = "2031-05-09"
        self.assertNotIn("date_end", Delegation.onchange(values, ["date_start"], spec)["value"])

    def test_lead_time_chart_titles_its_axis_with_the_unit(self):
        views = self.env["collab.report.stage.time"].with_user(self.coordinator).get_views([(False, "graph")])
        arch = views["views"]["graph"]["arch"]
        self.assertIn('js_class="collab_unit_graph"', arch)
        self.assertEqual(self.env["collab.report.stage.time"]._fields["hours"].string, "Lead Time (h)")

    def test_request_list_fits_1366_pixels(self):
        views = self.env["collab.request"].with_user(self.coordinator).get_views([(False, "list")])
        arch = views["views"]["list"]["arch"]
        self.assertIn('name="name" width="135px"', arch)
        for optional_hidden in ("request_type", "involved_department_ids"):
            self.assertRegex(arch, rf'name="{optional_hidden}"[^>]*optional="hide"')
        self.assertRegex(arch, r'name="waiting_label"[^>]*optional="show"')
