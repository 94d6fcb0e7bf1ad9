"""A task carries its project's collaboration request (``project.task.collab_request_id``): the
lists, the dashboards and the reminder engine filter collaboration tasks on it."""

from ast import literal_eval
from datetime import date

from odoo.exceptions import UserError

from .common import PlanCase
from .migration import run_migration


class TestTaskRequestLink(PlanCase):
    def test_tasks_follow_their_project(self):
        project = self.make_project()
        lead = project.user_id
        task = self.make_task(project, "Launch plan", date(2030, 4, 1), date(2030, 4, 10)).with_user(lead)
        self.assertEqual(task.collab_request_id, project.collab_request_id)
        internal = self.env["project.project"].create({"name": "Internal chores"})
        chore = self.make_task(internal, "Tidy the shelves")
        self.assertFalse(chore.collab_request_id)

        # the dashboards count it, as the lead department's head reads them, and not the chore
        for xmlid in ("project_task_action_dashboard", "project_task_action_on_time"):
            domain = literal_eval(self.env.ref(f"cross_dept_collab.{xmlid}").domain)
            self.assertIn(("collab_request_id", "!=", False), domain)
        domain = literal_eval(self.env.ref("cross_dept_collab.project_task_action_dashboard").domain)
        groups = self.Task.with_user(self.mkt_head).read_group(
            [*domain, ("id", "in", (task | chore).ids)], ["__count"], ["collab_request_id"]
        )
        self.assertEqual(
            [(group["collab_request_id"][0], group["collab_request_id_count"]) for group in groups],
            [(project.collab_request_id.id, 1)],
        )

        # a task moved out of the collaboration project leaves it
        chore.project_id = project
        self.assertEqual(chore.collab_request_id, project.collab_request_id)
        chore.project_id = internal
        self.assertFalse(chore.collab_request_id)

    def test_nobody_types_the_link(self):
        project = self.make_project()
        lead = project.user_id
        task = self.make_task(project, "Launch plan", date(2030, 4, 1), date(2030, 4, 10))
        other = self.make_request()
        # over RPC the related field would write through to the project: the guard refuses it
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            task.with_user(lead).write({"collab_request_id": other.id})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self.Task.with_user(lead).create(
                {"name": "Smuggled", "project_id": project.id, "collab_request_id": other.id}
            )
        self.assertEqual(project.collab_request_id, task.collab_request_id)
        self.assertNotEqual(project.collab_request_id, other)

    def test_upgrade_fills_the_link_in_one_update(self):
        project = self.make_project()
        task = self.make_task(project, "Launch plan", date(2030, 4, 1), date(2030, 4, 10))
        self.env.flush_all()
        self.env.cr.execute("ALTER TABLE project_task DROP COLUMN collab_request_id CASCADE")

        run_migration(self.env.cr, "18.0.2.3.0", "pre", "18.0.2.2.0")

        self.env.cr.execute("SELECT collab_request_id FROM project_task WHERE id = %s", [task.id])
        self.assertEqual(self.env.cr.fetchone()[0], project.collab_request_id.id)
