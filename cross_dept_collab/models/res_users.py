from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # The departments the record rules mean by "my departments": those of the employees
    # ``employee_ids`` gives, read in the rule's own evaluation (the user as superuser with an
    # empty context, so hr's domain on ``employee_ids`` keeps the employees of the user's
    # default company). Computed only, never stored nor written.
    collab_department_ids = fields.Many2many(
        "hr.department",
        string="Collaboration departments",
        compute="_compute_collab_department_ids",
        groups="base.group_user",
    )

    @api.depends("employee_ids.department_id")
    def _compute_collab_department_ids(self):
        for user in self:
            # in the env the caller reads it in, exactly as the rules read employee_ids
            user.collab_department_ids = user.employee_ids.department_id

    def write(self, vals):
        result = super().write(vals)
        if vals.get("lang"):
            # what the module asked of them, in the language they now read (their decisions'
            # activities were written in the one they had)
            # sudo: the system rewrites its own texts on activities assigned to these users
            activities = self.env["mail.activity"].sudo().search([("user_id", "in", self.ids)])
            activities._collab_follow_assignee_language()
        return result
