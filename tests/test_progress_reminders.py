from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PlanCase

# Wednesday 1 April 2020: before every demo deadline, so only this test's records are due.
START = datetime(2020, 4, 1, 8, 0, 0)
END = date(2020, 4, 10)  # a Friday


class TestProgressAndReminders(PlanCase):
    def setUp(self):
        super().setUp()
        # the clock stands at START unless a step moves it; status depends on today's date
        self.freeze_clock(START)
        with freeze_time(START):
            self.project = self.make_project()
            self.task = self.make_task(
                self.project,
                "Prototype",
                date(2020, 4, 1),
                END,
                collab_department_id=self.dept_rd.id,
                user_ids=[Command.set(self.rd_user.ids)],
                deliverable="Working prototype",
            )
        self.engine = self.env["collab.reminder.engine"]
        self.reminder_type = self.env.ref("cross_dept_collab.mail_activity_type_collab_reminder")

    def _run(self, at):
        with freeze_time(at):
            result = self.engine.run_batch(limit=1000)
            self.env.flush_all()
            return result

    def _reminders(self, user=None):
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "project.task"),
                ("res_id", "=", self.task.id),
                ("activity_type_id", "=", self.reminder_type.id),
            ]
        )
        return activities.filtered(lambda a: a.user_id == user) if user else activities

    def _log(self, rule):
        return self.env["collab.reminder.log"].search(
            [("res_model", "=", "project.task"), ("res_id", "=", self.task.id), ("rule", "=", rule)]
        )

    def _update(self, at, user=None, **values):
        with freeze_time(at):
            update = (
                self.env["collab.progress.update"]
                .with_user(user or self.rd_user)
                .create({"task_id": self.task.id, "progress": 10, "summary": "Under way", **values})
            )
            self.env.flush_all()
            return update

    # progress updates ---------------------------------------------------------------------------
    def test_update_sets_progress_and_last_update(self):
        update = self._update(START + timedelta(hours=2), progress=40, work_done="Casing done")
        self.assertEqual(self.task.collab_progress, 40)
        self.assertEqual(self.task.last_progress_date, update.date)
        self.assertEqual(self.task.collab_status, "in_progress")
        self.assertEqual(self.task.warning_level, "none")

    def test_only_owners_or_their_head_report(self):
        with self.assertRaisesRegex(AccessError, "can report its progress"):
            self._update(START, user=self.sales_user)
        self._update(START, user=self.rd_head)
        self.assertEqual(self.task.collab_progress, 10)

    def test_risk_flag_or_late_expected_date_turns_amber(self):
        with self.assertRaisesRegex(ValidationError, "Explain the risk you flag"):
            self._update(START, has_risk=True)
        self._update(START, has_risk=True, risk_note="Battery supplier late")
        self.assertEqual(self.task.warning_level, "amber")
        self.assertEqual(self.task.warning_reason, "Battery supplier late")
        self._update(START + timedelta(hours=1), date_expected=END + timedelta(days=4))
        self.assertEqual(self.task.warning_level, "amber")
        self.assertIn("after the planned", self.task.warning_reason)
        self._update(START + timedelta(hours=2), date_expected=END)
        self.assertEqual(self.task.warning_level, "none")
        self.assertEqual(self.project.collab_warning_level, "none")

    # reminder rules --------------------------------------------------------------------------------
    def test_owner_reminded_three_days_before_end_once(self):
        self._run(datetime(2020, 4, 6, 23, 0))
        self.assertFalse(self._reminders())
        self._run(datetime(2020, 4, 7, 1, 0))
        self._run(datetime(2020, 4, 7, 2, 0))
        reminders = self._reminders()
        self.assertEqual(reminders.user_id, self.rd_user)
        self.assertEqual(len(reminders), 1)
        self.assertIn("Prototype", str(reminders.note))
        self.assertEqual(self._log("task_due_owner").recipient_ids, self.rd_user)

    def test_head_and_coordinator_reminded_one_day_before(self):
        self._run(datetime(2020, 4, 9, 1, 0))
        self._run(datetime(2020, 4, 9, 5, 0))
        self.assertEqual(len(self._reminders(self.rd_head)), 1)
        self.assertEqual(len(self._reminders(self.coordinator)), 1)
        self.assertEqual(self._log("task_due_heads").recipient_ids, self.rd_head | self.coordinator)

    def test_thresholds_are_settings(self):
        self.env.company.collab_remind_owner_days = 5
        self._run(datetime(2020, 4, 5, 1, 0))
        self.assertEqual(len(self._reminders(self.rd_user)), 1)

    def test_silent_in_progress_task_chases_owner_and_manager(self):
        self._update(START)
        self._run(START + timedelta(hours=23))
        self.assertFalse(self._log("task_stale"))
        self._run(START + timedelta(hours=25))
        self._run(START + timedelta(hours=26))
        self.assertEqual(self._log("task_stale").recipient_ids, self.rd_user | self.rd_head)
        self.assertEqual(len(self._reminders(self.rd_head)), 1, "the owner's manager (hr parent_id) is chased")
        # a new update starts a new silence period, chased once again
        self._update(START + timedelta(hours=30))
        self._run(START + timedelta(hours=40))
        self.assertEqual(len(self._log("task_stale")), 1)
        self._run(START + timedelta(hours=55))
        self.assertEqual(len(self._log("task_stale")), 2)

    def test_silence_counts_working_time_when_the_company_does(self):
        """24 hours of silence after a Friday-afternoon update, counted in working time (Mon–Fri):
        chased on Monday afternoon, not on Saturday."""
        self.env.company.collab_sla_time = "working"
        self.calendar.tz = "UTC"
        friday = datetime(2020, 4, 3, 15, 0)
        self._update(friday)
        self.assertEqual(self.task.collab_stale_due, datetime(2020, 4, 6, 15, 0))
        self._run(datetime(2020, 4, 5, 16, 0))  # Sunday: 49 hours, not one working day
        self.assertFalse(self._log("task_stale"))
        self._run(datetime(2020, 4, 6, 15, 30))
        self.assertEqual(self._log("task_stale").recipient_ids, self.rd_user | self.rd_head)
        # the threshold is the company's: 48 hours (two working days) moves the chase on
        self.env.company.collab_stale_hours = 48
        self.assertEqual(self.task.collab_stale_due, datetime(2020, 4, 7, 15, 0))
        # the owner cannot put the chase off over RPC
        with self.assertRaisesRegex(UserError, "Chase Silence On"):
            self.task.with_user(self.rd_user).write({"collab_stale_due": datetime(2030, 1, 1)})
        self.assertEqual(self.task.collab_stale_due, datetime(2020, 4, 7, 15, 0))

    def test_past_planned_end_turns_red_and_alerts_lead(self):
        self._run(datetime(2020, 4, 10, 12, 0))
        self.assertEqual(self.task.warning_level, "none")
        self._run(datetime(2020, 4, 11, 1, 0))
        self._run(datetime(2020, 4, 11, 3, 0))
        self.assertEqual(self.task.collab_status, "delayed")
        self.assertEqual(self.task.warning_level, "red")
        self.assertEqual(self.project.collab_warning_level, "red")
        self.assertEqual(self.project.collab_red_task_count, 1)
        log = self._log("task_overdue")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.recipient_ids, self.project.user_id | self.mkt_head)

    def test_done_task_is_not_chased(self):
        self.task.state = "1_done"
        self._run(datetime(2020, 4, 12))
        self.assertFalse(self._reminders())
        self.assertEqual(self.task.warning_level, "none")

    def test_crash_mid_batch_then_restart_reminds_each_task_once(self):
        with freeze_time(START):
            tasks = self.Task.create(
                [
                    {
                        "name": f"Task {i}",
                        "project_id": self.project.id,
                        "date_planned_start": date(2020, 4, 1),
                        "date_planned_end": END,
                        "user_ids": [Command.set(self.rd_user.ids)],
                    }
                    for i in range(4)
                ]
            )
        at = datetime(2020, 4, 7, 1, 0)
        with freeze_time(at):
            self.engine.run_batch(limit=2)
            Task = self.env.registry["project.task"]
            original = Task._remind_due_owner

            def crashing(records, rule):
                original(records, rule)
                raise RuntimeError("worker killed")

            Task._remind_due_owner = crashing
            try:
                with self.assertRaises(RuntimeError), self.cr.savepoint():
                    self.engine.run_batch(limit=2)
            finally:
                Task._remind_due_owner = original
            while self.engine.run_batch(limit=2)[1]:
                pass
        logs = self.env["collab.reminder.log"].search(
            [
                ("res_model", "=", "project.task"),
                ("res_id", "in", (tasks | self.task).ids),
                ("rule", "=", "task_due_owner"),
            ]
        )
        self.assertEqual(sorted(logs.mapped("res_id")), sorted((tasks | self.task).ids))
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "project.task"),
                ("res_id", "in", (tasks | self.task).ids),
                ("activity_type_id", "=", self.reminder_type.id),
            ]
        )
        self.assertEqual(len(activities), 5, "one reminder per task, none twice")
