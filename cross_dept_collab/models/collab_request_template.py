"""collab.request: the project template its project starts from, and the templates suggested at
intake (next to the lessons of earlier requests)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CollabRequest(models.Model):
    _inherit = "collab.request"

    project_template_id = fields.Many2one(
        "collab.project.template",
        string="Project Template",
        tracking=True,
        index="btree_not_null",
        domain="[('company_id', '=', company_id)]",
        help="The project starts from this template's WBS, laid out from its start on the company's working "
        "calendar. The initiator chooses it while drafting, the coordinator while the request is open.",
    )
    suggested_project_template_ids = fields.Many2many(
        "collab.project.template",
        compute="_compute_suggested_project_template_ids",
        string="Suggested Templates",
        help="Project templates of the same type that share a department with this request.",
    )

    @api.depends(
        "request_type", "initiating_department_id", "involved_department_ids", "lead_department_id", "company_id"
    )
    def _compute_suggested_project_template_ids(self):
        Template = self.env["collab.project.template"]
        for request in self:
            departments = request._collab_departments()
            if not departments:
                request.suggested_project_template_ids = False
                continue
            request.suggested_project_template_ids = Template.search(
                [
                    ("request_type", "=", request.request_type),
                    ("department_ids", "in", departments.ids),
                    ("company_id", "=", request.company_id.id),
                ],
                limit=20,
            )

    @api.constrains("project_template_id", "company_id")
    def _check_project_template_company(self):
        for request in self:
            # sudo: the template's company is compared, even one the user may not read
            template = request.sudo().project_template_id
            if template and template.company_id != request.company_id:
                raise ValidationError(
                    _(
                        "The project template %(template)s belongs to %(company)s, not to the company of %(request)s.",
                        template=template.name,
                        company=template.company_id.name,
                        request=request.display_name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Who chooses the template (the workflow guard's hooks)
    # ------------------------------------------------------------------------------------------
    def _collab_is_free(self, fname):
        # the template follows its own rule (_collab_check_template_editable), not the editable states
        return fname == "project_template_id" or super()._collab_is_free(fname)

    def _collab_check_write_values(self, vals):
        result = super()._collab_check_write_values(vals)
        # sudo: the current value is compared whatever the caller may read; the check below decides
        if "project_template_id" in vals and not self.sudo()._collab_unchanged("project_template_id", vals):
            self._collab_check_template_editable()
        return result

    def _collab_check_template_editable(self):
        """The initiator chooses the template while drafting; the coordinator while the request is
        open (before its project exists)."""
        self._collab_check_intake_choice(
            lambda request, state: self.env._(
                "%(request)s is %(state)s: its project template can no longer change.", request=request, state=state
            ),
            lambda request: self.env._(
                "Only the initiator (while drafting) or the coordinator (while it is open) can choose the "
                "project template of %(request)s.",
                request=request,
            ),
        )
