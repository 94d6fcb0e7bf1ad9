"""18.0.2.1.0 — plan status that means what it says.

``collab_status`` gained *waiting* and *blocked* now means a late predecessor or the owner's block
(it meant "Odoo waits on an open predecessor"); phases (tasks with sub-tasks) roll up their planned
dates, % complete and status. ``collab_is_phase`` is a new column the ORM fills; here the phases'
roll-ups, then every open task's status and warning and their projects' warning badge are
recomputed once, writing only the rows that change.

Stand-alone: only the ORM's recomputation of stored computed fields (``add_to_compute`` and a
flush), never the module's methods, so that a later upgrade from an older release still runs it.
The values themselves come from the fields' computes as the upgraded code defines them (the status
depends on the company's date, which only the compute knows).
"""

from odoo import SUPERUSER_ID, api

PHASE_FIELDS = ("date_planned_start", "date_planned_end", "collab_progress")
TASK_FIELDS = ("collab_status", "warning_level", "warning_reason")
PROJECT_FIELDS = ("collab_warning_level", "collab_red_task_count")


def recompute(records, fnames):
    """Recompute stored computed fields of ``records``; the stored values are read first, so the
    flush writes only the rows that change."""
    if not records:
        return
    fnames = [fname for fname in fnames if fname in records._fields]
    records.fetch(fnames)
    for fname in fnames:
        records.env.add_to_compute(records._fields[fname], records)
    records.flush_recordset(fnames)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Task = env["project.task"].with_context(active_test=False)
    recompute(Task.search([("collab_is_phase", "=", True)]), PHASE_FIELDS)
    tasks = Task.search([("collab_status", "!=", "done")])
    recompute(tasks, TASK_FIELDS)
    recompute(tasks.project_id, PROJECT_FIELDS)
