"""18.0.2.1.0 — plan status that means what it says.

``collab_status`` gained *waiting* and *blocked* now means a late predecessor or the owner's block
(it meant "Odoo waits on an open predecessor"); phases (tasks with sub-tasks) roll up their planned
dates, % complete and status. ``collab_is_phase`` is a new column the ORM fills; here the phases'
roll-ups and every open task's status are recomputed once, writing only the rows that change.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Task = env["project.task"].with_context(active_test=False)
    phases = Task.search([("collab_is_phase", "=", True)])
    rolled_up = ("date_planned_start", "date_planned_end", "collab_progress")
    phases.fetch(list(rolled_up))
    for fname in rolled_up:
        env.add_to_compute(Task._fields[fname], phases)
    phases.flush_recordset(list(rolled_up))
    Task.search([("collab_status", "!=", "done")])._refresh_plan_status()
