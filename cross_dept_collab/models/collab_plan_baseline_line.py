"""collab.plan.baseline.line: one task (or phase) of a plan baseline, as it was planned."""

from odoo import fields, models


class CollabPlanBaselineLine(models.Model):
    """A task's plan at the moment its baseline was taken. Kept when the task is deleted (its name
    and WBS code are copied), never edited: the baseline's access applies.

    A baseline copies thousands of tasks at once (``project.project._collab_take_baseline``, in
    SQL): a line holds only what the task had, with no column of its own to check against another
    table — who took it and when, the project and the company are the baseline's."""

    _name = "collab.plan.baseline.line"
    _description = "Plan Baseline Task"
    _inherit = ["collab.workflow.guard"]
    _order = "baseline_id, sequence, id"
    _log_access = False

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
        "owner_names",
        "deliverable",
    )

    baseline_id = fields.Many2one(
        "collab.plan.baseline", string="Baseline", required=True, index=True, ondelete="cascade", readonly=True
    )
    project_id = fields.Many2one(related="baseline_id.project_id")
    company_id = fields.Many2one(related="baseline_id.company_id")
    task_id = fields.Many2one("project.task", string="Task", index=True, ondelete="set null", readonly=True)
    sequence = fields.Integer(readonly=True)
    wbs_code = fields.Char("WBS Code", readonly=True)
    name = fields.Char("Task Name", readonly=True)
    is_phase = fields.Boolean("Phase", readonly=True)
    date_start = fields.Date("Planned Start", readonly=True)
    date_end = fields.Date("Planned End", readonly=True)
    duration = fields.Integer("Duration (working days)", readonly=True)
    owner_names = fields.Char(
        "Owners", readonly=True, help="The task's owners as they were named when the baseline was taken."
    )
    deliverable = fields.Char(readonly=True)
