"""collab.report.department.load: the people committed in reviews and granted by resource requests
count in their department's load, spread over the working days of their period."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models

from .collab_task_load import week_start


class CollabReportDepartmentLoadResource(models.Model):
    _inherit = "collab.report.department.load"

    @api.model
    def _collab_extra_person_days(self, date_from, date_to, departments):
        rows = super()._collab_extra_person_days(date_from, date_to, departments)
        lines = self.env["collab.resource.line"]._collab_load_person_days(date_from, date_to, departments.ids)
        if not lines:
            return rows
        company_of = {department.id: department.company_id.id or None for department in departments.sudo()}
        checkers = self.env["collab.task.load"]._collab_working_day_checkers(set(company_of.values()))
        weeks = defaultdict(float)
        one = timedelta(days=1)
        for line in lines:
            is_working_day = checkers[company_of.get(line["department_id"])]
            days = []
            day = line["date_from"]
            while day <= line["date_to"]:
                if is_working_day(day):
                    days.append(day)
                day += one
            # the person-days are spread evenly over the period's working days; the window's count
            share = line["person_days"] / len(days) if days else 0.0
            for day in days:
                if date_from <= day <= date_to:
                    weeks[line["department_id"], week_start(day)] += share
        return rows + [
            {"department_id": department_id, "week_start": monday, "days": days}
            for (department_id, monday), days in weeks.items()
        ]
