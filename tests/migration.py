"""Runs the module's migration scripts against the test database, inside the test's transaction."""

import importlib.util
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent.parent / "cross_dept_collab" / "migrations"


def run_migration(cr, version, stage, from_version):
    """Run ``migrate(cr, from_version)`` of a script of ``migrations/<version>``: ``stage`` is "pre",
    "post" or "end" for ``<stage>-migrate.py``, or the script's file name (``post-company_day.py``),
    as Odoo runs every ``pre-*.py``, ``post-*.py`` and ``end-*.py`` of the folder."""
    name = stage if stage.endswith(".py") else f"{stage}-migrate.py"
    path = MIGRATIONS / version / name
    if not path.is_file():
        raise FileNotFoundError(path)
    module_name = "collab_migration_" + "".join(c if c.isalnum() else "_" for c in f"{version}_{name[:-3]}")
    spec = importlib.util.spec_from_file_location(module_name, path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.migrate(cr, from_version)


def make_old_task_table(env, progress_by_task):
    """The project_task table as 18.0.1.x left it: no collab_progress, the module's values in
    ``progress`` (created when Timesheets is not installed) under its 0–100 check."""
    env.flush_all()
    cr = env.cr
    cr.execute("ALTER TABLE project_task DROP COLUMN collab_progress")
    cr.execute("ALTER TABLE project_task ADD COLUMN IF NOT EXISTS progress float8")
    cr.execute(
        "ALTER TABLE project_task ADD CONSTRAINT project_task_progress_range CHECK (progress >= 0 AND progress <= 100)"
    )
    for task, progress in progress_by_task.items():
        cr.execute("UPDATE project_task SET progress = %s WHERE id = %s", (progress, task.id))


def constraint_exists(cr, name):
    cr.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", (name,))
    return bool(cr.rowcount)
