"""collab.change.request: approved and applied changes announced in the project group, with what
moved and by how many working days."""

from datetime import timedelta

from odoo import models
from odoo.tools import format_date

from .plan_scheduling import count_working_days


class CollabChangeRequestChannel(models.Model):
    _inherit = "collab.change.request"

    def _ask_apply(self):
        result = super()._ask_apply()
        for change in self.filtered(lambda c: c.state == "approved"):
            lead = change.project_id.user_id or change.requester_id
            change.project_id._collab_group_post(
                change,
                lambda local, lead=lead: local.env._(
                    "Change request %(change)s approved by %(approver)s; %(lead)s applies it to the plan.",
                    change=local.name,
                    approver=local.approver_id.name or "",
                    lead=lead.name,
                ),
                users=lead | change.requester_id,
            )
        return result

    def _apply(self):
        before = {task.id: task.date_planned_end for task in self.project_id.tasks}
        result = super()._apply()
        project = self.project_id
        is_working_day, __, __ = project._plan_calendar_functions()
        moved = project.tasks.filtered(lambda t: t.id in before and t.date_planned_end != before[t.id])

        def shift(old, new):
            if not (old and new):
                return 0
            if new > old:
                return count_working_days(old + timedelta(days=1), new, is_working_day)
            return -count_working_days(new + timedelta(days=1), old, is_working_day)

        def render(local):
            env = local.env
            lines = []
            for task in moved.sorted(lambda t: (t.wbs_code or "", t.id)):
                label = " ".join(filter(None, [task.wbs_code, task.name]))
                end, was = task.date_planned_end, before[task.id]
                lines.append(
                    env._(
                        "%(task)s: ends %(new)s instead of %(old)s (%(days)s working days)",
                        task=label,
                        new=format_date(env, end) if end else "—",
                        old=format_date(env, was) if was else "—",
                        days=format(shift(was, end), "+d"),
                    )
                )
            head = env._("Change request %(change)s applied to the plan.", change=local.name)
            if not lines:
                return head + " " + env._("No task's end moved.")
            return head + "\n" + "\n".join(lines)

        project._collab_group_post(self, render, users=moved.user_ids | self.requester_id)
        return result
