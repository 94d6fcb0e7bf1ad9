from odoo import api, fields, models


class CollabProjectTemplateRole(models.Model):
    """A department in a template's team and its role (lead or cooperating): people are chosen
    when a project is made from the template (each department's head, until the lead edits)."""

    _name = "collab.project.template.role"
    _description = "Project Template Team Role"
    _order = "template_id, role desc, department_id"

    template_id = fields.Many2one("collab.project.template", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True, index=True)
    department_id = fields.Many2one("hr.department", required=True)
    role = fields.Selection([("lead", "Lead"), ("cooperating", "Cooperating")], required=True, default="cooperating")

    # a template's tasks and roles change with their template: its creator or the coordinator
    @api.model_create_multi
    def create(self, vals_list):
        template_ids = {vals.get("template_id") for vals in vals_list if vals.get("template_id")}
        self.env["collab.project.template"].browse(template_ids)._check_template_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.template_id._check_template_editable()
        if vals.get("template_id"):
            self.template_id.browse(vals["template_id"])._check_template_editable()
        return super().write(vals)

    def unlink(self):
        self.template_id._check_template_editable()
        return super().unlink()

    _sql_constraints = [
        (
            "department_unique",
            "UNIQUE(template_id, department_id)",
            "A department has one role in a template's team: it is already there.",
        ),
    ]
