"""18.0.2.5.0 — the obsolete partial index on the tasks' planned end is dropped once, here.

``project_task_collab_status_open_end_idx`` indexed the planned end of the tasks "not started" or
"in progress" only: it knew no "waiting" or "blocked" task. The engine's daily status refresh
now reads the open tasks of every status through ``project_task_collab_status_open_plan_end_idx``,
which ``project.task.init()`` creates; the old index only cost writes. It was dropped by that
``init()`` on every module load; it is dropped once, here, before the update.
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS project_task_collab_status_open_end_idx")
    _logger.info("cross_dept_collab: the obsolete index project_task_collab_status_open_end_idx is gone")
