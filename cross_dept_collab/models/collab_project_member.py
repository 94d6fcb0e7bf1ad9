from odoo import fields, models


class CollabProjectMember(models.Model):
    """A department in a project's team: its role, its single liaison (单一对接人) and module owners."""

    _name = "collab.project.member"
    _description = "Collaboration Project Team Member"
    _order = "project_id, role desc, department_id"

    project_id = fields.Many2one("project.project", required=True, ondelete="cascade", index=True)
    department_id = fields.Many2one("hr.department", required=True)
    role = fields.Selection([("lead", "Lead"), ("cooperating", "Cooperating")], required=True, default="cooperating")
    liaison_id = fields.Many2one("res.users", string="Liaison", required=True)
    module_owner_ids = fields.Many2many("res.users", string="Module Owners")
    company_id = fields.Many2one(related="project_id.company_id", store=True)

    _sql_constraints = [
        (
            "department_unique",
            "UNIQUE(project_id, department_id)",
            "A department has exactly one liaison per project: it is already in this project's team.",
        ),
    ]
