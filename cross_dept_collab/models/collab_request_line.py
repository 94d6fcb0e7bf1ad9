from odoo import fields, models


class CollabRequestLine(models.Model):
    """A concrete ask to one department ("Product: by 10 May provide feature notes …")."""

    _name = "collab.request.line"
    _description = "Collaboration Request Department Ask"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one("collab.request", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    department_id = fields.Many2one("hr.department", string="Department", required=True)
    description = fields.Text("What Exactly", required=True)
    date_due = fields.Date("Due Date")
    company_id = fields.Many2one(related="request_id.company_id", store=True)

    def _task_name(self):
        self.ensure_one()
        first_line = (self.description or "").strip().splitlines()[0] if self.description else ""
        return f"{self.department_id.name}: {first_line[:120]}"
