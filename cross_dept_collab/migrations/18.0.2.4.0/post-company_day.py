"""18.0.2.4.0 — the reminder engine's date-based moments begin at the company's midnight.

Up to 18.0.2.3.x a rule due "on a day" (a delegation starting or ending, a task due in N days or
overdue, a retrospective due, the daily time-off check, the weekly status) was due at 00:00 UTC of
that day; it is now due at 00:00 in the time zone of the company's working calendar. The engine
keeps what it already did in ``collab.reminder.log`` by (record, rule, due moment): the moments
logged the old way are moved to the new ones here, so that nothing already sent is sent again.
"""

import logging

from psycopg2 import sql

_logger = logging.getLogger(__name__)

# model -> (table, rules whose moment was a day at 00:00 UTC)
RULES = {
    "collab.delegation": ("collab_delegation", ("delegation_start", "delegation_end")),
    "project.task": ("project_task", ("task_due_owner", "task_due_heads", "task_overdue")),
    "collab.request": ("collab_request", ("retrospective_due",)),
    "res.users": ("res_users", ("time_off_delegation",)),
    "project.project": ("project_project", ("project_weekly_status",)),
}


def migrate(cr, version):
    if not version:
        return
    for model, (table, rules) in RULES.items():
        cr.execute(
            sql.SQL(
                """
                UPDATE collab_reminder_log log
                   SET due_moment = (log.due_moment AT TIME ZONE calendar.tz) AT TIME ZONE 'UTC'
                  FROM {table} record
                  JOIN res_company company ON company.id = record.company_id
                  JOIN resource_calendar calendar ON calendar.id = company.resource_calendar_id
                 WHERE log.res_model = %s AND log.rule IN %s AND log.res_id = record.id
                   AND log.due_moment = date_trunc('day', log.due_moment)
                   AND calendar.tz IS NOT NULL AND calendar.tz != 'UTC'
                """
            ).format(table=sql.Identifier(table)),
            [model, rules],
        )
        _logger.info("cross_dept_collab: %s %s reminder(s) moved to the company's midnight", cr.rowcount, model)
