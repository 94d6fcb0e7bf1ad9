"""Updating to 18.0.2.6.0 (cross_dept_collab/migrations/18.0.2.6.0): a plan confirmed before
baselines existed gets the plan its departments signed as baseline 1, and the lines of baselines
already taken keep their owners' names."""

from .migration import run_migration
from .test_change_request import d
from .test_plan_baseline import BaselineCase


class TestMigrationTo26(BaselineCase):
    def forget_baselines(self, project):
        """The project as a release without baselines left it (its tracked changes written, as at
        the end of every transaction)."""
        self.env.cr.precommit.run()
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM collab_plan_baseline WHERE project_id = %s", [project.id])
        self.env.invalidate_all()

    def test_a_confirmed_plan_gets_its_signed_plan_back(self):
        project = self.confirmed_plan()
        # signed in an earlier transaction than the change: the chatter tracks what it moved
        self.env.cr.precommit.run()
        # Design ends Wed 12 instead of Fri 7 (Build and Launch follow): applied before the upgrade
        self.apply_change(project, [(self.design, d(3), d(12))])
        self.forget_baselines(project)

        run_migration(self.env.cr, "18.0.2.6.0", "post", "18.0.2.5.0")

        baseline = self.baselines(project)
        self.assertEqual(len(baseline), 1)
        self.assertEqual((baseline.sequence, baseline.name, baseline.kind), (1, "Signed plan", "signed"))
        lines = {line.name: line for line in baseline.line_ids}
        # Design kept the dates the change request moved it from, as signed: Mon 3 – Fri 7
        self.assertEqual(
            (lines["Design"].date_start, lines["Design"].date_end, lines["Design"].duration), (d(3), d(7), 5)
        )
        self.assertEqual((baseline.date_start, baseline.date_end, baseline.duration), (d(3), d(18), 12))
        # the variance the owner reads is measured against it, and names the change request
        design = self.design.with_user(self.rd_user)
        self.assertEqual(design.collab_finish_variance, 3)

    def test_draft_plans_and_projects_with_baselines_are_left_alone(self):
        project = self.confirmed_plan()
        draft = self.make_project()

        run_migration(self.env.cr, "18.0.2.6.0", "post", "18.0.2.5.0")

        self.assertEqual(len(self.baselines(project)), 1, "its signed plan was already kept")
        self.assertFalse(self.baselines(draft))

    def test_a_new_install_is_left_alone(self):
        project = self.confirmed_plan()
        self.forget_baselines(project)

        run_migration(self.env.cr, "18.0.2.6.0", "post", None)

        self.assertFalse(self.baselines(project))

    def test_owner_names_are_kept_from_the_old_table(self):
        project = self.confirmed_plan()
        line = self.baselines(project).line_ids.filtered(lambda line: line.name == "Design")
        self.env.flush_all()
        cr = self.env.cr
        # the line as 18.0.2.5.0 kept it: owners in a many2many, project and company copied
        cr.execute("ALTER TABLE collab_plan_baseline_line DROP COLUMN owner_names, ADD COLUMN project_id int")
        cr.execute("CREATE TABLE collab_plan_baseline_line_user_rel (line_id int, user_id int)")
        cr.execute("INSERT INTO collab_plan_baseline_line_user_rel VALUES (%s, %s)", [line.id, self.rd_user.id])

        run_migration(cr, "18.0.2.6.0", "pre", "18.0.2.5.0")

        cr.execute("SELECT owner_names FROM collab_plan_baseline_line WHERE id = %s", [line.id])
        self.assertEqual(cr.fetchone()[0], self.rd_user.name)
        cr.execute("SELECT to_regclass('collab_plan_baseline_line_user_rel')")
        self.assertIsNone(cr.fetchone()[0])
        cr.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'collab_plan_baseline_line' AND column_name = 'project_id'"
        )
        self.assertFalse(cr.rowcount)
