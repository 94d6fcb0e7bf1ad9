"""collab.plan.baseline.line: one task (or phase) of a plan baseline, as it was planned."""

from odoo import fields, models


class CollabPlanBaselineLine(models.Model):
    """A task's plan at the moment its baseline was taken. Kept when the task is deleted (its name
    and WBS code are copied), never edited: the baseline's access applies."""

    _name = "collab.plan.baseline.line"
    _description = "Plan Baseline Task"
    _inherit = ["collab.workflow.guard"]
    _order = "baseline_id, sequence, id"

    _collab_workflow_fields = (
        "baseline_id",
        "task_id",
        "sequence",
        "wbs_code",
        "name",
        "is_phase",
        "date_start",
        "date_end",
        "duration",
        "user_ids",
        "deliverable",
    )

    baseline_id = fields.Many2one(
        "collab.plan.baseline", string="Baseline", required=True, index=True, ondelete="cascade", readonly=True
    )
    project_id = fields.Many2one(related="baseline_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="baseline_id.company_id", store=True)
    task_id = fields.Many2one("project.task", string="Task", index=True, ondelete="set null", readonly=True)
    sequence = fields.Integer(readonly=True)
    wbs_code = fields.Char("WBS Code", readonly=True)
    name = fields.Char("Task Name", readonly=True)
    is_phase = fields.Boolean("Phase", readonly=True)
    date_start = fields.Date("Planned Start", readonly=True)
    date_end = fields.Date("Planned End", readonly=True)
    duration = fields.Integer("Duration (working days)", readonly=True)
    user_ids = fields.Many2many(
        "res.users", "collab_plan_baseline_line_user_rel", "line_id", "user_id", string="Owners", readonly=True
    )
    deliverable = fields.Char(readonly=True)
