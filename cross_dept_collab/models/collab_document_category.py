from odoo import fields, models


class CollabDocumentCategory(models.Model):
    """A shelf of the project library (任务清单, 设计方案, 会议纪要, 交付成果 …): the coordinator
    maintains them, everyone in the module files under them."""

    _name = "collab.document.category"
    _description = "Document Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to use the category in every company.")
