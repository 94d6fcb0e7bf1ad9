"""project.task: "slipped" — the task now ends later than in its project's chosen baseline (finish
variance > 0 working days), searchable so that the dashboards count slipped tasks by department."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ProjectTaskBaselineSlip(models.Model):
    _inherit = "project.task"

    collab_slipped = fields.Boolean(
        "Slipped",
        compute="_compute_collab_slipped",
        search="_search_collab_slipped",
        help="The task is expected to end later than in its project's baseline (finish variance above 0).",
    )

    @api.depends("collab_finish_variance")
    def _compute_collab_slipped(self):
        for task in self:
            task.collab_slipped = task.collab_finish_variance > 0

    def _search_collab_slipped(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._(
                    "Slipped tasks are searched with = or != and True or False, not %(operator)s %(value)s.",
                    operator=operator,
                    value=value,
                )
            )
        ids = self._collab_slipped_ids()
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    @api.model
    def _collab_slipped_ids(self):
        """Ids of the tasks whose finish variance against their project's active baseline (the one
        chosen, else the latest signed plan) is above 0.

        The variance is counted in working days of the project's calendar by a non-stored compute;
        a stored flag would have to be rewritten for every task of a project each time a baseline is
        taken or chosen. Instead one query keeps the tasks whose expected end (the planned end, or
        the later end the owner reported on an open task) is after their line's end in the active
        baseline — every slipped task is among them — and the compute is asked only about those, to
        leave out a move onto rest days only. Always as current as the baselines and the dates.
        """
        self.env["project.task"].flush_model(
            ["active", "project_id", "date_planned_end", "collab_status", "last_progress_update_id"]
        )
        self.env["project.project"].flush_model(["collab_baseline_id"])
        self.env["collab.plan.baseline"].flush_model(["project_id", "kind", "sequence"])
        self.env["collab.plan.baseline.line"].flush_model(["baseline_id", "task_id", "date_end"])
        self.env["collab.progress.update"].flush_model(["date_expected"])
        candidates = self.env.execute_query(
            SQL(
                """SELECT t.id
                     FROM project_task t
                     JOIN project_project p ON p.id = t.project_id
                     JOIN collab_plan_baseline_line l
                       ON l.task_id = t.id
                      AND l.baseline_id = COALESCE(
                              p.collab_baseline_id,
                              (SELECT s.id FROM collab_plan_baseline s
                                WHERE s.project_id = p.id AND s.kind = 'signed'
                                ORDER BY s.sequence DESC LIMIT 1))
                LEFT JOIN collab_progress_update u ON u.id = t.last_progress_update_id
                    WHERE t.active
                      AND GREATEST(
                              t.date_planned_end,
                              CASE WHEN t.collab_status IS DISTINCT FROM 'done' THEN u.date_expected END
                          ) > l.date_end"""
            )
        )
        # sudo: which tasks slipped, whatever the caller reads; the search that uses these ids
        # applies the caller's rules to them. Measured against the active baseline, not a context's.
        tasks = self.sudo().with_context(collab_variance_baseline=False).browse(row[0] for row in candidates)
        return tasks.filtered(lambda task: task.collab_finish_variance > 0).ids
