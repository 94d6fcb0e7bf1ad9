from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    collab_deputy_ids = fields.Many2many(
        "res.users",
        "hr_department_collab_deputy_rel",
        "department_id",
        "user_id",
        string="Deputies (Collaboration)",
        domain=[("share", "=", False)],
        help="Who may decide for the department besides its manager: department reviews and "
        "sign-offs are asked of them too, and decisions may be transferred to them.",
    )
    collab_approval_mode = fields.Selection(
        [("any", "Any One (或签)"), ("all", "Everyone (会签)")],
        string="Decision Mode",
        default="any",
        required=True,
        help="Any One: one review for the head and deputies, the first decision counts. "
        "Everyone: each of the head and deputies reviews, every one must approve.",
    )
