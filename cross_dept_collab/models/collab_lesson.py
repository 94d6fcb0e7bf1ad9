from odoo import api, fields, models


class CollabLessonTag(models.Model):
    _name = "collab.lesson.tag"
    _description = "Lesson Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_unique", "UNIQUE(name)", "This tag already exists.")]


class CollabLesson(models.Model):
    """A lesson learned (知识沉淀), searchable by tag, department and request type."""

    _name = "collab.lesson"
    _description = "Lesson Learned"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    name = fields.Char("Lesson", required=True, tracking=True)
    body = fields.Html()
    tag_ids = fields.Many2many("collab.lesson.tag", string="Tags")
    department_ids = fields.Many2many(
        "hr.department", "collab_lesson_department_rel", "lesson_id", "department_id", string="Departments"
    )
    request_type = fields.Selection(
        selection=lambda self: self.env["collab.request"]._fields["request_type"].selection,
        string="Request Type",
        index=True,
    )
    project_id = fields.Many2one("project.project", index="btree_not_null")
    retrospective_id = fields.Many2one("collab.retrospective", ondelete="set null", index="btree_not_null")
    request_id = fields.Many2one(
        "collab.request", compute="_compute_request_id", store=True, index="btree_not_null", string="Request"
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.depends("retrospective_id.request_id", "project_id.collab_request_id")
    def _compute_request_id(self):
        for lesson in self:
            lesson.request_id = lesson.retrospective_id.request_id or lesson.project_id.collab_request_id
