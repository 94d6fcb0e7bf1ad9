from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import plan_scheduling


class CollabProjectTemplateTask(models.Model):
    """A task (or a phase, when it has sub-tasks) of a project template's WBS."""

    _name = "collab.project.template.task"
    _inherit = ["collab.project.template.part"]
    _description = "Project Template Task"
    _order = "template_id, sequence, id"

    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one(
        "collab.project.template.task",
        string="Phase",
        ondelete="cascade",
        index="btree_not_null",
        domain="[('template_id', '=', template_id), ('id', '!=', id)]",
    )
    child_ids = fields.One2many("collab.project.template.task", "parent_id", string="Sub-tasks")
    is_phase = fields.Boolean("Is a Phase", compute="_compute_is_phase")
    wbs_code = fields.Char("WBS Code", compute="_compute_wbs_code")
    name = fields.Char("Task", required=True)
    department_id = fields.Many2one("hr.department", string="Responsible Department")
    deliverable = fields.Char()
    acceptance_standard = fields.Text("Acceptance Standard")
    duration_days = fields.Integer(
        "Working Days", default=1, help="How many working days of the company's calendar the task lasts."
    )
    predecessor_ids = fields.Many2many(
        "collab.project.template.task",
        "collab_project_template_task_dependency_rel",
        "task_id",
        "predecessor_id",
        string="Predecessors",
        domain="[('template_id', '=', template_id), ('id', '!=', id)]",
        help="Tasks of the template that must end before this one starts.",
    )

    _sql_constraints = [
        ("duration_positive", "CHECK(duration_days >= 1)", "A template task lasts at least one working day."),
    ]

    @api.depends("child_ids")
    def _compute_is_phase(self):
        for task in self:
            task.is_phase = bool(task.child_ids)

    @api.depends("template_id.task_ids.sequence", "template_id.task_ids.parent_id")
    def _compute_wbs_code(self):
        codes = {}
        for template in self.template_id:
            codes.update(
                plan_scheduling.wbs_codes(
                    (task.id, task.parent_id.id or None, task.sequence, task.id) for task in template.task_ids
                )
            )
        for task in self:
            task.wbs_code = codes.get(task.id, False)

    @api.depends("wbs_code", "name")
    def _compute_display_name(self):
        for task in self:
            task.display_name = f"{task.wbs_code} {task.name}" if task.wbs_code else task.name

    @api.constrains("parent_id", "predecessor_ids", "template_id")
    def _check_same_template(self):
        for task in self:
            others = (task.parent_id | task.predecessor_ids).filtered(lambda t, m=task: t.template_id != m.template_id)
            if others:
                raise ValidationError(
                    _(
                        "%(task)s can only have a phase and predecessors of its own template, not %(others)s.",
                        task=task.name,
                        others=", ".join(others.mapped("name")),
                    )
                )

    @api.constrains("parent_id")
    def _check_parent_cycle(self):
        if self._has_cycle("parent_id"):
            raise ValidationError(_("A phase cannot be inside one of its own sub-tasks."))

    @api.constrains("predecessor_ids", "parent_id")
    def _check_dependency_cycle(self):
        if self._has_cycle("parent_id"):
            return  # refused by _check_parent_cycle
        for template in self.template_id:
            template._layout_offsets()  # raises on a cycle, through dependencies or phases
