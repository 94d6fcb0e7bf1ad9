"""project.project: the timeline shows the plan against its chosen baseline — each baselined
task's bar in the baseline (thin, grey) under its current bar, and the slip past it in red."""

from odoo import _, api, models


class ProjectProjectBaselineTimeline(models.Model):
    _inherit = "project.project"

    @api.depends("collab_baseline_id")
    def _compute_plan_timeline_html(self):
        return super()._compute_plan_timeline_html()

    def _plan_timeline_input(self):
        """The timeline's tasks carry ``baseline_start``/``baseline_end``: their span in the
        project's active baseline (the chosen one, else the latest signed plan), read in one query."""
        tasks, edges, today, labels = super()._plan_timeline_input()
        labels = {**labels, "legend_baseline": _("Baseline"), "legend_slip": _("Slip")}
        baseline = self.collab_active_baseline_id
        if not baseline or not tasks:
            return tasks, edges, today, labels
        # sudo: a baseline is shown to whoever reads its project (its read rule), and the timeline
        # only draws the tasks the reader sees
        rows = (
            self.env["collab.plan.baseline.line"]
            .sudo()
            .search_read(
                [("baseline_id", "=", baseline.id), ("task_id", "in", [task["id"] for task in tasks])],
                ["task_id", "date_start", "date_end"],
                load=None,
            )
        )
        spans = {row["task_id"]: (row["date_start"] or None, row["date_end"] or None) for row in rows}
        tasks = [
            {**task, "baseline_start": spans[task["id"]][0], "baseline_end": spans[task["id"]][1]}
            if task["id"] in spans
            else task
            for task in tasks
        ]
        return tasks, edges, today, labels
