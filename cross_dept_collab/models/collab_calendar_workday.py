from odoo import fields, models


class CollabCalendarWorkday(models.Model):
    """A make-up workday (调休): a day the calendar's attendances call a rest day that is worked.

    Odoo's working calendar knows rest days (no attendance) and public holidays (global leaves)
    but not the weekend days that mainland China declares working days to bridge a holiday. The
    SLA helper (``res.company.collab_sla_deadline``) and the plan's working days honour these.
    """

    _name = "collab.calendar.workday"
    _description = "Make-up workday"
    _order = "date"

    calendar_id = fields.Many2one("resource.calendar", string="Working Schedule", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="calendar_id.company_id", store=True)
    date = fields.Date("Day", required=True)
    name = fields.Char("Occasion")

    _sql_constraints = [
        ("collab_workday_unique", "UNIQUE(calendar_id, date)", "A day is a make-up workday of a calendar once."),
    ]
