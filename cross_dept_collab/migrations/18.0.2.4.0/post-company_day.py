"""18.0.2.4.0 — the reminder engine's date-based moments begin at the company's midnight.

Up to 18.0.2.3.x a rule due "on a day" (a delegation starting or ending, a task due in N days or
overdue, a retrospective due, the daily time-off check, the weekly status) was due at 00:00 UTC of
that day; it is now due at 00:00 in the time zone of the company's working calendar. The engine
keeps what it already did in ``collab.reminder.log`` by (record, rule, due moment): the moments
logged the old way are moved to the new ones here, so that nothing already sent is sent again.

The time zone is the one the engine reads: the record's company's calendar's, else that of the
user the engine's cron runs as (OdooBot), else UTC; the weekly status is on the day of the cron's
company (OdooBot's), whatever the project's company. Stand-alone: SQL only.
"""

import logging

from psycopg2 import sql

from odoo import SUPERUSER_ID

_logger = logging.getLogger(__name__)

# model -> (table, rules whose moment was a day at 00:00 UTC, on the record's company's day)
RULES = {
    "collab.delegation": ("collab_delegation", ("delegation_start", "delegation_end"), True),
    "project.task": ("project_task", ("task_due_owner", "task_due_heads", "task_overdue"), True),
    "collab.request": ("collab_request", ("retrospective_due",), True),
    "res.users": ("res_users", ("time_off_delegation",), True),
    "project.project": ("project_project", ("project_weekly_status",), False),
}


def migrate(cr, version):
    if not version:
        return
    # the cron's user (OdooBot): its company and its time zone
    cr.execute(
        """SELECT users.company_id, partner.tz FROM res_users users
             JOIN res_partner partner ON partner.id = users.partner_id WHERE users.id = %s""",
        [SUPERUSER_ID],
    )
    cron_company, cron_tz = cr.fetchone()
    for model, (table, rules, own_company) in RULES.items():
        company = sql.SQL("record.company_id") if own_company else sql.Literal(cron_company)
        cr.execute(
            sql.SQL(
                """
                UPDATE collab_reminder_log log
                   SET due_moment = (log.due_moment AT TIME ZONE zone.tz) AT TIME ZONE 'UTC'
                  FROM (SELECT record.id,
                               COALESCE((SELECT calendar.tz FROM res_company company
                                           JOIN resource_calendar calendar ON calendar.id = company.resource_calendar_id
                                          WHERE company.id = {company}), %s) AS tz
                          FROM {table} record) zone
                 WHERE log.res_model = %s AND log.rule IN %s AND log.res_id = zone.id
                   AND log.due_moment = date_trunc('day', log.due_moment)
                   AND zone.tz != 'UTC' AND zone.tz IN (SELECT name FROM pg_timezone_names)
                """
            ).format(table=sql.Identifier(table), company=company),
            [cron_tz or "UTC", model, rules],
        )
        _logger.info("cross_dept_collab: %s %s reminder(s) moved to the company's midnight", cr.rowcount, model)
