"""18.0.2.6.0 — a plan confirmed before baselines existed gets its signed plan as baseline 1, and
the planned tasks of the collaboration projects get their department load rows.

The plan is taken as it stands, then each task gets back the dates it had when the last owner
signed the plan: the old value of the first tracked change of its planned start (and end) since
that signature — a change request or a reschedule moved it. Durations and the baseline's span are
counted again on the company's calendar.
"""

import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.cross_dept_collab.models import plan_scheduling

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    projects = (
        env["project.project"]
        .with_context(active_test=False)
        .search([("plan_state", "=", "confirmed"), ("collab_baseline_ids", "=", False)])
    )
    for project in projects:
        company = project.company_id or env.company
        name = project.with_context(lang=company._collab_lang()).env._("Signed plan")
        _restore_signed_dates(env, project._collab_take_baseline(name, "signed"))
    if projects:
        _logger.info("cross_dept_collab: %s confirmed plans kept as their signed baseline", len(projects))
    _build_department_load(env)


def _build_department_load(env):
    """The load rows of every task planned before the load existed (they follow each change after)."""
    env.cr.execute(
        """SELECT task.id FROM project_task task JOIN project_project project ON project.id = task.project_id
            WHERE project.collab_request_id IS NOT NULL AND task.collab_department_id IS NOT NULL"""
    )
    task_ids = [task_id for (task_id,) in env.cr.fetchall()]
    if task_ids:
        env["collab.task.load"]._collab_refresh(task_ids)
        _logger.info("cross_dept_collab: department load of %s tasks", len(task_ids))


def _restore_signed_dates(env, baseline):
    """Each line whose task's dates changed since the plan was signed gets its dates as signed."""
    cr = env.cr
    env.flush_all()
    cr.execute(
        """
        WITH signed AS (
            SELECT max(signed_on) AS moment FROM collab_signoff
             WHERE project_id = %(project)s AND kind = 'plan' AND state = 'signed'
        ), first_change AS (
            SELECT DISTINCT ON (message.res_id, field.name)
                   message.res_id AS task_id, field.name AS field, tracking.old_value_datetime::date AS old_day
              FROM mail_tracking_value tracking
              JOIN mail_message message ON message.id = tracking.mail_message_id
              JOIN ir_model_fields field ON field.id = tracking.field_id
              JOIN collab_plan_baseline_line line ON line.task_id = message.res_id AND line.baseline_id = %(baseline)s
              JOIN signed ON message.date >= signed.moment
             WHERE message.model = 'project.task'
               AND field.model = 'project.task'
               AND field.name IN ('date_planned_start', 'date_planned_end')
             ORDER BY message.res_id, field.name, message.date, message.id
        )
        UPDATE collab_plan_baseline_line line
           SET date_start = COALESCE(start_change.old_day, line.date_start),
               date_end = COALESCE(end_change.old_day, line.date_end)
          FROM collab_plan_baseline_line same
          LEFT JOIN first_change start_change
                 ON start_change.task_id = same.task_id AND start_change.field = 'date_planned_start'
          LEFT JOIN first_change end_change
                 ON end_change.task_id = same.task_id AND end_change.field = 'date_planned_end'
         WHERE same.id = line.id AND line.baseline_id = %(baseline)s
           AND (start_change.task_id IS NOT NULL OR end_change.task_id IS NOT NULL)
        """,
        {"project": baseline.project_id.id, "baseline": baseline.id},
    )
    if not cr.rowcount:
        return
    env.invalidate_all()
    lines = baseline.line_ids
    days = [day for line in lines for day in (line.date_start, line.date_end) if day]
    count = plan_scheduling.working_day_counter(min(days), max(days), baseline.project_id._plan_calendar_functions()[0])
    dated = lines.filtered(lambda line: line.date_start and line.date_end)
    cr.execute(
        """UPDATE collab_plan_baseline_line line SET duration = counted.duration
             FROM unnest(%s::int[], %s::int[]) AS counted(id, duration) WHERE line.id = counted.id""",
        [dated.ids, [count(line.date_start, line.date_end) for line in dated]],
    )
    starts = [line.date_start for line in lines if line.date_start]
    ends = [line.date_end for line in lines if line.date_end]
    cr.execute(
        "UPDATE collab_plan_baseline SET date_start = %s, date_end = %s, duration = %s WHERE id = %s",
        [min(starts), max(ends), count(min(starts), max(ends)), baseline.id],
    )
    env.invalidate_all()
