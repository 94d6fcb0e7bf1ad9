"""resource.calendar.leaves: a public holiday (a leave of a whole calendar) added, moved or
removed redoes the planned load of the companies working on that calendar. Leaves of one person
change only the capacity, which is computed when read."""

from odoo import api, models


class ResourceCalendarLeavesLoad(models.Model):
    _inherit = "resource.calendar.leaves"

    def _collab_global_calendars(self):
        return self.filtered(lambda leave: not leave.resource_id).calendar_id

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._collab_global_calendars()._collab_refresh_load()
        return leaves

    def write(self, vals):
        calendars = self._collab_global_calendars()
        result = super().write(vals)
        if {"date_from", "date_to", "calendar_id", "resource_id", "time_type"} & set(vals):
            (calendars | self._collab_global_calendars())._collab_refresh_load()
        return result

    def unlink(self):
        calendars = self._collab_global_calendars()
        result = super().unlink()
        calendars._collab_refresh_load()
        return result
