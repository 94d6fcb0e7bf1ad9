from odoo import fields, models


class CollabRequestUrge(models.Model):
    """One urge (催办) of one decider on one request: the history behind "at most every N hours"."""

    _name = "collab.request.urge"
    _description = "Urge of a Collaboration Request Decider"
    _order = "date desc, id desc"

    request_id = fields.Many2one("collab.request", required=True, ondelete="cascade", index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Decider", required=True, index=True, readonly=True)
    urged_by_id = fields.Many2one("res.users", string="Urged By", required=True, readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    note = fields.Text(readonly=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
