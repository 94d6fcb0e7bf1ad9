"""One "today": every date the module stores or compares is the company's local date (the time zone
of its working calendar), whatever the hour UTC and whoever acts — a user in another time zone, the
reminder engine's cron. Each behaviour runs with the clock frozen at 00:30, 07:59, 16:30 and 23:59
UTC for a company in Asia/Shanghai (UTC+8) and one in America/Los_Angeles (UTC−8): half of those
moments fall on another date than UTC's."""

import importlib.util
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytz
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common import GROUP_LEAD, PlanCase

# Wednesday 4 March 2020 (before every demo deadline: only the test's own records are due); the
# company's dates fall from Tuesday to Thursday, all working days
DAY = date(2020, 3, 4)
SHANGHAI, LOS_ANGELES = "Asia/Shanghai", "America/Los_Angeles"
# (time zone, UTC clock) -> the company's date, written out rather than computed by the module
COMPANY_DAY = {
    (SHANGHAI, "00:30"): date(2020, 3, 4),
    (SHANGHAI, "07:59"): date(2020, 3, 4),
    (SHANGHAI, "16:30"): date(2020, 3, 5),
    (SHANGHAI, "23:59"): date(2020, 3, 5),
    (LOS_ANGELES, "00:30"): date(2020, 3, 3),
    (LOS_ANGELES, "07:59"): date(2020, 3, 3),
    (LOS_ANGELES, "16:30"): date(2020, 3, 4),
    (LOS_ANGELES, "23:59"): date(2020, 3, 4),
}
REMINDER = "cross_dept_collab.mail_activity_type_collab_reminder"


class TestCompanyToday(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the people act from a time zone of their own, neither the company's nor UTC: the
        # company's date is what counts, not the user's
        (cls.heads | cls.members | cls.sponsor | cls.coordinator).write({"tz": "Europe/Moscow"})
        cls.rd_deputy = new_test_user(cls.env, "t_rd_deputy_tz", groups=GROUP_LEAD, name="T R&D Deputy")
        cls.env["hr.employee"].create(
            {"name": cls.rd_deputy.name, "user_id": cls.rd_deputy.id, "department_id": cls.dept_rd.id}
        )
        cls.engine = cls.env["collab.reminder.engine"]

    def for_each_moment(self, check):
        """Run ``check(company's date, clock)`` for the 8 combinations, each in a subTest with the
        company's calendar in that time zone and the clock standing at that moment; what one
        combination creates is rolled back before the next."""
        for (tz, clock), day in COMPANY_DAY.items():
            moment = datetime.combine(DAY, time.fromisoformat(clock))
            with self.subTest(tz=tz, utc=clock), freeze_time(moment):
                self.env.cr.execute("SAVEPOINT company_today")
                try:
                    self.calendar.tz = tz
                    self.env.invalidate_all()
                    check(day, moment)
                finally:
                    # what the combination wrote goes, in the database and in the caches
                    self.env.cr.execute("ROLLBACK TO SAVEPOINT company_today")
                    self.env.clear()

    def local(self, day, hour):
        """Naive UTC of ``hour``:00 on ``day`` in the company's time zone (computed here, not by the module)."""
        tz = pytz.timezone(self.calendar.tz)
        return tz.localize(datetime.combine(day, time(hour))).astimezone(pytz.utc).replace(tzinfo=None)

    def asks(self, due, departments=None):
        return [
            Command.create({"department_id": department.id, "description": f"From {department.name}", "date_due": due})
            for department in departments or self.dept_rd | self.dept_sales
        ]

    def project_in_2020(self):
        with freeze_time(datetime(2020, 3, 2, 12, 0)):
            return self.make_project()

    # ------------------------------------------------------------------------------------------
    def test_the_helper_says_the_company_date(self):
        other = self.env["res.company"].create({"name": "T Other Co"})

        def check(day, moment):
            company = self.env.company
            self.assertEqual(company.collab_today(), day)
            self.assertEqual(company.collab_today(fields.Datetime.to_string(moment)), day)
            self.assertEqual(company.collab_today(moment + timedelta(days=1)), day + timedelta(days=1))
            # whoever asks, from whatever time zone, and the engine (no time zone of its own)
            self.assertEqual(company.with_user(self.mkt_user).collab_today(), day)
            self.assertEqual(company.with_context(tz="Pacific/Kiritimati").collab_today(), day)
            self.assertEqual(self.env["res.company"].collab_today(), day, "empty: the current company")

        self.for_each_moment(check)
        with self.assertRaisesRegex(UserError, "A date is asked at a date and time"):
            self.env.company.collab_today(["2020-03-04"])
        with self.assertRaisesRegex(UserError, "one company"):
            (self.env.company | other).collab_today()

    def test_a_request_approved_that_morning_starts_its_project_that_day(self):
        def check(day, moment):
            request = self.make_request(line_ids=self.asks(day + timedelta(days=30)))
            self.assertEqual(request.date_request, day, "raised on the company's day")
            self.bring_to_review(request)
            for approval in request.current_approval_ids:
                approval.with_user(approval.approver_id).action_approve()
            request.with_user(self.sponsor).action_sponsor_approve()
            project = request.with_env(self.env).project_id
            self.assertEqual(project.date_start, day, "the project starts on its approval day")
            self.assertEqual(set(project.tasks.mapped("date_planned_start")), {day})
            self.assertEqual(set(project.tasks.mapped("date_planned_end")), {day + timedelta(days=30)})

        self.for_each_moment(check)

    def test_an_ask_due_today_is_accepted_and_one_due_yesterday_refused(self):
        def check(day, moment):
            today = self.make_request(line_ids=self.asks(day))
            today.with_user(self.mkt_user).action_submit()
            self.assertEqual(today.state, "submitted")
            yesterday = self.make_request(line_ids=self.asks(day - timedelta(days=1)))
            with self.assertRaisesRegex(UserError, "is in the past"):
                yesterday.with_user(self.mkt_user).action_submit()

        self.for_each_moment(check)

    def test_a_delegation_starting_today_is_in_effect(self):
        def check(day, moment):
            request = self.make_request(
                departments=self.dept_rd, line_ids=self.asks(day + timedelta(days=9), self.dept_rd)
            )
            self.bring_to_review(request)
            review = self.approval_of(request, self.dept_rd)
            self.assertEqual(review.approver_id, self.rd_head)
            # the form's default "From" is today; "To" is asked (no default)
            Delegation = self.env["collab.delegation"]
            delegation = Delegation.with_user(self.rd_head).create({"delegate_id": self.rd_deputy.id, "date_end": day})
            self.assertEqual((delegation.date_start, delegation.date_end), (day, day))
            self.assertTrue(delegation.with_user(self.rd_head).in_effect)
            self.assertEqual(review.approver_id, self.rd_deputy, "the pending review moved to the delegate")
            review.with_user(self.rd_deputy).action_approve("For the head")
            self.assertEqual(review.state, "approved")
            # one starting tomorrow is not in effect yet
            tomorrow = day + timedelta(days=1)
            later = Delegation.with_user(self.sales_head).create(
                {"delegate_id": self.coordinator.id, "date_start": tomorrow, "date_end": tomorrow}
            )
            self.assertFalse(later.with_user(self.sales_head).in_effect)
            # searchable on the same day (a record rule or a filter may use it)
            effective = Delegation.search([("id", "in", (delegation | later).ids), ("in_effect", "=", True)])
            self.assertEqual(effective, delegation)
            self.assertEqual(
                Delegation.search([("id", "in", (delegation | later).ids), ("in_effect", "=", False)]), later
            )

        self.for_each_moment(check)

    def test_risk_late_filing_flag_follows_the_company_working_day(self):
        """Filed 24 working hours after 10:00 on the company's previous working day: late once
        10:00 local has passed today, and the form's badge shows exactly then."""
        self.env.company.collab_sla_time = "working"
        project = self.project_in_2020()
        lead = project.user_id
        form = self.env["collab.risk"].with_user(lead).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('invisible="not is_late_report"', form, "the badge follows the flag")

        def check(day, moment):
            discovered = self.local(day - timedelta(days=1), 10)
            risk = (
                self.env["collab.risk"]
                .with_user(lead)
                .create(
                    {
                        "name": "Battery supply may slip",
                        "project_id": project.id,
                        "category": "resources",
                        "owner_id": self.rd_user.id,
                        "date_discovered": discovered,
                    }
                )
            )
            late = moment > self.local(day, 10)
            self.assertEqual(risk.with_user(lead).read(["is_late_report"])[0]["is_late_report"], late)
            self.assertEqual(bool(risk.message_ids.filtered(lambda m: "Reported late" in str(m.body))), late)

        self.for_each_moment(check)

    def test_plan_status_waiting_and_late_on_the_company_day(self):
        project = self.project_in_2020()
        lead = project.user_id

        def check(day, moment):
            Task = self.env["project.task"].with_user(lead)
            values = {"project_id": project.id, "collab_department_id": self.dept_rd.id}
            start = day - timedelta(days=5)
            ended_yesterday, ends_today = Task.create(
                [
                    {
                        "name": "Ended yesterday",
                        "date_planned_start": start,
                        "date_planned_end": day - timedelta(days=1),
                    }
                    | values,
                    {"name": "Ends today", "date_planned_start": start, "date_planned_end": day} | values,
                ]
            )
            follows = Task.create(
                {
                    "name": "Follows",
                    "date_planned_start": day + timedelta(days=1),
                    "date_planned_end": day + timedelta(days=5),
                    "depend_on_ids": [Command.set(ends_today.ids)],
                    **values,
                }
            )
            tasks = (ended_yesterday | ends_today | follows).with_user(lead)
            self.assertEqual(tasks.mapped("collab_status"), ["delayed", "not_started", "waiting"])
            # the company's next day begins: the engine's refresh turns "ends today" late
            with freeze_time(self.local(day + timedelta(days=1), 0) + timedelta(minutes=1)):
                self.engine.run_batch(limit=1000)
                self.env.invalidate_all()
                self.assertEqual(tasks.mapped("collab_status"), ["delayed", "delayed", "blocked"])

        self.for_each_moment(check)

    def test_reminders_are_due_on_the_company_day(self):
        self._check_reminders_due_on_the_company_day(self.project_in_2020())

    def test_reminders_of_a_project_without_company_are_due_on_the_current_companys_day(self):
        """Odoo's projects may have no company (nor their tasks): the engine's SQL then counts in
        the current company's time zone, as ``collab_today`` does — not in UTC."""
        project = self.project_in_2020()
        project.company_id = False
        self.assertFalse(project.tasks.company_id)
        # as the scheduled action runs it: OdooBot, who has no time zone of its own
        root = self.env.ref("base.user_root")
        root.tz = False
        self.env.flush_all()  # written before each combination's savepoint
        self._check_reminders_due_on_the_company_day(project, self.engine.with_user(root))

    def _check_reminders_due_on_the_company_day(self, project, engine=None):
        engine = engine or self.engine
        owner_days = self.env.company.collab_remind_owner_days
        reminder = self.env.ref(REMINDER)

        def check(day, moment):
            due, not_yet = (
                self.env["project.task"]
                .with_user(project.user_id)
                .create(
                    [
                        {
                            "name": name,
                            "project_id": project.id,
                            "collab_department_id": self.dept_rd.id,
                            "user_ids": [Command.set(self.rd_user.ids)],
                            "date_planned_start": day,
                            "date_planned_end": day + timedelta(days=owner_days + extra),
                        }
                        for name, extra in (("Ends in three days", 0), ("Ends in four days", 1))
                    ]
                )
            )
            engine.run_batch(limit=1000)
            activities = self.env["mail.activity"].search(
                [
                    ("res_model", "=", "project.task"),
                    ("res_id", "in", (due | not_yet).ids),
                    ("activity_type_id", "=", reminder.id),
                ]
            )
            self.assertEqual(activities.mapped("res_id"), due.ids, "reminded from the company's day on")
            self.assertEqual(activities.user_id, self.rd_user)
            self.assertEqual(activities.date_deadline, day, "due on the company's day")

        self.for_each_moment(check)

    def test_reminders_sent_before_the_update_are_not_sent_again(self):
        """18.0.2.4.0: the moments logged at 00:00 UTC move to the company's midnight."""
        self.calendar.tz = SHANGHAI
        project = self.project_in_2020()
        owner_days = self.env.company.collab_remind_owner_days
        with freeze_time(datetime(2020, 3, 4, 1, 0)):  # 09:00 on 4 March in Shanghai
            task = (
                self.env["project.task"]
                .with_user(project.user_id)
                .create(
                    {
                        "name": "Reminded before the update",
                        "project_id": project.id,
                        "user_ids": [Command.set(self.rd_user.ids)],
                        "date_planned_start": DAY,
                        "date_planned_end": DAY + timedelta(days=owner_days),
                    }
                )
            )
            self.env.flush_all()
            # as 18.0.2.3 logged the reminder it sent at 00:00 UTC
            self.env.cr.execute(
                """INSERT INTO collab_reminder_log (res_model, res_id, rule, due_moment, date_sent)
                   VALUES ('project.task', %s, 'task_due_owner', %s, %s)""",
                [task.id, datetime(2020, 3, 4), datetime(2020, 3, 4)],
            )
            path = (
                Path(__file__).resolve().parent.parent / "cross_dept_collab/migrations/18.0.2.4.0/post-company_day.py"
            )
            spec = importlib.util.spec_from_file_location("collab_migration_company_day", path)
            script = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(script)
            script.migrate(self.env.cr, "18.0.2.3.0")
            self.engine.run_batch(limit=1000)
        logs = self.env["collab.reminder.log"].search(
            [("res_model", "=", "project.task"), ("res_id", "=", task.id), ("rule", "=", "task_due_owner")]
        )
        self.assertEqual(logs.mapped("due_moment"), [datetime(2020, 3, 3, 16, 0)], "Shanghai's midnight, once")
        reminder = self.env.ref(REMINDER)
        self.assertFalse(task.activity_ids.filtered(lambda a: a.activity_type_id == reminder), "not sent again")

    def test_my_approvals_lists_a_delegate_on_the_company_day(self):
        """My Approvals is an SQL view on PostgreSQL's clock, which freezegun cannot stop: the company
        is put where the date differs from UTC's at this very moment (UTC+14 from 10:00 UTC, else
        UTC−12), and a one-day delegation on the company's date must show there."""
        self.env.cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        now = self.env.cr.fetchone()[0]
        self.freeze_clock(now)  # Python's clock on PostgreSQL's, whatever runs the suite
        self.calendar.tz = "Pacific/Kiritimati" if now.hour >= 10 else "Etc/GMT+12"
        day = self.env.company.collab_today(now)
        self.assertNotEqual(day, now.date())
        request = self.make_request(departments=self.dept_rd, line_ids=self.asks(day + timedelta(days=9), self.dept_rd))
        self.bring_to_review(request)
        review = self.approval_of(request, self.dept_rd)
        tomorrow = day + timedelta(days=1)
        self.env["collab.delegation"].with_user(self.rd_head).create(
            {"delegate_id": self.rd_deputy.id, "date_start": tomorrow, "date_end": tomorrow}
        )
        self.assertEqual(review.approver_id, self.rd_head, "not in effect yet")

        def listed():
            self.env.flush_all()
            rows = self.env["collab.my.decision"].with_user(self.rd_deputy).search([])
            return ("collab.approval", review.id) in {(row.res_model, row.res_id) for row in rows}

        self.assertFalse(listed())
        # the company's day comes before the engine's run moves the review
        self.env.cr.execute(
            "UPDATE collab_delegation SET date_start = %s, date_end = %s WHERE user_id = %s",
            [day, day, self.rd_head.id],
        )
        self.env.invalidate_all()
        self.assertTrue(listed(), "the delegate sees the review on the company's day")
