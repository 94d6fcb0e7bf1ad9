from odoo import fields, models


class CollabReminderLog(models.Model):
    """One row per (record, rule, due moment) the reminder engine acted on.

    The unique key is what makes the engine idempotent: a row is claimed with
    ``INSERT … ON CONFLICT DO NOTHING`` in the same transaction as the reminder itself, so a
    second run, a second worker or a restart after a crash never reminds twice.
    """

    _name = "collab.reminder.log"
    _description = "Collaboration reminder log"
    _order = "date_sent desc, id desc"
    _log_access = False

    res_model = fields.Char("Model", required=True, index=True)
    res_id = fields.Many2oneReference("Record", model_field="res_model", required=True)
    rule = fields.Char(required=True)
    due_moment = fields.Datetime(required=True)
    date_sent = fields.Datetime("Sent On", required=True, default=fields.Datetime.now)
    recipient_ids = fields.Many2many("res.users", string="Recipients")

    _sql_constraints = [
        (
            "event_unique",
            "UNIQUE(res_model, res_id, rule, due_moment)",
            "A reminder is sent once per record, rule and due moment.",
        ),
    ]
