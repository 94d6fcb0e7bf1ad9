"""18.0.2.0.0 — the task's percent complete moves from ``progress`` to ``collab_progress``.

``project.task.progress`` belongs to Timesheets (hr_timesheet's hours ratio, computed and stored).
Up to 18.0.1.x this module declared a plain ``progress`` field of its own on the same column. Runs
only when migrating from a version below 18.0.2.0.0, before the new field exists, so it creates
``collab_progress`` and fills it:

- without hr_timesheet the ``progress`` column holds the module's values: copied as they are;
- with hr_timesheet the column holds Timesheets' ratio (it took the field over), so the module's
  value is rebuilt from the task's latest progress update, the only trustworthy source left.

The old ``CHECK (progress BETWEEN 0 AND 100)`` is dropped: the column, if it stays, is Timesheets'.
The module's task views stored in the database are pointed at the new name first: while the update
reloads one of them, Odoo validates it combined with the others still holding the old arch.
"""

import json
import logging

from odoo.tools import sql

_logger = logging.getLogger(__name__)


# the module's views that named the task's field: (view xml id, old text, new text)
VIEW_RENAMES = (
    ("project_task_view_form", '<field name="progress" ', '<field name="collab_progress" '),
    ("project_task_view_list_wbs", '<field name="progress" ', '<field name="collab_progress" '),
    ("project_task_view_form_progress", "'default_progress': progress}", "'default_progress': collab_progress}"),
)


def _rename_in_task_views(cr):
    for xmlid, old, new in VIEW_RENAMES:
        cr.execute(
            """
            SELECT view.id, view.arch_db
              FROM ir_ui_view view
              JOIN ir_model_data data ON data.model = 'ir.ui.view' AND data.res_id = view.id
             WHERE data.module = 'cross_dept_collab' AND data.name = %s
            """,
            [xmlid],
        )
        for view_id, arch in cr.fetchall():
            new_arch = {lang: text.replace(old, new) for lang, text in (arch or {}).items()}
            if new_arch != arch:
                cr.execute("UPDATE ir_ui_view SET arch_db = %s WHERE id = %s", (json.dumps(new_arch), view_id))


def migrate(cr, version):
    if not version or not sql.table_exists(cr, "project_task"):
        return
    cr.execute("ALTER TABLE project_task DROP CONSTRAINT IF EXISTS project_task_progress_range")
    _rename_in_task_views(cr)
    if sql.column_exists(cr, "project_task", "collab_progress"):
        return
    sql.create_column(cr, "project_task", "collab_progress", "float8")
    cr.execute("SELECT 1 FROM ir_module_module WHERE name = 'hr_timesheet' AND state IN ('installed', 'to upgrade')")
    timesheets = bool(cr.rowcount)
    if timesheets:
        cr.execute(
            """
            UPDATE project_task task
               SET collab_progress = LEAST(GREATEST(upd.progress, 0), 100)
              FROM collab_progress_update upd
             WHERE upd.id = task.last_progress_update_id
            """
        )
    elif sql.column_exists(cr, "project_task", "progress"):
        cr.execute(
            "UPDATE project_task SET collab_progress = LEAST(GREATEST(progress, 0), 100) WHERE progress IS NOT NULL"
        )
    _logger.info(
        "cross_dept_collab: %s task(s) got collab_progress from %s",
        cr.rowcount,
        "their latest progress update" if timesheets else "the former progress column",
    )
