from odoo import fields, models


class ProjectProject(models.Model):
    _inherit = "project.project"

    collab_request_id = fields.Many2one(
        "collab.request", string="Collaboration Request", readonly=True, copy=False, index="btree_not_null"
    )
    lead_department_id = fields.Many2one("hr.department", string="Lead Department", tracking=True)
    collab_department_ids = fields.Many2many(
        "hr.department",
        "project_project_collab_department_rel",
        "project_id",
        "department_id",
        string="Collaborating Departments",
    )
    sponsor_id = fields.Many2one("res.users", string="Sponsor", tracking=True)
    charter_goal = fields.Text("Goals")
    charter_success_criteria = fields.Text("Success Criteria")
    charter_scope = fields.Text("Scope")
    member_ids = fields.One2many("collab.project.member", "project_id", string="Team", copy=True)
