"""Upgrading from 18.0.2.2.x: each task stores its project's collaboration request
(cross_dept_collab/migrations/18.0.2.3.0)."""

from datetime import date

from .common import PlanCase
from .migration import run_migration


class TestMigrationTo23(PlanCase):
    def setUp(self):
        super().setUp()
        self.project = self.make_project()
        self.task = self.make_task(self.project, "Launch plan", date(2030, 4, 1), date(2030, 4, 10))
        self.chore = self.Task.create(
            {"name": "Chore", "project_id": self.env["project.project"].create({"name": "Ops"}).id}
        )
        self.env.flush_all()

    def stored_links(self):
        self.env.cr.execute(
            "SELECT id, collab_request_id FROM project_task WHERE id IN %s", [(self.task.id, self.chore.id)]
        )
        return dict(self.env.cr.fetchall())

    def test_empty_column_is_filled_from_the_project(self):
        # as the ORM would leave it had it created the column without computing it
        self.env.cr.execute("UPDATE project_task SET collab_request_id = NULL WHERE id = %s", [self.task.id])

        run_migration(self.env.cr, "18.0.2.3.0", "pre", "18.0.2.2.0")

        self.assertEqual(self.stored_links(), {self.task.id: self.project.collab_request_id.id, self.chore.id: None})

    def test_missing_column_is_created_and_filled(self):
        # as 18.0.2.2.x left the table: no such column
        self.env.cr.execute("ALTER TABLE project_task DROP COLUMN collab_request_id CASCADE")

        run_migration(self.env.cr, "18.0.2.3.0", "pre", "18.0.2.2.0")

        self.assertEqual(self.stored_links(), {self.task.id: self.project.collab_request_id.id, self.chore.id: None})

    def test_fresh_install_changes_nothing(self):
        self.env.cr.execute("UPDATE project_task SET collab_request_id = NULL WHERE id = %s", [self.task.id])

        run_migration(self.env.cr, "18.0.2.3.0", "pre", None)

        self.assertEqual(self.stored_links(), {self.task.id: None, self.chore.id: None})
