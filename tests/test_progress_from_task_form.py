from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common import PlanCase


@freeze_time("2020-04-01 08:00:00")
class TestProgressFromTaskForm(PlanCase):
    """The task form's Progress list saves its new lines through the task: adding an update is the
    owner's report; editing or removing one through the task stays refused."""

    def setUp(self):
        super().setUp()
        self.project = self.make_project()
        self.task = self.make_task(
            self.project,
            "Prototype",
            date(2020, 4, 1),
            date(2020, 4, 10),
            collab_department_id=self.dept_rd.id,
            user_ids=[Command.set(self.rd_user.ids)],
        )

    def test_owner_adds_an_update_from_the_task(self):
        task = self.task.with_user(self.rd_user)
        task.write({"progress_update_ids": [Command.create({"progress": 60, "summary": "Half done"})]})
        update = task.progress_update_ids
        self.assertEqual((update.user_id, update.progress, update.summary), (self.rd_user, 60, "Half done"))
        self.assertEqual(task.last_progress_update_id, update)

    def test_updates_are_not_edited_or_removed_through_the_task(self):
        task = self.task.with_user(self.rd_user)
        task.write({"progress_update_ids": [Command.create({"progress": 60, "summary": "Half done"})]})
        update = task.progress_update_ids
        for command in (Command.update(update.id, {"progress": 90}), Command.delete(update.id), Command.clear()):
            with self.subTest(command=command), self.assertRaisesRegex(UserError, "change only through its buttons"):
                task.write({"progress_update_ids": [command]})
        self.assertEqual(update.progress, 60)

    def test_only_who_may_report_adds_through_the_task(self):
        with self.assertRaisesRegex(AccessError, "doesn't have '(read|write)' access"):
            self.task.with_user(self.sales_user).write(
                {"progress_update_ids": [Command.create({"progress": 10, "summary": "Not mine"})]}
            )
        self.assertFalse(self.task.progress_update_ids)
