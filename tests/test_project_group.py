"""The project group (项目群): a Discuss group per collaboration project, its members kept in step
with the project's people, readable by them only, and the product's posts in it."""

import base64
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import GROUP_USER, PlanCase, load_languages


class ProjectGroupCase(PlanCase):
    def setUp(self):
        super().setUp()
        self.project = self.make_project()
        self.lead = self.project.user_id
        self.channel = self.project.collab_channel_id

    def partners(self, channel=None):
        return (channel or self.channel).channel_member_ids.partner_id

    def posts(self, channel=None):
        """The product's posts in the group (comments, not the join/leave notifications)."""
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "discuss.channel"),
                    ("res_id", "=", (channel or self.channel).id),
                    ("message_type", "=", "comment"),
                ],
                order="id",
            )
        )

    def lead_task(self, name, owners, **values):
        """The project lead adds a task to the plan."""
        today = self.company_today(self.project)
        return (
            self.env["project.task"]
            .with_user(self.lead)
            .create(
                {
                    "name": name,
                    "project_id": self.project.id,
                    "user_ids": [Command.set(owners.ids)],
                    "date_planned_start": today,
                    "date_planned_end": today + timedelta(days=10),
                    **values,
                }
            )
        )


class TestProjectGroupMembers(ProjectGroupCase):
    def test_the_group_is_created_with_the_project_people(self):
        self.assertTrue(self.channel, "the approved request's project has its group")
        self.assertEqual(self.channel.channel_type, "group")
        self.assertEqual(self.channel.name, self.project.name)
        liaisons = self.project.member_ids.liaison_id
        expected = self.lead | liaisons | self.sponsor | self.coordinator
        self.assertEqual(self.partners(), expected.partner_id)
        self.assertNotIn(self.mkt_user.partner_id, self.partners(), "the initiator is not one of the project's people")

    def test_task_owners_join_and_leave(self):
        task = self.lead_task("Prototype", self.rd_user)
        self.assertIn(self.rd_user.partner_id, self.partners(), "an owner added to the plan joins the group")
        task.with_user(self.lead).user_ids = self.sales_user
        self.assertNotIn(self.rd_user.partner_id, self.partners(), "an owner removed from the plan leaves it")
        self.assertIn(self.sales_user.partner_id, self.partners())
        notes = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "discuss.channel"),
                    ("res_id", "=", self.channel.id),
                    ("message_type", "=", "notification"),
                ]
            )
        )
        self.assertTrue(any("T R&amp;D Member" in str(n.body) or "T R&D Member" in str(n.body) for n in notes))
        task.with_user(self.lead).unlink()
        self.assertNotIn(self.sales_user.partner_id, self.partners(), "the owner of a deleted task leaves")

    def test_liaison_change_in_the_team(self):
        member = self.project.member_ids.filtered(lambda m: m.department_id == self.dept_rd)
        self.assertIn(self.rd_head.partner_id, self.partners())
        member.with_user(self.rd_head).liaison_id = self.rd_user
        self.assertIn(self.rd_user.partner_id, self.partners(), "the new liaison joins")
        self.assertNotIn(self.rd_head.partner_id, self.partners(), "the former liaison leaves")
        member.with_user(self.coordinator).module_owner_ids = self.rd_head
        self.assertIn(self.rd_head.partner_id, self.partners(), "a module owner joins")

    def test_lead_and_sponsor_changes_and_archive(self):
        other_sponsor = new_test_user(self.env, "t_sponsor2", groups="cross_dept_collab.group_collab_sponsor")
        self.project.with_user(self.coordinator).sponsor_id = other_sponsor
        self.assertIn(other_sponsor.partner_id, self.partners())
        self.assertNotIn(self.sponsor.partner_id, self.partners())
        self.project.with_user(self.coordinator).name = "Smartwatch renamed"
        self.assertEqual(self.channel.name, "Smartwatch renamed")
        self.project.sudo().action_archive()
        self.assertFalse(self.channel.active, "the group is archived with its project")
        self.project.sudo().action_unarchive()
        self.assertTrue(self.channel.active)

    def test_a_new_coordinator_joins_every_group(self):
        coordinator2 = new_test_user(self.env, "t_coord2", groups="cross_dept_collab.group_collab_coordinator")
        self.env.company.collab_coordinator_id = coordinator2
        self.assertIn(coordinator2.partner_id, self.partners())
        self.assertNotIn(self.coordinator.partner_id, self.partners())


class TestProjectGroupAccess(ProjectGroupCase):
    def test_outsiders_read_neither_the_group_nor_its_messages(self):
        outsider = new_test_user(self.env, "t_outsider", groups=GROUP_USER, name="Outsider")
        self.project._collab_group_post(self.project, "Hello team")
        message = self.posts()[-1:]
        self.assertTrue(message)
        Channel = self.env["discuss.channel"].with_user(outsider)
        with self.assertRaisesRegex(AccessError, r"Outsider .* doesn't have 'read' access to:\n- Discussion Channel"):
            Channel.browse(self.channel.id).read(["name"])
        self.assertFalse(Channel.search([("id", "=", self.channel.id)]))
        Message = self.env["mail.message"].with_user(outsider)
        self.assertFalse(Message.search([("model", "=", "discuss.channel"), ("res_id", "=", self.channel.id)]))
        with self.assertRaisesRegex(
            AccessError, r"security restrictions.*\n\n\(Document type: Message, Operation: read\)"
        ):
            Message.browse(message.id).read(["body"])
        # the initiator of the request follows the project but is not one of its people
        with self.assertRaisesRegex(AccessError, r"doesn't have 'read' access to:\n- Discussion Channel"):
            self.env["discuss.channel"].with_user(self.mkt_user).browse(self.channel.id).read(["name"])
        # a member reads it
        self.assertEqual(
            Channel.with_user(self.rd_head).browse(self.channel.id).read(["name"])[0]["name"], self.project.name
        )
        self.assertEqual(Message.with_user(self.rd_head).browse(message.id).read(["body"])[0]["id"], message.id)

    def test_a_member_cannot_take_over_another_project_group(self):
        other = self.make_project()
        other_channel = other.collab_channel_id
        # rd_head is a liaison of both projects; make him a member of the first only
        other.member_ids.filtered(lambda m: m.department_id == self.dept_rd).liaison_id = self.rd_user
        self.assertNotIn(self.rd_head.partner_id, self.partners(other_channel))
        # (a savepoint: the refused row is rolled back, as the refused RPC call's transaction is)
        with (
            self.assertRaisesRegex(AccessError, r"T R&D Head .* doesn't have 'create' access to:\n- Channel Member"),
            self.cr.savepoint(),
        ):
            self.env["discuss.channel.member"].with_user(self.rd_head).create(
                {"channel_id": other_channel.id, "partner_id": self.rd_head.partner_id.id}
            )
        with self.assertRaisesRegex(AccessError, r"T R&D Head .* doesn't have 'read' access to:\n- Discussion Channel"):
            other_channel.with_user(self.rd_head).write({"name": "Mine now"})
        # nor point a project at a group of his choice
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self.project.with_user(self.coordinator).write({"collab_channel_id": other_channel.id})
        self.assertEqual(self.project.collab_channel_id, self.channel)
        self.assertNotIn(self.rd_head.partner_id, self.partners(other_channel))
        self.assertEqual(other_channel.name, other.name)

    def test_open_the_group_in_discuss(self):
        action = self.project.with_user(self.rd_head).action_open_collab_channel()
        self.assertEqual(action["tag"], "mail.action_discuss")
        self.assertEqual(action["params"]["active_id"], f"discuss.channel_{self.channel.id}")
        with self.assertRaisesRegex(UserError, "you are not one of them"):
            self.project.with_user(self.mkt_user).action_open_collab_channel()


class TestProjectGroupPosts(ProjectGroupCase):
    def test_a_red_risk_mentions_its_owner_and_the_lead(self):
        risk = (
            self.env["collab.risk"]
            .with_user(self.rd_head)
            .create({"project_id": self.project.id, "name": "Battery supplier late", "kind": "risk", "level": "medium"})
        )
        self.assertIn("Battery supplier late", str(self.posts()[-1].body), "a raised risk is posted")
        risk.with_user(self.rd_head).level = "high"
        post = self.posts()[-1]
        self.assertIn("Turned red", str(post.body))
        self.assertIn("Battery supplier late", str(post.body))
        self.assertEqual(post.partner_ids, (self.rd_head | self.lead).partner_id)
        self.assertEqual(post.author_id, self.env.ref("base.partner_root"))
        self.assertEqual(post.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn(f"res_id={risk.id}", str(post.body), "the post links the risk")
        self.assertTrue(
            self.env["mail.notification"].sudo().search([("mail_message_id", "=", post.id)]),
            "the people concerned are notified",
        )

    def test_user_data_is_escaped(self):
        self.env["collab.risk"].with_user(self.rd_head).create(
            {"project_id": self.project.id, "name": "<script>alert(1)</script>", "kind": "risk", "level": "high"}
        )
        body = str(self.posts()[-1].body)
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;", body)

    def test_a_blocked_task_says_why_and_who_must_act(self):
        task = self.lead_task("Prototype", self.rd_user)
        wizard = (
            self.env["project.task.block"]
            .with_user(self.rd_user)
            .create({"task_id": task.id, "reason": "Waiting for the battery samples"})
        )
        wizard.action_confirm()
        post = self.posts()[-1]
        body = str(post.body)
        self.assertIn("Waiting for the battery samples", body)
        self.assertIn(self.lead.name, body, "the project lead must act")
        self.assertEqual(post.partner_ids, (self.lead | self.rd_user).partner_id)

    def test_a_new_version_is_announced_to_the_lead_and_the_earlier_author(self):
        task = self.lead_task("Prototype", self.rd_user)
        design = self.env.ref("cross_dept_collab.collab_document_category_design")
        document = (
            self.env["collab.document"]
            .with_user(self.lead)
            .create(
                {
                    "name": "Battery design",
                    "project_id": self.project.id,
                    "category_id": design.id,
                    "upload_datas": base64.b64encode(b"v1"),
                    "upload_file_name": "design.txt",
                }
            )
        )
        first = self.posts()[-1]
        self.assertIn("uploaded version 1 of Battery design (Design).", str(first.body))
        # the task owner uploads version 2 with a comment: the lead (and the first author) are told
        action = document.with_user(self.rd_user).action_upload_version()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.rd_user)
            .with_context(action["context"])
            .create({"datas": base64.b64encode(b"v2"), "file_name": "design-v2.txt", "comment": "Bigger cell"})
        )
        wizard.action_confirm()
        post = self.posts()[-1]
        self.assertIn("T R&amp;D Member uploaded version 2 of Battery design (Design): Bigger cell", str(post.body))
        self.assertEqual(post.partner_ids, self.lead.partner_id, "the lead, who also wrote version 1")
        self.assertIn(f"/mail/view?model=collab.document&amp;res_id={document.id}", str(post.body))
        self.assertTrue(task)

    def test_minutes_distributed_with_the_pdf(self):
        meeting = (
            self.env["collab.meeting"]
            .with_user(self.lead)
            .create(
                {
                    "name": "Weekly sync",
                    "project_id": self.project.id,
                    "minutes": "<p>Battery module is the open issue.</p>",
                }
            )
        )
        meeting.with_user(self.lead).with_context(force_report_rendering=True).action_distribute()
        post = self.posts()[-1]
        self.assertIn("Minutes of Weekly sync distributed", str(post.body))
        self.assertEqual(len(post.attachment_ids), 1)
        attachment = post.attachment_ids
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertEqual((attachment.res_model, attachment.res_id), ("discuss.channel", self.channel.id))

    def test_plan_confirmed_is_posted(self):
        self.lead_task("Prototype", self.rd_user)
        self.confirm_plan(self.project)
        post = self.posts()[-1]
        self.assertIn("is confirmed", str(post.body))
        self.assertIn(self.rd_user.partner_id, post.partner_ids)

    def test_setting_off_posts_nothing(self):
        self.env.company.collab_group_post = False
        before = self.posts()
        task = self.lead_task("Prototype", self.rd_user)
        self.env["collab.risk"].with_user(self.rd_head).create(
            {"project_id": self.project.id, "name": "Battery", "kind": "risk", "level": "high"}
        )
        task.with_user(self.rd_user).action_collab_block("Waiting")
        self.assertEqual(self.posts(), before)
        self.assertTrue(self.project.collab_channel_id.active, "the group is still there")
        self.assertIn(self.rd_user.partner_id, self.partners(), "and still follows the people")

    def test_texts_in_the_company_language(self):
        load_languages(self.env)
        self.env.company.partner_id.lang = "zh_CN"
        self.assertEqual(self.rd_head.lang, "en_US")
        self.env["collab.risk"].with_user(self.rd_head).create(
            {"project_id": self.project.id, "name": "Battery", "kind": "risk", "level": "high"}
        )
        body = str(self.posts()[-1].body)
        self.assertIn("风险", body, "the risk's kind in the company's language")
        self.assertIn("高", body)
        # the callable is given the record in the company's language
        messages = self.project._collab_group_post(self.project, lambda local: local.env.lang)
        self.assertIn("zh_CN", str(messages.body))

    def test_posting_creates_a_missing_group(self):
        # a project from before the groups: no group yet
        self.project.sudo().collab_channel_id = False
        self.channel.sudo().unlink()
        messages = self.project._collab_group_post(self.project, "First news")
        self.assertTrue(self.project.collab_channel_id)
        self.assertEqual(messages.res_id, self.project.collab_channel_id.id)
        self.assertIn(self.lead.partner_id, self.partners(self.project.collab_channel_id))

    def test_projects_outside_the_collaboration_have_no_group(self):
        project = self.env["project.project"].create({"name": "Internal"})
        self.assertFalse(project.collab_channel_id)
        self.assertFalse(project._collab_group_post(project, "Nothing"))


class TestProjectGroupEvents(ProjectGroupCase):
    def test_change_request_approved_and_applied(self):
        def d(day):  # March 2031: the 3rd is a Monday
            return date(2031, 3, day)

        design = self.lead_task("Design", self.rd_user, date_planned_start=d(3), date_planned_end=d(7))
        self.lead_task(
            "Build",
            self.rd_user,
            date_planned_start=d(10),
            date_planned_end=d(14),
            depend_on_ids=[Command.set(design.ids)],
        )
        self.confirm_plan(self.project)
        change = (
            self.env["collab.change.request"]
            .with_user(self.lead)
            .create(
                {
                    "project_id": self.project.id,
                    "change_type": "schedule",
                    "description": "Design needs two more days",
                    "reason": "Battery module",
                    "impact": "Build moves by two working days",
                    "line_ids": [
                        Command.create({"task_id": design.id, "date_planned_start": d(3), "date_planned_end": d(11)})
                    ],
                }
            )
        )
        change.with_user(self.lead).action_submit()
        change.with_user(self.sponsor).action_approve("Agreed")
        approved = self.posts()[-1]
        self.assertIn("approved by Test Sponsor", str(approved.body))
        self.assertIn(self.lead.partner_id, approved.partner_ids)
        change.with_user(self.lead).action_apply()
        body = str(self.posts()[-1].body)
        self.assertIn("applied to the plan", body)
        self.assertIn("Design: ends", body)
        self.assertIn("Build: ends", body)
        self.assertEqual(body.count("(+2 working days)"), 2, "Fri 7 → Tue 11 and Fri 14 → Tue 18")
        self.assertIn(self.rd_user.partner_id, self.posts()[-1].partner_ids)

    def test_acceptance_failed_then_passed(self):
        task = self.lead_task(
            "Prototype", self.rd_user, deliverable="Working prototype", collab_department_id=self.dept_rd.id
        )
        task.with_user(self.rd_user).action_submit_for_acceptance()
        acceptance = task.acceptance_ids
        acceptance.with_user(self.lead).action_fail("Optimise the battery", self.company_today() + timedelta(days=5))
        failed = self.posts()[-1]
        self.assertIn("failed: Optimise the battery", str(failed.body))
        self.assertEqual(failed.partner_ids, (self.rd_user | self.lead).partner_id)
        task.with_user(self.rd_user).action_submit_for_acceptance()
        task.acceptance_ids.sorted("round")[-1].with_user(self.lead).action_pass("OK")
        self.assertIn("passed acceptance", str(self.posts()[-1].body))

    def test_weekly_status_published(self):
        self.env["project.update"].with_user(self.lead).create(
            {"name": "Week 10", "project_id": self.project.id, "status": "at_risk"}
        )
        body = str(self.posts()[-1].body)
        self.assertIn("Weekly status Week 10 published", body)
        self.assertIn("At Risk", body)

    def test_an_issue_past_its_deadline_is_posted(self):
        start = datetime(2020, 4, 1, 8, 0, 0)  # before every demo deadline: only this issue is due
        with freeze_time(start):
            issue = (
                self.env["collab.risk"]
                .with_user(self.rd_head)
                .create({"project_id": self.project.id, "name": "Line stopped", "kind": "issue", "urgency": "critical"})
            )
        with freeze_time(start + timedelta(hours=2)):
            self.env["collab.reminder.engine"].run_batch(limit=1000)
        self.assertEqual(issue.escalation_level, 1)
        post = self.posts()[-1]
        self.assertIn("Line stopped escalated to level 1", str(post.body))
        self.assertIn("Response plan overdue", str(post.body))
        self.assertIn(self.rd_head.partner_id, post.partner_ids, "its owner")
        self.assertIn(self.coordinator.partner_id, post.partner_ids, "level 1: the coordinator")
