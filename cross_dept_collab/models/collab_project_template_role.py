from odoo import fields, models


class CollabProjectTemplateRole(models.Model):
    """A department in a template's team and its role (lead or cooperating): people are chosen
    when a project is made from the template (each department's head, until the lead edits)."""

    _name = "collab.project.template.role"
    _inherit = ["collab.project.template.part"]
    _description = "Project Template Team Role"
    _order = "template_id, role desc, department_id"

    department_id = fields.Many2one("hr.department", required=True)
    role = fields.Selection([("lead", "Lead"), ("cooperating", "Cooperating")], required=True, default="cooperating")

    _sql_constraints = [
        (
            "department_unique",
            "UNIQUE(template_id, department_id)",
            "A department has one role in a template's team: it is already there.",
        ),
    ]
