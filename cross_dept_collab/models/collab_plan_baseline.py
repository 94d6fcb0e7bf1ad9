"""collab.plan.baseline: a named, dated snapshot of a project's plan (基准计划) — the yardstick the
plan's drift is measured against."""

from odoo import _, api, fields, models

# a project keeps at most this many baselines: the first (the signed plan) and the latest ones
MAX_BASELINES = 11


class CollabPlanBaseline(models.Model):
    """The plan as it stood at a moment: every task's (and phase's) planned start, end, duration in
    working days, owners and deliverable (``line_ids``), and the project's span.

    Taken only by the module: when the plan is confirmed by its sign-offs ("Signed plan"), when a
    change request is applied (named after it) and when the project lead asks for one. Nobody
    creates, edits or deletes one through the client or RPC (read-only access rights, and every
    field belongs to the workflow); it is read by who reads its project
    (security/collab_plan_baseline_security.xml).
    """

    _name = "collab.plan.baseline"
    _description = "Plan Baseline"
    _inherit = ["collab.workflow.guard", "collab.project.readable"]
    _order = "project_id, sequence desc, id desc"
    _check_company_auto = True

    _collab_workflow_fields = (
        "name",
        "project_id",
        "sequence",
        "kind",
        "date_taken",
        "taken_by_id",
        "change_request_id",
        "date_start",
        "date_end",
        "duration",
        "line_ids",
    )

    name = fields.Char(required=True, readonly=True)
    project_id = fields.Many2one(
        "project.project", string="Project", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    sequence = fields.Integer("Number", readonly=True, help="1 for the project's first baseline, then 2, 3 …")
    kind = fields.Selection(
        [("signed", "Signed Plan"), ("change", "Change Request"), ("manual", "Taken by Hand")],
        string="Taken When",
        required=True,
        readonly=True,
    )
    date_taken = fields.Datetime("Taken On", required=True, readonly=True)
    taken_by_id = fields.Many2one("res.users", string="Taken By", readonly=True)
    change_request_id = fields.Many2one(
        "collab.change.request", string="Change Request", readonly=True, index="btree_not_null", ondelete="set null"
    )
    date_start = fields.Date("Planned Start", readonly=True)
    date_end = fields.Date("Planned End", readonly=True)
    duration = fields.Integer("Duration (working days)", readonly=True)
    line_ids = fields.One2many("collab.plan.baseline.line", "baseline_id", string="Tasks", readonly=True)
    line_count = fields.Integer("Number of Tasks", compute="_compute_line_count")

    def _compute_line_count(self):
        counts = dict(
            self.env["collab.plan.baseline.line"]._read_group(
                [("baseline_id", "in", self.ids)], ["baseline_id"], ["__count"]
            )
        )
        for baseline in self:
            baseline.line_count = counts.get(baseline, 0)

    @api.depends("name", "sequence")
    def _compute_display_name(self):
        for baseline in self:
            baseline.display_name = _("#%(number)s %(name)s", number=baseline.sequence, name=baseline.name)
