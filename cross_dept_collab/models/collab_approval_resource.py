from odoo import fields, models


class CollabApproval(models.Model):
    """A department's review commits people and budget (``collab.resource.line``); the free text
    ``resources_needed`` stays for other notes."""

    _inherit = "collab.approval"

    resource_line_ids = fields.One2many("collab.resource.line", "approval_id", string="Resources Committed", copy=False)
