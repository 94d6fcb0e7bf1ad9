"""The cascade's batched write leaves what a ``write`` of each successor would: the same tracking
message in each task's chatter, and the same plan statuses (spared only when no end crosses the day)."""

from datetime import date, datetime

from odoo import Command

from .common import PlanCase


class TestCascadeBatch(PlanCase):
    def plan(self, clock, spans):
        """A chain of tasks owned by an R&D member, each after the previous one, on the lead's plan."""
        self.freeze_clock(clock)
        self.project = self.make_project()
        self.project.allow_task_dependencies = True
        self.lead = self.project.user_id
        tasks = self.Task
        for index, (start, end) in enumerate(spans):
            tasks |= self.make_task(
                self.project,
                f"Task {index}",
                start,
                end,
                predecessors=tasks[-1:],
                user_ids=[Command.set(self.rd_user.ids)],
            )
        return tasks

    def assert_fresh_statuses(self, tasks):
        """The stored statuses are what computing them again today gives."""
        self.env.invalidate_all()
        today = tasks[0]._collab_today()
        for task in tasks:
            self.assertEqual(task.collab_status, task._collab_status_on(today), task.name)
            self.assertEqual(task.collab_status_fact, task._collab_status_fact_on(today), task.name)

    def message_of(self, task):
        message = task.message_ids.filtered("tracking_value_ids")[:1]
        values = message.read(
            ["author_id", "email_from", "message_type", "subtype_id", "model", "body", "is_internal", "reply_to"]
        )[0]
        del values["id"]
        tracking = sorted(
            (line["changedField"], line["fieldName"], line["fieldType"])
            for line in message.tracking_value_ids._tracking_value_format()
        )
        return values, tracking

    def test_each_successor_logs_what_a_write_would(self):
        # Mon 6 – Wed 8, Thu 9 – Fri 10, Mon 13 April 2020; the clock on Wed 1 April
        a, b, c = self.plan(
            datetime(2020, 4, 1, 8),
            [(date(2020, 4, 6), date(2020, 4, 8)), (date(2020, 4, 9), date(2020, 4, 10)), (date(2020, 4, 13),) * 2],
        )
        a.with_user(self.lead).write({"date_planned_end": date(2020, 4, 9)})
        self.assertEqual(
            [(t.date_planned_start, t.date_planned_end) for t in b | c],
            [(date(2020, 4, 10), date(2020, 4, 13)), (date(2020, 4, 14), date(2020, 4, 14))],
        )
        cascaded = b.message_ids.filtered("tracking_value_ids")[:1]
        self.assertEqual(
            sorted(
                (v.field_id.name, v.old_value_datetime.date(), v.new_value_datetime.date())
                for v in cascaded.tracking_value_ids
            ),
            [
                ("date_planned_end", date(2020, 4, 10), date(2020, 4, 13)),
                ("date_planned_start", date(2020, 4, 9), date(2020, 4, 10)),
            ],
        )
        # the lead moves the last task by hand (no successor): Odoo's own tracking
        c.with_user(self.lead).write({"date_planned_start": date(2020, 4, 15), "date_planned_end": date(2020, 4, 16)})
        self.assertEqual(self.message_of(b), self.message_of(c))
        self.assertEqual(cascaded.author_id, self.lead.partner_id)
        self.assert_fresh_statuses(a | b | c)

    def test_a_successor_pushed_past_the_day_is_no_longer_delayed(self):
        # Wed 1 – Fri 3, Mon 6 – Wed 8, Thu 9 – Fri 10 April 2020; the clock on Thu 9 April
        a, b, c = self.plan(
            datetime(2020, 4, 9, 8),
            [
                (date(2020, 4, 1), date(2020, 4, 3)),
                (date(2020, 4, 6), date(2020, 4, 8)),
                (date(2020, 4, 9), date(2020, 4, 10)),
            ],
        )
        self.assertEqual((a | b | c).mapped("collab_status"), ["delayed", "delayed", "blocked"])
        # the first task ends Wed 8: the second follows Thu 9 – Mon 13, the third Tue 14 – Wed 15
        a.with_user(self.lead).write({"date_planned_end": date(2020, 4, 8)})
        self.assertEqual(b.date_planned_end, date(2020, 4, 13))
        self.assertEqual((a | b | c).mapped("collab_status"), ["delayed", "blocked", "waiting"])
        self.assert_fresh_statuses(a | b | c)
