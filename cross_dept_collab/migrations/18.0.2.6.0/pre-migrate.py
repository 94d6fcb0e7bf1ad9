"""18.0.2.6.0 — a baseline's lines keep their owners' names and no column of their own to check.

A baseline copies a whole plan at once, in one statement: its lines lost the columns that made
each inserted row check another table (project, company, who and when: the baseline's) and the
owners' many2many, replaced by the names the task's owners had (``owner_names``), filled here from
the old table before it goes.
"""

import logging

_logger = logging.getLogger(__name__)

OLD_COLUMNS = ("project_id", "company_id", "create_uid", "create_date", "write_uid", "write_date")


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT to_regclass('collab_plan_baseline_line'), to_regclass('collab_plan_baseline_line_user_rel')")
    lines, owners = cr.fetchone()
    if not lines:
        return
    cr.execute("ALTER TABLE collab_plan_baseline_line ADD COLUMN IF NOT EXISTS owner_names varchar")
    if owners:
        cr.execute(
            """
            UPDATE collab_plan_baseline_line line
               SET owner_names = owner.names
              FROM (SELECT rel.line_id, string_agg(partner.name, ', ' ORDER BY partner.name) AS names
                      FROM collab_plan_baseline_line_user_rel rel
                      JOIN res_users ON res_users.id = rel.user_id
                      JOIN res_partner partner ON partner.id = res_users.partner_id
                     GROUP BY rel.line_id) AS owner
             WHERE owner.line_id = line.id
            """
        )
        cr.execute("DROP TABLE collab_plan_baseline_line_user_rel")
    cr.execute(
        "ALTER TABLE collab_plan_baseline_line "
        + ", ".join(f"DROP COLUMN IF EXISTS {column}" for column in OLD_COLUMNS)
    )
    _logger.info("cross_dept_collab: baseline lines keep their owners' names")
