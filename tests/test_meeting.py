from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form
from odoo.tools.safe_eval import safe_eval

from .common import PlanCase

# Before the demo data's own deadlines, so only this test's records are due (a Wednesday).
START = datetime(2020, 5, 6, 9, 0, 0)
TODO = "mail.mail_activity_data_todo"
WEEKLY = "cross_dept_collab.mail_activity_type_collab_weekly_status"


class MeetingCase(PlanCase):
    def setUp(self):
        super().setUp()
        self.engine = self.env["collab.reminder.engine"]
        self.Log = self.env["collab.reminder.log"]

    def _run(self, at):
        with freeze_time(at):
            return self.engine.run_batch(limit=1000)

    def _logs(self, records, rule):
        return self.Log.search([("res_model", "=", records._name), ("res_id", "in", records.ids), ("rule", "=", rule)])

    def team_project(self):
        project = self.make_project()
        project.member_ids.filtered(lambda m: m.department_id == self.dept_rd).module_owner_ids = self.rd_user
        return project

    def make_meeting(self, project, user=None, **values):
        user = user or self.sales_head  # a liaison of the project organises it
        vals = {
            "name": "Weekly sync",
            "project_id": project.id,
            "kind": "weekly",
            "date": values.pop("date", START),
            "attendee_ids": [Command.set((self.rd_head | self.sales_user).ids)],
            "minutes": "<p>Prototype status reviewed; battery module is the open issue.</p>",
        }
        vals.update(values)
        return self.env["collab.meeting"].with_user(user).create(vals)


class TestMeetingMinutes(MeetingCase):
    def test_distribution_reaches_every_member_and_hands_out_action_items(self):
        project = self.team_project()
        prototype = self.make_task(project, "Prototype", user_ids=[Command.set(self.rd_user.ids)])
        due = date(2031, 3, 14)
        meeting = self.make_meeting(
            project,
            date=fields.Datetime.now(),
            decision_ids=[Command.create({"kind": "decision", "name": "Launch date stays on 1 July"})],
            action_item_ids=[
                Command.create(
                    {"kind": "action", "name": "Send battery specs", "owner_id": self.rd_user.id, "date_due": due}
                ),
                Command.create(
                    {
                        "kind": "action",
                        "name": "Prepare the sales training",
                        "owner_id": self.sales_user.id,
                        "date_due": due,
                        "create_task": True,
                    }
                ),
                Command.create(
                    {
                        "kind": "action",
                        "name": "Re-test the battery",
                        "owner_id": self.rd_head.id,
                        "date_due": due,
                        "task_id": prototype.id,
                    }
                ),
            ],
        )
        self.assertEqual(len(meeting.decision_ids), 1)
        self.assertEqual(len(meeting.action_item_ids), 3)
        self.assertTrue(meeting.with_user(self.sales_head).can_distribute)
        self.assertFalse(meeting.with_user(self.rd_head).can_distribute)

        meeting.with_user(self.sales_head).action_distribute()
        self.assertEqual(meeting.state, "distributed")
        self.assertTrue(meeting.date_distributed)
        self.assertFalse(meeting.is_late)

        posted = project.message_ids.filtered(lambda m: (m.subject or "").startswith("Minutes:"))
        self.assertEqual(len(posted), 1)
        body = str(posted.body)
        for text in ("battery module is the open issue", "Launch date stays on 1 July", "Send battery specs"):
            self.assertIn(text, body)
        expected = self.mkt_head | self.rd_head | self.sales_head | self.rd_user | self.sales_user
        self.assertEqual(posted.partner_ids, expected.partner_id, "liaisons, module owners, attendees, lead")

        specs, training, retest = meeting.action_item_ids.sorted("id")
        # an activity on the meeting for the owner, due on the item's date
        self.assertEqual(specs.activity_id.user_id, self.rd_user)
        self.assertEqual(specs.activity_id.date_deadline, due)
        self.assertEqual((specs.activity_id.res_model, specs.activity_id.res_id), ("collab.meeting", meeting.id))
        self.assertEqual(specs.activity_id.activity_type_id, self.env.ref(TODO))
        # a new task of the project for the owner
        task = training.task_id
        self.assertEqual(task.project_id, project)
        self.assertEqual(task.user_ids, self.sales_user)
        self.assertEqual(task.date_deadline.date(), due)
        self.assertEqual(task.name, "Prepare the sales training")
        self.assertFalse(training.activity_id)
        # an activity on the existing task
        self.assertEqual((retest.activity_id.res_model, retest.activity_id.res_id), ("project.task", prototype.id))
        self.assertEqual(retest.activity_id.user_id, self.rd_head)
        self.assertEqual(retest.activity_id.date_deadline, due)

        with self.assertRaisesRegex(UserError, "already distributed"):
            meeting.with_user(self.sales_head).action_distribute()

    def test_wrong_user_and_incomplete_items_are_refused(self):
        project = self.team_project()
        meeting = self.make_meeting(
            project,
            action_item_ids=[Command.create({"kind": "action", "name": "Who does this?"})],
        )
        with self.assertRaisesRegex(AccessError, "can distribute its minutes"):
            meeting.with_user(self.rd_head).action_distribute()
        with self.assertRaises(UserError) as caught:
            meeting.with_user(self.mkt_head).action_distribute()  # the project lead may distribute
        self.assertIn("has no owner", str(caught.exception))
        self.assertIn("has no due date", str(caught.exception))
        self.assertEqual(meeting.state, "draft")

    def test_visibility_follows_the_project(self):
        project = self.team_project()
        meeting = self.make_meeting(project)
        Meeting = self.env["collab.meeting"]
        for user in (self.coordinator, self.sponsor, self.rd_head, self.sales_user, self.mkt_head):
            self.assertIn(meeting, Meeting.with_user(user).search([]), user.name)
        self.assertNotIn(meeting, Meeting.with_user(self.mkt_user).search([]), "neither follower nor attendee")
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            meeting.with_user(self.rd_head).write({"minutes": "<p>rewritten</p>"})

    def test_confirmed_plan_action_items_do_not_become_new_tasks(self):
        project = self.team_project()
        task = self.make_task(
            project, "Build", date(2031, 3, 3), date(2031, 3, 7), user_ids=[Command.set(self.rd_user.ids)]
        )
        project.with_user(self.mkt_head).action_request_plan_signoff()
        project.signoff_ids.with_user(self.rd_user).action_sign()
        self.assertEqual(project.plan_state, "confirmed")
        meeting = self.make_meeting(
            project,
            action_item_ids=[
                Command.create(
                    {
                        "kind": "action",
                        "name": "New workstream",
                        "owner_id": self.rd_user.id,
                        "date_due": date(2031, 3, 5),
                        "create_task": True,
                    }
                )
            ],
        )
        with self.assertRaises(UserError) as caught:
            meeting.with_user(self.sales_head).action_distribute()
        self.assertIn("cannot become a new task", str(caught.exception))
        meeting.action_item_ids.write({"task_id": task.id})
        meeting.with_user(self.sales_head).action_distribute()
        self.assertEqual(meeting.action_item_ids.activity_id.res_id, task.id)

    def test_the_lead_and_a_liaison_pick_their_project_in_a_new_meeting(self):
        """Meetings → New: the project field offers the projects they run, as the web client asks
        for them (the field's domain evaluated on the new meeting, then a name search)."""
        project = self.team_project()
        self.assertTrue(project.company_id, "a project made from a request has the request's company")
        for user in (self.mkt_head, self.sales_head):  # the project lead, a liaison
            with self.subTest(user=user.login):
                Meeting = self.env["collab.meeting"].with_user(user)
                form = Form(Meeting)
                domain = Meeting.fields_get(["project_id"], ["domain"])["project_id"]["domain"]
                if isinstance(domain, str):
                    domain = safe_eval(domain, {"company_id": form.company_id.id, "unquote": str})
                offered = self.env["project.project"].with_user(user).name_search("", domain)
                self.assertIn(project.id, [project_id for project_id, _name in offered])
                form.name = "Kick-off"
                form.project_id = project
                meeting = form.save()
                self.assertEqual(meeting.company_id, project.company_id)
        # a user who sees nothing of the project is offered nothing of it
        offered = self.env["project.project"].with_user(self.mkt_user).name_search("", [])
        self.assertNotIn(project.id, [project_id for project_id, _name in offered])


class TestLateMinutes(MeetingCase):
    def _reminders(self, meeting, user):
        messages = self.env["mail.message"].search(
            [("model", "=", "collab.meeting"), ("res_id", "=", meeting.id), ("partner_ids", "in", user.partner_id.ids)]
        )
        return messages.filtered(lambda m: (m.subject or "").startswith("Minutes late"))

    def test_late_minutes_are_flagged_and_reminded_once(self):
        project = self.team_project()
        with freeze_time(START):
            meeting = self.make_meeting(project)
            on_time = self.make_meeting(project, name="Ad hoc: supplier issue", kind="ad_hoc")
        self._run(START + timedelta(hours=23))
        self.assertFalse(self._logs(meeting, "meeting_minutes_late"))
        self.assertFalse(meeting.is_late)
        with freeze_time(START + timedelta(hours=20)):
            on_time.with_user(self.sales_head).action_distribute()
        self.assertFalse(on_time.is_late)

        self._run(START + timedelta(hours=25))
        logs = self._logs(meeting, "meeting_minutes_late")
        self.assertEqual(len(logs), 1)
        self.assertEqual(logs.recipient_ids, self.sales_head | self.mkt_head, "the organizer and the project lead")
        self.assertTrue(meeting.is_late)
        self.assertEqual(len(self._reminders(meeting, self.sales_head)), 1)
        self.assertEqual(len(self._reminders(meeting, self.mkt_head)), 1)
        self.assertFalse(self._logs(on_time, "meeting_minutes_late"), "distributed in time: never reminded")

        # a second run (or a second worker) sends nothing new
        self._run(START + timedelta(hours=25))
        self._run(START + timedelta(hours=40))
        self.assertEqual(len(self._logs(meeting, "meeting_minutes_late")), 1)
        self.assertEqual(len(self._reminders(meeting, self.sales_head)), 1)

        with freeze_time(START + timedelta(hours=41)):
            meeting.with_user(self.sales_head).action_distribute()
        self.assertTrue(meeting.is_late, "distributed more than 24 h after the meeting")
        self.assertEqual(
            self.env["collab.meeting"].search([("is_late", "=", True), ("project_id", "=", project.id)]), meeting
        )


class TestWeeklyStatus(MeetingCase):
    """The project lead is asked every Monday to publish the status prepared from the tasks."""

    def _backdate(self, projects, created):
        """``create_date`` comes from the database clock, which freezegun does not stop."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE project_project SET create_date = %s WHERE id IN %s", (created, tuple(projects.ids))
        )
        projects.invalidate_recordset(["create_date"])

    def _project(self, *tasks, created=START - timedelta(days=7)):
        """A project whose tasks are given as (name, end, progress, state), created the week before."""
        with freeze_time(created):
            project = self.make_project()
            self._backdate(project, created)
            for name, end, progress, state in tasks:
                self.make_task(
                    project,
                    name,
                    end - timedelta(days=2),
                    end,
                    collab_progress=progress,
                    **({"state": state} if state else {}),
                )
        return project

    def test_status_is_prepared_once_a_week_per_project(self):
        on_track = self._project(("Research", date(2020, 5, 20), 10, None), ("Done", date(2020, 5, 1), 100, "1_done"))
        at_risk = self._project(("Prototype", date(2020, 5, 8), 50, None), ("Almost", date(2020, 5, 7), 90, None))
        off_track = self._project(("Promo", date(2020, 5, 1), 60, None), ("Training", date(2020, 5, 8), 10, None))
        projects = on_track | at_risk | off_track

        with freeze_time(START):
            self.assertEqual(on_track._collab_weekly_status(), ("on_track", []))
            status, reasons = at_risk._collab_weekly_status()
            self.assertEqual(status, "at_risk")
            self.assertEqual(len(reasons), 1)
            self.assertIn("Prototype", reasons[0])
            self.assertIn("50%", reasons[0])
            status, reasons = off_track._collab_weekly_status()
            self.assertEqual(status, "off_track")
            self.assertIn("Promo", reasons[0])
            self.assertIn("delayed", reasons[0])
            self.assertIn("Training", reasons[1], "the at-risk task is listed too")

        self._run(START)
        logs = self._logs(projects, "project_weekly_status")
        self.assertEqual(len(logs), 3)
        self.assertEqual(set(logs.mapped("due_moment")), {datetime(2020, 5, 4)}, "Monday 00:00 of the ISO week")
        self.assertEqual(logs.recipient_ids, self.mkt_head, "the project lead")
        for project, label in ((on_track, "On Track"), (at_risk, "At Risk"), (off_track, "Off Track")):
            activity = self.activities_of(project, WEEKLY)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.mkt_head)
            self.assertEqual(activity.summary, "Publish the weekly status")
            self.assertIn(label, str(activity.note))
        self.assertIn("Promo", str(self.activities_of(off_track, WEEKLY).note))

        # later in the same week: nothing new
        self._run(START + timedelta(hours=5))
        self._run(START + timedelta(days=3))
        self.assertEqual(len(self._logs(projects, "project_weekly_status")), 3)
        self.assertEqual(len(self.activities_of(projects, WEEKLY)), 3)

        # next week: prepared again, last week's unanswered ask replaced
        self._run(START + timedelta(days=7))
        self.assertEqual(len(self._logs(projects, "project_weekly_status")), 6)
        self.assertEqual(len(self.activities_of(projects, WEEKLY)), 3)

    def test_prepare_and_publish_the_status_update(self):
        project = self._project(("Promo", date(2020, 5, 1), 60, None))
        self._run(START)
        self.assertTrue(self.activities_of(project, WEEKLY))
        with freeze_time(START):
            action = project.with_user(self.mkt_head).action_prepare_status_update()
            self.assertEqual(action["res_model"], "project.update")
            context = action["context"]
            self.assertEqual(context["default_status"], "off_track")
            self.assertEqual(context["default_name"], "Week 19")
            self.assertIn("Promo", str(context["default_description"]))
            update = self.env["project.update"].with_user(self.mkt_head).with_context(context).create({})
        self.assertEqual((update.project_id, update.status, update.name), (project, "off_track", "Week 19"))
        self.assertIn("Promo", str(update.description))
        self.assertEqual(project.last_update_status, "off_track")
        self.assertFalse(self.activities_of(project, WEEKLY), "publishing answers the week's ask")

    def test_projects_without_a_request_or_marked_done_are_left_alone(self):
        plain = self.env["project.project"].create({"name": "Internal", "user_id": self.mkt_head.id})
        self._backdate(plain, START - timedelta(days=7))
        done = self._project(("Research", date(2020, 5, 20), 10, None))
        done.last_update_status = "done"
        self._run(START)
        self.assertFalse(self._logs(plain | done, "project_weekly_status"))

    def test_a_new_project_is_first_asked_the_next_monday(self):
        project = self._project(("Research", date(2020, 5, 20), 10, None), created=START)
        self._run(START + timedelta(hours=1))
        self.assertFalse(self._logs(project, "project_weekly_status"), "it did not exist on Monday")
        self._run(datetime(2020, 5, 11, 0, 5))
        self.assertEqual(self._logs(project, "project_weekly_status").due_moment, datetime(2020, 5, 11))
