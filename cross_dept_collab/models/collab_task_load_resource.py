"""collab.task.load: the people committed in a department's review or granted by a resource request
count in its load — rows without a task, one per resource line, employee and ISO week, the line's
person-days spread evenly over the working days of its period on its company's calendar."""

from collections import defaultdict

from odoo import api, models

from . import plan_scheduling
from .collab_task_load import week_start


class CollabTaskLoadResource(models.Model):
    _inherit = "collab.task.load"

    @api.model
    def _collab_refresh_resources(self, line_ids):
        """Rewrite the rows of the resource lines ``line_ids`` (a line that no longer counts, or is
        gone, just loses its rows) and the department × week sums they touch: a few queries for
        any number of lines; derived data, written whoever changed the lines."""
        line_ids = sorted({line_id for line_id in line_ids if line_id})
        if not line_ids:
            return
        self._collab_rewrite_rows("resource_line_id", line_ids, lambda: self._collab_resource_rows(line_ids))

    @api.model
    def _collab_resource_rows(self, line_ids):
        """The rows of the resource lines ``line_ids`` that count (see the module's docstring)."""
        # sudo: the load counts every commitment, whoever may read the line that changed it
        people = self.env["collab.resource.line"].sudo()._collab_load_person_days(None, None, line_ids=line_ids)
        checkers = self._collab_working_day_checkers({row["company_id"] or None for row in people})
        weeks = defaultdict(float)
        for row in people:
            is_working_day = checkers[row["company_id"] or None]
            days = plan_scheduling.working_days(row["date_from"], row["date_to"], is_working_day)
            for day in days:
                key = (row["line_id"], row["project_id"], row["company_id"], row["department_id"], row["user_id"])
                weeks[(*key, week_start(day))] += row["person_days"] / len(days)
        return [(*key, days) for key, days in weeks.items()]
