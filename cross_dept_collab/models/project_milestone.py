from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProjectMilestone(models.Model):
    """Phases of a collaboration project: a phase closes only once its deliverables passed."""

    _inherit = "project.milestone"

    pending_deliverable_count = fields.Integer(compute="_compute_pending_deliverables")

    @api.depends("task_ids.deliverable", "task_ids.acceptance_state")
    def _compute_pending_deliverables(self):
        for phase in self:
            phase.pending_deliverable_count = len(phase._pending_deliverables())

    def _pending_deliverables(self):
        """Tasks of the phase with a deliverable that has not passed acceptance."""
        self.ensure_one()
        return self.task_ids.filtered(lambda t: (t.deliverable or "").strip() and t.acceptance_state != "passed")

    @api.constrains("is_reached")
    def _check_phase_gate(self):
        for phase in self.filtered("is_reached"):
            pending = phase._pending_deliverables()
            if pending:
                raise ValidationError(
                    _(
                        "Phase %(phase)s cannot be closed: these deliverables have not passed acceptance:\n%(tasks)s",
                        phase=phase.name,
                        tasks="\n".join(
                            f"- {task.wbs_code or ''} {task.name}: {task.deliverable}".replace("-  ", "- ")
                            for task in pending.sorted(lambda t: t.wbs_code or "")
                        ),
                    )
                )

    def action_close_phase(self):
        """Close the phase (Odoo's ``is_reached``); the gate above refuses it while a deliverable is pending."""
        self.write({"is_reached": True})
        return True

    def _open_earlier_phases(self):
        """Phases of the same project due before this one and not closed yet."""
        self.ensure_one()
        if not self.deadline:
            return self.browse()
        return self.project_id.milestone_ids.filtered(
            lambda p: p != self and not p.is_reached and p.deadline and p.deadline < self.deadline
        )

    def _check_can_start(self):
        """The next phase cannot start while an earlier phase is open (its deliverables not passed)."""
        for phase in self:
            earlier = phase._open_earlier_phases()
            if earlier:
                raise ValidationError(
                    _(
                        "Phase %(phase)s cannot start before %(earlier)s is closed.",
                        phase=phase.name,
                        earlier=", ".join(earlier.sorted("deadline").mapped("name")),
                    )
                )
