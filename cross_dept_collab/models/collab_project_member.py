from odoo import _, fields, models


class CollabProjectMember(models.Model):
    """A department in a project's team: its role, its single liaison (单一对接人) and module owners."""

    _name = "collab.project.member"
    _description = "Collaboration Project Team Member"
    _order = "project_id, role desc, department_id"
    _inherit = ["collab.workflow.guard"]
    # a team row belongs to its project and department; who may edit it is said by record rules
    _collab_workflow_fields = ("project_id", "department_id", "role", "company_id")
    _collab_create_fields = ("project_id", "department_id", "role")

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

    def write(self, vals):
        # the workflow guard (collab.workflow.guard.write) runs first, through super()
        previous = {member.id: member.liaison_id for member in self} if "liaison_id" in vals else {}
        result = super().write(vals)
        for member in self.filtered(lambda m: previous.get(m.id) and previous[m.id] != m.liaison_id):
            member._hand_over(previous[member.id])
        return result

    def _hand_over(self, old_liaison):
        """The new liaison inherits the department's open activities on the project's tasks."""
        self.ensure_one()
        tasks = self.project_id.tasks.filtered(lambda t: t.collab_department_id == self.department_id)
        # sudo: the activities belong to the former liaison, whom the team manager cannot write for
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("user_id", "=", old_liaison.id), ("res_model", "=", "project.task"), ("res_id", "in", tasks.ids)])
        )
        activities.write({"user_id": self.liaison_id.id})
        for task in tasks.filtered(lambda t: old_liaison in t.user_ids):
            task.sudo().user_ids = (task.user_ids - old_liaison) | self.liaison_id
        self.project_id.message_post(
            body=_(
                "Liaison of %(department)s changed from %(old)s to %(new)s; %(count)s open activities handed over.",
                department=self.department_id.name,
                old=old_liaison.name,
                new=self.liaison_id.name,
                count=len(activities),
            ),
            subtype_xmlid="mail.mt_note",
        )
