from odoo import api, fields, models


class CollabProjectTemplatePart(models.AbstractModel):
    """A line of a project template (a task of its WBS, a role of its team): it belongs to its
    template and changes with it — by the template's creator or the coordinator."""

    _name = "collab.project.template.part"
    _description = "Part of a project template"

    template_id = fields.Many2one("collab.project.template", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True, index=True)

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
