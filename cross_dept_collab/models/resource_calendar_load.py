"""resource.calendar: the planned load of the companies working on a calendar follows its working
week (attendances); its holidays and make-up workdays refresh it from their own models."""

from odoo import models


class ResourceCalendarLoad(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        result = super().write(vals)
        if "attendance_ids" in vals:
            self._collab_refresh_load()
        return result

    def _collab_refresh_load(self):
        """Rewrite the load rows of the collaboration tasks of the companies on these calendars."""
        calendars = self.exists()
        if not calendars:
            return
        # sudo: which companies work on the calendar, whoever edits its holidays
        companies = self.env["res.company"].sudo().search([("resource_calendar_id", "in", calendars.ids)])
        if not companies:
            return
        on_company = [("project_id.company_id", "in", companies.ids)]
        if self.env.company in companies:
            # a project without company plans on the current company's calendar
            on_company = ["|", ("project_id.company_id", "=", False), *on_company]
        self.env["collab.task.load"]._collab_refresh_all([("project_id.collab_request_id", "!=", False), *on_company])
