"""collab.calendar.workday: a make-up workday added, moved or removed redoes the planned load of
the companies working on its calendar."""

from odoo import api, models


class CollabCalendarWorkdayLoad(models.Model):
    _inherit = "collab.calendar.workday"

    @api.model_create_multi
    def create(self, vals_list):
        workdays = super().create(vals_list)
        workdays.calendar_id._collab_refresh_load()
        return workdays

    def write(self, vals):
        calendars = self.calendar_id
        result = super().write(vals)
        if {"date", "calendar_id"} & set(vals):
            (calendars | self.calendar_id)._collab_refresh_load()
        return result

    def unlink(self):
        calendars = self.calendar_id
        result = super().unlink()
        calendars._collab_refresh_load()
        return result
