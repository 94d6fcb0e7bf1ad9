"""The batched reminder path (collab.reminder.engine.remind_by_activity): its shortcuts past the ORM
— followers inserted with SQL, notes stored without the ORM's sanitizer, dates formatted once per
date — must leave exactly what Odoo's own path would."""

from datetime import date, datetime

from freezegun import freeze_time
from markupsafe import Markup

from odoo import Command

from .common import PlanCase, load_languages

START = datetime(2020, 4, 1, 8, 0, 0)
END = date(2020, 4, 10)


class TestReminderBatch(PlanCase):
    def setUp(self):
        super().setUp()
        self.freeze_clock(START)
        self.project = self.make_project()
        self.engine = self.env["collab.reminder.engine"]
        self.reminder_type = self.env.ref("cross_dept_collab.mail_activity_type_collab_reminder")

    def _reminders(self, tasks):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "project.task"),
                ("res_id", "in", tasks.ids),
                ("activity_type_id", "=", self.reminder_type.id),
            ]
        )

    def _run(self, at):
        with freeze_time(at):
            self.engine.run_batch(limit=1000)
            self.env.flush_all()

    def test_note_escapes_the_task_text_and_is_written_in_the_recipient_language(self):
        load_languages(self.env)
        self.rd_user.lang = "zh_CN"
        task = self.make_task(
            self.project,
            '<script>alert("x")</script> & Co',
            date(2020, 4, 1),
            END,
            collab_department_id=self.dept_rd.id,
            user_ids=[Command.set(self.rd_user.ids)],
            deliverable="<b>bold</b> report",
        )
        self._run(datetime(2020, 4, 7, 1, 0))  # the owner's reminder: 3 days before the end
        reminder = self._reminders(task)
        self.assertEqual(reminder.user_id, self.rd_user)
        note = str(reminder.note)
        self.assertNotIn("<script", note)
        self.assertNotIn("<b>", note)
        self.assertIn('&lt;script&gt;alert("x")&lt;/script&gt; &amp; Co', note)
        self.assertIn("&lt;b&gt;bold&lt;/b&gt; report", note)
        self.assertIn("提醒：", note, "the template's text in the owner's language")
        # the date as Odoo's date widget writes it in that language
        widget_date = self.env["ir.qweb.field.date"].with_context(lang="zh_CN").value_to_html(END, {})
        self.assertIn(str(widget_date), note)

    def test_assignees_follow_the_task_as_message_subscribe_would_make_them(self):
        # a project follower's task subscription is derived from the project's subtypes (project
        # override of message_subscribe): the coordinator follows the project on one subtype
        self.project.message_subscribe(
            partner_ids=self.coordinator.partner_id.ids,
            subtype_ids=self.env.ref("project.mt_project_task_stage").ids,
        )
        due, control = (
            self.make_task(self.project, name, date(2020, 4, 1), end, collab_department_id=self.dept_rd.id, user_ids=[])
            for name, end in (("Due", END), ("Control", date(2020, 4, 30)))
        )
        recipients = self.rd_head.partner_id | self.coordinator.partner_id
        # the module makes the department's head and the coordinator follow new tasks: start without
        (due | control).message_unsubscribe(partner_ids=recipients.ids)
        self.assertFalse(due.message_partner_ids & recipients)  # cached before the run

        self._run(datetime(2020, 4, 9, 1, 0))  # the heads' reminder: 1 day before the end
        self.assertEqual(self._reminders(due).user_id, self.rd_head | self.coordinator)
        self.assertEqual(due.message_partner_ids & recipients, recipients, "the cache sees the new followers")

        # Odoo's own subscription of the same partners to the control task of the same project
        control.message_subscribe(partner_ids=recipients.ids)
        followers = self.env["mail.followers"].search(
            [
                ("res_model", "=", "project.task"),
                ("res_id", "in", (due | control).ids),
                ("partner_id", "in", recipients.ids),
            ]
        )
        subtypes = {(f.res_id, f.partner_id): f.subtype_ids for f in followers}
        self.assertEqual(len(followers), 4, "each recipient follows each task once")
        for partner in recipients:
            self.assertTrue(subtypes[due.id, partner])
            self.assertEqual(subtypes[due.id, partner], subtypes[control.id, partner], partner.name)
        self.assertNotEqual(
            subtypes[due.id, self.coordinator.partner_id],
            subtypes[due.id, self.rd_head.partner_id],
            "the project follower got the subtypes derived from the project's",
        )

    def test_a_second_batch_does_not_subscribe_twice(self):
        task = self.make_task(
            self.project, "Twice", date(2020, 4, 1), END, collab_department_id=self.dept_rd.id, user_ids=[]
        )
        self._run(datetime(2020, 4, 9, 1, 0))
        self.env["collab.reminder.engine"].remind_by_activity(
            {task: self.rd_head}, "cross_dept_collab.collab_task_due_note", "Again"
        )
        self.env.flush_all()
        self.assertEqual(len(self._reminders(task).filtered(lambda a: a.user_id == self.rd_head)), 2)
        self.assertEqual(
            self.env["mail.followers"].search_count(
                [
                    ("res_model", "=", "project.task"),
                    ("res_id", "=", task.id),
                    ("partner_id", "=", self.rd_head.partner_id.id),
                ]
            ),
            1,
        )

    def test_a_template_that_lets_markup_through_still_stores_a_sanitized_note(self):
        """The notes skip the ORM's sanitizer, not sanitizing: a template that outputs a value
        unescaped (``t-raw``-like Markup) cannot store a script."""
        self.env["ir.ui.view"].create(
            {
                "name": "collab_test_unsafe_note",
                "type": "qweb",
                "key": "cross_dept_collab.collab_test_unsafe_note",
                "arch": '<t t-name="cross_dept_collab.collab_test_unsafe_note">'
                '<p>Note <t t-out="object.collab_test_markup()"/></p></t>',
            }
        )
        task = self.make_task(
            self.project, "Unsafe", date(2020, 4, 1), END, collab_department_id=self.dept_rd.id, user_ids=[]
        )
        # the template's value is markup the template trusts: what a careless change would output
        unsafe = Markup('<script>alert("x")</script><img src="x" onerror="alert(1)"><b>kept</b>')
        type(task).collab_test_markup = lambda record: unsafe
        self.addCleanup(delattr, type(task), "collab_test_markup")
        self.engine.remind_by_activity({task: self.rd_head}, "cross_dept_collab.collab_test_unsafe_note", "Unsafe")
        self.env.flush_all()
        self.env.invalidate_all()
        note = str(self._reminders(task).note)
        self.assertNotIn("<script", note)
        self.assertNotIn("onerror", note)
        self.assertIn("<b>kept</b>", note, "harmless markup stays, as the note field's sanitizer keeps it")
