"""collab.task.load: the people committed in a department's review or granted by a resource request
count in its load — rows without a task, one per resource line, employee and ISO week, the line's
person-days spread evenly over the working days of its period on its company's calendar."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

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
        before = self.env.execute_query(
            SQL(
                "DELETE FROM collab_task_load WHERE resource_line_id = ANY(%s) RETURNING department_id, week_start",
                line_ids,
            )
        )
        # sudo: the load counts every commitment, whoever may read the line that changed it
        people = self.env["collab.resource.line"].sudo()._collab_load_person_days(None, None, line_ids=line_ids)
        checkers = self._collab_working_day_checkers({row["company_id"] or None for row in people})
        weeks = defaultdict(float)
        one = timedelta(days=1)
        for row in people:
            is_working_day = checkers[row["company_id"] or None]
            days, day = [], row["date_from"]
            while day <= row["date_to"]:
                if is_working_day(day):
                    days.append(day)
                day += one
            for day in days:
                key = (row["line_id"], row["project_id"], row["company_id"], row["department_id"], row["user_id"])
                weeks[(*key, week_start(day))] += row["person_days"] / len(days)
        rows = [(*key, days) for key, days in weeks.items()]
        if rows:
            columns = list(zip(*rows, strict=True))
            self.env.cr.execute(
                SQL(
                    """INSERT INTO collab_task_load (resource_line_id, project_id, company_id, department_id, user_id,
                                                     week_start, days)
                       SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[], %s::int[],
                                            %s::date[], %s::float8[])""",
                    *([value or None for value in column] for column in columns),
                )
            )
        keys = {(department_id, monday) for department_id, monday in before if department_id}
        keys |= {(row[3], row[5]) for row in rows}
        self.env["collab.report.department.load"]._collab_refresh_keys(keys)
        self.invalidate_model()
