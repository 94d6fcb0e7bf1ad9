from odoo import fields, models


class ProjectTask(models.Model):
    _inherit = "project.task"

    collab_department_id = fields.Many2one("hr.department", string="Responsible Department", index="btree_not_null")
