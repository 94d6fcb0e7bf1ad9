from odoo import api, fields, models

from .collab_workflow_guard import check_date_bounds


class CollabRequestLine(models.Model):
    """A concrete ask to one department ("Product: by 10 May provide feature notes …")."""

    _name = "collab.request.line"
    _description = "Collaboration Request Department Ask"
    _order = "request_id, sequence, id"
    _inherit = ["collab.workflow.guard"]
    # an ask follows its request: editable while the request is, never moved to another one
    _collab_workflow_fields = ("request_id",)
    _collab_create_fields = ("request_id",)
    _collab_parent_field = "request_id"

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

    @api.constrains("date_due")
    def _check_date_due(self):
        for line in self:
            check_date_bounds(self.env, line.date_due, self._fields["date_due"]._description_string(self.env))
