"""Project's own Milestones and Task Dependencies settings keep working with the module installed."""

from odoo.tests import new_test_user

from .common import PlanCase


class TestCoreProjectSettings(PlanCase):
    def _settings(self, enabled):
        self.env["res.config.settings"].create(
            {"group_project_milestone": enabled, "group_project_task_dependencies": enabled}
        ).execute()

    def test_collaboration_users_do_not_switch_the_features_on_for_everyone(self):
        self._settings(False)
        for user in (self.env.user, self.coordinator, self.mkt_user, self.rd_head):
            self.assertFalse(user.has_group("project.group_project_milestone"), user.login)
            self.assertFalse(user.has_group("project.group_project_task_dependencies"), user.login)
        plain = self.env["project.project"].create({"name": "Plain project"})
        self.assertFalse(plain.allow_milestones)
        self.assertFalse(plain.allow_task_dependencies)
        self._settings(True)
        self.assertTrue(new_test_user(self.env, "t_plain").has_group("project.group_project_milestone"))
        self.assertTrue(plain.allow_milestones and plain.allow_task_dependencies, "core's settings apply")

    def test_collaboration_projects_keep_phases_and_predecessors(self):
        """Whatever the global settings, a collaboration project is created with, and keeps,
        milestones (its phases) and task dependencies (its predecessors)."""
        self._settings(False)
        project = self.make_project()
        self.assertTrue(project.allow_milestones)
        self.assertTrue(project.allow_task_dependencies)
        self._settings(True)
        self._settings(False)
        self.assertTrue(project.allow_milestones, "switching the setting off leaves collaboration projects on")
        self.assertTrue(project.allow_task_dependencies)
        plain = self.env["project.project"].create({"name": "Plain project"})
        self.assertFalse(plain.allow_milestones)
