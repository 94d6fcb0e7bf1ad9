"""Upgrading from 18.0.1.x: the percent complete moves to collab_progress, the feature groups are
core's again (cross_dept_collab/migrations/18.0.2.0.0)."""

from datetime import date

from .common import PlanCase
from .migration import constraint_exists, make_old_task_table, run_migration


class TestMigrationTo2(PlanCase):
    def test_percent_complete_moves_from_progress_to_collab_progress(self):
        project = self.make_project()
        half = self.make_task(project, "Half", date(2030, 4, 1), date(2030, 4, 10))
        untouched = self.make_task(project, "Untouched", date(2030, 4, 1), date(2030, 4, 10))
        make_old_task_table(self.env, {half: 50, untouched: 0})

        run_migration(self.env.cr, "18.0.2.0.0", "pre", "18.0.1.0.0")

        self.assertFalse(constraint_exists(self.env.cr, "project_task_progress_range"))
        self.env.cr.execute("SELECT id, collab_progress FROM project_task WHERE id IN %s", [(half.id, untouched.id)])
        self.assertEqual(dict(self.env.cr.fetchall()), {half.id: 50, untouched.id: 0})

    def test_feature_groups_are_no_longer_implied(self):
        collab_user = self.env.ref("cross_dept_collab.group_collab_user")
        milestone = self.env.ref("project.group_project_milestone")
        dependencies = self.env.ref("project.group_project_task_dependencies")
        # as 18.0.1.x left it, with the global settings off
        self.env["res.config.settings"].create(
            {"group_project_milestone": False, "group_project_task_dependencies": False}
        ).execute()
        collab_user.implied_ids |= milestone | dependencies
        project = self.make_project()
        project.write({"allow_milestones": False, "allow_task_dependencies": False})
        self.assertTrue(self.mkt_user.has_group("project.group_project_milestone"))

        run_migration(self.env.cr, "18.0.2.0.0", "post", "18.0.1.0.0")

        self.assertFalse(collab_user.implied_ids & (milestone | dependencies))
        self.env.invalidate_all()
        self.env.registry.clear_cache("groups")
        for user in (self.mkt_user, self.rd_head, self.coordinator):
            self.assertFalse(user.has_group("project.group_project_milestone"), user.login)
            self.assertFalse(user.has_group("project.group_project_task_dependencies"), user.login)
        self.assertTrue(project.allow_milestones and project.allow_task_dependencies)
