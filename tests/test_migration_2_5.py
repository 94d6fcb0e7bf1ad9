"""Updating to 18.0.2.5.0: the obsolete partial index on the tasks' planned end is dropped once,
before the update (cross_dept_collab/migrations/18.0.2.5.0)."""

from odoo.tests import TransactionCase

from .migration import run_migration

OLD_INDEX = "project_task_collab_status_open_end_idx"
NEW_INDEXES = ("project_task_collab_status_open_plan_end_idx", "project_task_collab_status_delayed_end_idx")


def task_indexes(cr):
    cr.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'project_task'")
    return {name for (name,) in cr.fetchall()}


class TestMigrationTo2_5(TransactionCase):
    def make_old_index(self):
        # as project.task.init() created it before it knew waiting and blocked tasks
        self.env.cr.execute(
            f"CREATE INDEX {OLD_INDEX} ON project_task (date_planned_end) "
            "WHERE collab_status IN ('not_started', 'in_progress')"
        )
        self.assertIn(OLD_INDEX, task_indexes(self.env.cr))

    def test_obsolete_index_is_dropped(self):
        self.make_old_index()

        run_migration(self.env.cr, "18.0.2.5.0", "pre", "18.0.2.4.0")

        indexes = task_indexes(self.env.cr)
        self.assertNotIn(OLD_INDEX, indexes)
        # the index that replaces it, and the delayed tasks' one, are the update's and stay
        self.assertLessEqual(set(NEW_INDEXES), indexes)

    def test_without_the_index_it_changes_nothing(self):
        before = task_indexes(self.env.cr)
        self.assertNotIn(OLD_INDEX, before)

        run_migration(self.env.cr, "18.0.2.5.0", "pre", "18.0.2.4.0")

        self.assertEqual(task_indexes(self.env.cr), before)

    def test_a_new_install_is_left_alone(self):
        self.make_old_index()

        run_migration(self.env.cr, "18.0.2.5.0", "pre", None)

        self.assertIn(OLD_INDEX, task_indexes(self.env.cr))
