"""Texts written for other people are in each reader's language, whoever triggered them.

One reader in Simplified Chinese, one in English, in every case; the person who acts is English
(or Chinese) so that "the caller's language" and "the reader's language" differ.
"""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import ValidationError

from .common import PlanCase, RequestCase, load_languages
from .test_change_request import ChangeRequestCase
from .test_meeting import MeetingCase

TODO = "mail.mail_activity_data_todo"
REMINDER = "cross_dept_collab.mail_activity_type_collab_reminder"
WEEKLY = "cross_dept_collab.mail_activity_type_collab_weekly_status"


def messages_to(user, records, about):
    """The notes on ``records`` addressed to ``user`` that mention ``about``, as ``user`` reads them."""
    messages = (
        user.env["mail.message"]
        .with_user(user)
        .search(
            [
                ("model", "=", records._name),
                ("res_id", "in", records.ids),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )
    )
    return messages.filtered(lambda m: about in str(m.body) or about in (m.subject or ""))


def my_activities(user, records, xmlid):
    return (
        user.env["mail.activity"]
        .with_user(user)
        .search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("user_id", "=", user.id),
                ("activity_type_id", "=", user.env.ref(xmlid).id),
            ]
        )
    )


class LanguageMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ("zh_CN",))
        # the R&D people read Chinese, Sales and the others English
        (cls.rd_head | cls.rd_user).write({"lang": "zh_CN"})


class TestMeetingLanguage(LanguageMixin, MeetingCase):
    def test_minutes_and_action_items_reach_each_reader_in_their_language(self):
        project = self.team_project()
        due = date(2031, 3, 14)
        meeting = self.make_meeting(
            project,
            date=fields.Datetime.now(),
            action_item_ids=[
                Command.create(
                    {"kind": "action", "name": "Send battery specs", "owner_id": self.rd_user.id, "date_due": due}
                ),
                Command.create(
                    {"kind": "action", "name": "Book the venue", "owner_id": self.sales_user.id, "date_due": due}
                ),
            ],
        )
        # an English liaison distributes the minutes
        meeting.with_user(self.sales_head).action_distribute()

        chinese = messages_to(self.rd_head, project, "Weekly sync")
        self.assertEqual(len(chinese), 1)
        self.assertEqual(chinese.subject, "会议纪要：Weekly sync")
        self.assertIn("会议纪要（", str(chinese.body))
        self.assertIn("待办事项", str(chinese.body))
        english = messages_to(self.sales_user, project, "Weekly sync")
        self.assertEqual(len(english), 1)
        self.assertEqual(english.subject, "Minutes: Weekly sync")
        self.assertIn("Action Items", str(english.body))
        self.assertNotIn("会议", str(english.body))

        rd_item = my_activities(self.rd_user, meeting, TODO)
        self.assertEqual(rd_item.summary, "Send battery specs")
        self.assertIn(f"会议{meeting.display_name}的待办事项", str(rd_item.note))
        sales_item = my_activities(self.sales_user, meeting, TODO)
        self.assertIn(f"Action item of the meeting {meeting.display_name}", str(sales_item.note))


class TestChangeRequestLanguage(LanguageMixin, ChangeRequestCase):
    def test_approval_asks_the_lead_and_the_applied_change_tells_members_in_their_language(self):
        project = self.confirmed_plan()
        self.mkt_head.lang = "zh_CN"  # the project lead reads Chinese; the sponsor decides in English
        change = self.make_change(project)
        change.with_user(self.mkt_head).action_submit()
        change.with_user(self.sponsor).action_approve("OK")

        apply = my_activities(self.mkt_head, change, TODO)
        self.assertEqual(apply.summary, "应用已批准的变更申请")
        self.assertIn("已批准，请将其应用到计划", str(apply.note))

        change.with_user(self.mkt_head).action_apply()
        chinese = messages_to(self.rd_head, project, change.name)
        self.assertEqual(len(chinese), 1)
        self.assertIn(f"变更申请{change.name}", str(chinese.body))
        english = messages_to(self.sales_head, project, change.name)
        self.assertEqual(len(english), 1)
        self.assertIn(f"Change request {change.name}", str(english.body))
        self.assertNotIn("变更申请", str(english.body))
        # what is stored on the change request for everybody is in the company's language
        self.assertIn(f"Change request {change.name}", str(change.apply_summary))

    def test_rejection_is_told_in_the_requester_language(self):
        project = self.confirmed_plan()
        change = self.make_change(project, user=self.mkt_head)
        change.with_user(self.mkt_head).action_submit()
        self.mkt_head.lang = "zh_CN"
        change.with_user(self.sponsor).action_reject("Too late in the plan")
        self.assertIn("变更申请已驳回：Too late in the plan", str(messages_to(self.mkt_head, change, "Too late").body))


class TestReminderLanguage(LanguageMixin, MeetingCase):
    def _backdate(self, projects, created):
        """``create_date`` comes from the database clock, which freezegun does not stop."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE project_project SET create_date = %s WHERE id IN %s", (created, tuple(projects.ids))
        )
        projects.invalidate_recordset(["create_date"])

    def test_task_reminders_and_weekly_status_in_each_recipient_language(self):
        with freeze_time(datetime(2020, 4, 1, 8, 0)):
            project = self.make_project()
            task = self.make_task(
                project,
                "Prototype",
                date(2020, 4, 1),
                date(2020, 4, 10),
                collab_department_id=self.dept_rd.id,
                user_ids=[Command.set(self.rd_user.ids)],
            )
            self._backdate(project, datetime(2020, 4, 1, 8, 0))
        # the day before the end: the R&D head (Chinese) and the coordinator (English)
        self._run(datetime(2020, 4, 9, 5, 0))
        self.assertEqual(my_activities(self.rd_head, task, REMINDER).summary, "明天到期")
        self.assertEqual(my_activities(self.coordinator, task, REMINDER).summary, "Due tomorrow")

        # the weekly status is asked of the project lead, in Chinese
        self.mkt_head.lang = "zh_CN"
        self._run(datetime(2020, 4, 13, 1, 0))
        weekly = my_activities(self.mkt_head, project, WEEKLY)
        self.assertEqual(weekly.summary, "发布周报")
        self.assertIn("建议状态：", str(weekly.note))


class TestProjectBriefPerReader(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)

    def test_the_request_brief_on_the_project_is_in_each_readers_language(self):
        project = self.make_project()
        self.mkt_head.lang = "zh_CN"
        self.rd_head.lang = "en_US"
        chinese = project.with_user(self.mkt_head).with_context(lang="zh_CN").collab_brief_html
        english = project.with_user(self.rd_head).with_context(lang="en_US").collab_brief_html
        self.assertIn("<h3>目标</h3>", str(chinese))
        self.assertIn("<h3>Goal</h3>", str(english))
        self.assertIn(project.collab_request_id.goal, str(chinese))


class TestStageActivitiesPerReader(RequestCase):
    """The request's stage activities are written for their assignee, whoever triggers them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)

    def test_second_coordination_reaches_a_chinese_coordinator_in_chinese(self):
        self.coordinator.lang = "zh_CN"
        self.rd_head.lang = "en_US"
        request = self.make_request()
        self.bring_to_review(request)
        self.approval_of(request, self.dept_rd).with_user(self.rd_head).action_request_changes("Two more weeks")
        self.assertEqual(request.state, "second_coordination")
        activity = self.activities_of(request, "cross_dept_collab.mail_activity_type_collab_review").filtered(
            lambda a: a.user_id == self.coordinator
        )
        self.assertEqual(activity.summary, "二次协调：有部门要求修改")

    def test_a_head_who_switches_to_chinese_reads_his_waiting_review_in_chinese(self):
        """Asked in English, the head chooses 简体中文 in his Preferences: the review waiting for
        him (its summary, note and document name) is written again in Chinese."""
        self.rd_head.lang = "en_US"
        request = self.make_request()
        self.bring_to_review(request)
        approval = self.approval_of(request, self.dept_rd)
        activity = self.activities_of(approval, approval._decision_activity_type)
        self.assertIn("round 1", activity.res_name)
        english = activity.summary
        self.rd_head.with_user(self.rd_head).write({"lang": "zh_CN"})
        chinese = approval.with_context(lang="zh_CN")
        self.assertNotEqual(activity.summary, english)
        self.assertEqual(activity.summary, chinese._decision_activity_summary())
        self.assertEqual(activity.res_name, chinese.display_name)
        self.assertIn("第1轮", activity.res_name)
        self.assertIn("审核", str(activity.note))

    def test_a_returned_request_asks_its_chinese_initiator_in_chinese(self):
        self.mkt_user.lang = "zh_CN"
        self.coordinator.lang = "en_US"
        request = self.make_request()
        request.with_user(self.mkt_user).action_submit()
        request.with_user(self.coordinator).action_return("Please add Sales")
        self.assertEqual(request.state, "draft")
        todo = self.activities_of(request, "cross_dept_collab.mail_activity_type_collab_revise").filtered(
            lambda a: a.user_id == self.mkt_user
        )
        self.assertEqual(todo.summary, "修改需求并重新提交")

    def test_a_chinese_initiator_is_told_in_chinese_what_stops_the_submission(self):
        self.mkt_user.lang = "zh_CN"
        request = self.make_request(goal=False)
        with self.assertRaises(ValidationError) as caught:
            request.with_user(self.mkt_user).with_context(lang="zh_CN").action_submit()
        self.assertIn(f"{request.display_name}暂时无法提交：", str(caught.exception))
        self.assertEqual(request.state, "draft")
