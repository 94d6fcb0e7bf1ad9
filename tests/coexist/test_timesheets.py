"""The module beside Timesheets, Time Off, Sales and To-do (run in CI's second database only).

These tests need ``hr_timesheet`` (and the other apps CI installs there) in the database: the main
run ignores this folder, ``scripts/collab-env test`` runs it against the second database.
"""

from datetime import date

from odoo import Command

from ..common import PlanCase
from ..migration import run_migration


class TestBesideTimesheets(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        missing = {"hr_timesheet", "hr_holidays", "sale_project", "project_todo"} - set(
            cls.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        )
        assert not missing, f"tests/coexist needs these apps installed in the database: {sorted(missing)}"
        # the R&D member logs their own hours, as Timesheets' users do
        cls.rd_user.groups_id |= cls.env.ref("hr_timesheet.group_hr_timesheet_user")

    def setUp(self):
        super().setUp()
        self.project = self.make_project()
        self.task = self.make_task(
            self.project,
            "Prototype",
            date(2030, 4, 1),
            date(2030, 4, 10),
            collab_department_id=self.dept_rd.id,
            user_ids=[Command.set(self.rd_user.ids)],
            allocated_hours=10,
        )

    def test_progress_update_and_timesheet_keep_their_own_numbers(self):
        """50 % reported plus 2 h logged on a 10 h task: the module's percent complete stays 50,
        Timesheets' ``progress`` is its own hours ratio."""
        self.assertTrue(self.project.allow_timesheets, "a collaboration project can take timesheets")
        self.env["collab.progress.update"].with_user(self.rd_user).create(
            {"task_id": self.task.id, "progress": 50, "summary": "Half the prototype"}
        )
        self.env["account.analytic.line"].with_user(self.rd_user).create(
            {
                "name": "Casing",
                "project_id": self.project.id,
                "task_id": self.task.id,
                "unit_amount": 2,
            }
        )
        self.env.flush_all()
        self.task.invalidate_recordset()
        self.assertEqual(self.task.collab_progress, 50)
        self.assertEqual(self.task.effective_hours, 2)
        self.assertAlmostEqual(self.task.progress, 0.2, msg="Timesheets' progress: 2 h of 10 h")
        self.assertEqual(self.task.collab_status, "in_progress")

        # more hours move Timesheets' ratio only; a later update moves the module's number only
        self.env["account.analytic.line"].with_user(self.rd_user).create(
            {"name": "Board", "project_id": self.project.id, "task_id": self.task.id, "unit_amount": 3}
        )
        self.env["collab.progress.update"].with_user(self.rd_user).create(
            {"task_id": self.task.id, "progress": 70, "summary": "Board soldered"}
        )
        self.env.flush_all()
        self.task.invalidate_recordset()
        self.assertEqual(self.task.collab_progress, 70)
        self.assertAlmostEqual(self.task.progress, 0.5)

    def test_task_views_load_beside_the_other_apps(self):
        """The task form and lists, with every installed app's extensions, load for a member and
        show both numbers under their own names."""
        views = (
            self.env["project.task"]
            .with_user(self.rd_user)
            .get_views(
                [
                    (False, "form"),
                    (False, "list"),
                    (self.env.ref("cross_dept_collab.project_task_view_list_wbs").id, "list"),
                ]
            )
        )
        form = views["views"]["form"]["arch"]
        self.assertIn('name="collab_progress"', form)
        self.assertIn('name="progress"', form, "Timesheets' own progress stays on the form")
        self.assertIn("collab_progress", views["models"]["project.task"]["fields"])

    def test_to_do_beside_collaboration(self):
        """A private to-do (project_todo: a task without project) is not taken for a plan task."""
        todo = self.env["project.task"].with_user(self.rd_user).create({"name": "Call the supplier"})
        self.assertFalse(todo.project_id)
        self.assertFalse(todo.wbs_code)
        self.assertEqual(todo.collab_progress, 0)
        self.assertEqual(todo.collab_status, "not_started")


class TestMigrationBesideTimesheets(PlanCase):
    def test_percent_complete_rebuilt_from_latest_update_when_timesheets_had_the_column(self):
        """With Timesheets installed, 18.0.1.x's ``progress`` column held Timesheets' ratio: the
        module's value comes back from each task's latest progress update."""
        project = self.make_project()
        reported, silent = (
            self.make_task(project, name, date(2030, 4, 1), date(2030, 4, 10), user_ids=[Command.set(self.rd_user.ids)])
            for name in ("Reported", "Silent")
        )
        Update = self.env["collab.progress.update"].with_user(self.rd_user)
        Update.create({"task_id": reported.id, "progress": 30, "summary": "Started"})
        Update.create({"task_id": reported.id, "progress": 65, "summary": "Going on"})
        self.env.flush_all()
        self.env.cr.execute("ALTER TABLE project_task DROP COLUMN collab_progress")
        # Timesheets' ratio, which 18.0.1.x's field then showed
        self.env.cr.execute("UPDATE project_task SET progress = 0.4 WHERE id IN %s", [(reported.id, silent.id)])

        run_migration(self.env.cr, "18.0.2.0.0", "pre", "18.0.1.0.0")

        self.env.cr.execute(
            "SELECT id, collab_progress, progress FROM project_task WHERE id IN %s", [(reported.id, silent.id)]
        )
        rows = {task_id: (collab, progress) for task_id, collab, progress in self.env.cr.fetchall()}
        self.assertEqual(rows[reported.id], (65, 0.4), "Timesheets' column is left as it is")
        self.assertEqual(rows[silent.id], (None, 0.4))
