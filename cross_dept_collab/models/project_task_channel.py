"""project.task: the project group follows the task owners (one sync per operation), and hears of
blocked tasks and acceptance results."""

from odoo import models
from odoo.tools import format_date

# the task fields whose change changes its project's group
GROUP_TASK_FIELDS = frozenset(("user_ids", "project_id", "active"))


class ProjectTaskChannel(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "collab.project.group.source"]

    _collab_group_fields = GROUP_TASK_FIELDS

    # ------------------------------------------------------------------------------------------
    # Posted in the group
    # ------------------------------------------------------------------------------------------
    def action_collab_block(self, reason):
        result = super().action_collab_block(reason)
        for task in self:
            # who must act: the lead, and the owners of the predecessors it waits for
            predecessors = task.sudo().depend_on_ids.filtered(lambda p: p.collab_status != "done")
            actors = task.project_id.sudo().user_id | predecessors.user_ids
            task.project_id._collab_group_post(
                task,
                lambda local, actors=actors: local.env._(
                    "%(task)s is blocked (marked by %(user)s): %(reason)s — to be acted on by %(actors)s "
                    "before %(date)s, its planned end.",
                    task=local.name,
                    user=self.env.user.name,
                    reason=local.collab_block_reason or "",
                    actors=", ".join(actors.mapped("name")) or "—",
                    date=format_date(local.env, local.date_planned_end) if local.date_planned_end else "—",
                ),
                users=actors | task.user_ids,
            )
        return result

    def _on_acceptance_failed(self, acceptance):
        result = super()._on_acceptance_failed(acceptance)
        self.project_id._collab_group_post(
            self,
            lambda local: local.env._(
                "Acceptance round %(round)s of %(task)s failed: %(notes)s — rework due %(deadline)s.",
                round=acceptance.round,
                task=local.name,
                notes=acceptance.improvement_notes or "",
                deadline=format_date(local.env, acceptance.rework_deadline),
            ),
            users=self.user_ids | self.project_id.user_id,
        )
        return result

    def _on_acceptance_passed(self):
        result = super()._on_acceptance_passed()
        for task in self:
            task.project_id._collab_group_post(
                task,
                lambda local: local.env._(
                    "The deliverable of %(task)s (%(deliverable)s) passed acceptance.",
                    task=local.name,
                    deliverable=local.deliverable or "",
                ),
                users=task.user_ids | task.project_id.user_id,
            )
        return result
