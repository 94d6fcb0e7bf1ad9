"""18.0.2.3.0 — a task knows its collaboration request (``project.task.collab_request_id``).

The field is its project's request, stored on the task so that the task lists, the dashboards and
the reminder engine filter on the task row (through ``project_id`` the filter was a sub-query that
carried the projects' record rules). Created and filled here with one UPDATE before the update
loads the model: the ORM would otherwise compute it task by task.
"""

import logging

from odoo.tools import sql

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version or not sql.table_exists(cr, "project_task"):
        return
    if not sql.column_exists(cr, "project_task", "collab_request_id"):
        sql.create_column(cr, "project_task", "collab_request_id", "int4")
    cr.execute(
        """
        UPDATE project_task task
           SET collab_request_id = project.collab_request_id
          FROM project_project project
         WHERE project.id = task.project_id
           AND task.collab_request_id IS DISTINCT FROM project.collab_request_id
        """
    )
    _logger.info("cross_dept_collab: %s task(s) got their project's collaboration request", cr.rowcount)
