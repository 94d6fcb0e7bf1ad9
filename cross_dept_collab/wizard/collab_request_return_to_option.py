from odoo import fields, models


class CollabRequestReturnToOption(models.TransientModel):
    """One choice of the "Return to a Step" dialog: a step passed, or the initiator (-1)."""

    _name = "collab.request.return.to.option"
    _description = "Step to Return To"
    _order = "sequence, id"

    wizard_id = fields.Many2one("collab.request.return.to", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    target_index = fields.Integer(required=True)
    name = fields.Char("Step", required=True)
