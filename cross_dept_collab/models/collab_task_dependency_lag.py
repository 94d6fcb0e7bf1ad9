"""collab.task.dependency.lag: working days a task waits after one of its predecessors ends.

Odoo keeps task dependencies in a bare many2many (``depend_on_ids``), which stays the truth: a
lag is stored only for the links that have one, and a row whose predecessor is no longer one of
the task's is ignored by the scheduling and removed when the task's predecessors change."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# the longest wait a plan may put between two tasks (working days): a typo such as 3000 is refused
MAX_LAG_DAYS = 365


class CollabTaskDependencyLag(models.Model):
    _name = "collab.task.dependency.lag"
    _description = "Task Dependency Lag"
    _inherit = ["collab.workflow.guard", "collab.project.readable"]
    _order = "task_id, predecessor_id"
    # a lag belongs to its task: given when created, never moved to another task
    _collab_workflow_fields = ("task_id",)
    _collab_create_fields = ("task_id",)

    task_id = fields.Many2one("project.task", string="Task", required=True, ondelete="cascade", index=True)
    predecessor_id = fields.Many2one(
        "project.task",
        string="Predecessor",
        required=True,
        ondelete="cascade",
        index=True,
    )
    project_id = fields.Many2one(related="task_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="task_id.company_id", store=True)
    lag_days = fields.Integer(
        "Lag (working days)",
        default=0,
        help="Working days the task waits after this predecessor ends, on the company's working calendar.",
    )

    _sql_constraints = [
        ("task_predecessor_unique", "UNIQUE(task_id, predecessor_id)", "A predecessor has one lag per task."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        # checked before the rows exist: nothing is written for a task the caller may not plan
        # (the model's access rights first: who has none is told so, as for any model)
        self.browse().check_access("create")
        self.env["project.task"].browse(
            {vals.get("task_id") for vals in vals_list} - {None, False}
        )._check_may_set_lags()
        lags = super().create(vals_list)
        lags._plan_follow_lags()
        return lags

    def write(self, vals):
        self.browse().check_access("write")
        self._tasks_of_lags()._check_may_set_lags()
        result = super().write(vals)
        if "lag_days" in vals or "predecessor_id" in vals:
            self._plan_follow_lags()
        return result

    def _plan_follow_lags(self):
        """A longer wait moves the successors of a plan still being drafted at once, as a moved
        predecessor does (a confirmed plan's dates change only through a change request)."""
        predecessors = self.sudo().predecessor_id.with_env(self.env)
        predecessors.filtered(lambda task: task.project_id.plan_state != "confirmed")._plan_cascade_from()

    def unlink(self):
        self.browse().check_access("unlink")
        self._tasks_of_lags()._check_may_set_lags()
        return super().unlink()

    def _tasks_of_lags(self):
        # sudo: only to know which tasks the lags belong to, so that whoever may not plan them is
        # told why (the same answer whether or not he may read the lags); the check is the caller's
        return self.sudo().task_id.with_env(self.env)

    @api.constrains("lag_days")
    def _check_lag_days(self):
        for lag in self:
            if not 0 <= lag.lag_days <= MAX_LAG_DAYS:
                raise ValidationError(
                    _(
                        "The lag of %(task)s after %(predecessor)s must be between 0 and %(max)s working days, "
                        "not %(lag)s.",
                        task=lag.task_id.display_name,
                        predecessor=lag.predecessor_id.display_name,
                        max=MAX_LAG_DAYS,
                        lag=lag.lag_days,
                    )
                )

    @api.constrains("task_id", "predecessor_id")
    def _check_is_predecessor(self):
        for lag in self:
            if lag.predecessor_id not in lag.task_id.depend_on_ids:
                raise ValidationError(
                    _(
                        "%(predecessor)s is not a predecessor of %(task)s: add it to the task's predecessors "
                        "before giving it a lag.",
                        task=lag.task_id.display_name,
                        predecessor=lag.predecessor_id.display_name,
                    )
                )
