"""project.project: the weekly status measures the plan against the plan the departments signed —
the project's finish variance in working days and each slipped task with its reason."""

from markupsafe import Markup

from odoo import models

from . import plan_scheduling
from .project_project_baseline import signed_working_days


class ProjectProjectBaselineStatus(models.Model):
    _inherit = "project.project"

    def _collab_status_html(self, status, reasons):
        return super()._collab_status_html(status, reasons) + self._collab_signed_plan_status_html()

    def _collab_signed_plan_baseline(self):
        """The latest baseline taken when the plan was confirmed by its sign-offs, or none."""
        self.ensure_one()
        # sudo: the baselines of a project are read by whoever reads the project (their read rule)
        return (
            self.env["collab.plan.baseline"]
            .sudo()
            .search([("project_id", "=", self.id), ("kind", "=", "signed")], order="sequence desc", limit=1)
        )

    def _collab_signed_finish_variance(self, baseline):
        """Working days the plan's last end is later (positive) or earlier than the signed plan's."""
        self.ensure_one()
        end = self._collab_plan_span()[1]
        is_working_day = self._plan_calendar_functions()[0]

        def count(first, last):
            return plan_scheduling.count_working_days(first, last, is_working_day)

        return signed_working_days(count, baseline.date_end, end)

    def _collab_signed_plan_status_html(self):
        """The weekly status's part on the signed plan: how far the finish drifted, and the tasks
        expected to end later than signed with why (the change request, or the owner's delay)."""
        self.ensure_one()
        baseline = self._collab_signed_plan_baseline()
        if not baseline:
            return Markup()
        variance = self._collab_signed_finish_variance(baseline)
        if variance > 0:
            drift = (
                self.env._("+1 working day behind the signed plan")
                if variance == 1
                else self.env._("+%(days)s working days behind the signed plan", days=variance)
            )
        elif variance < 0:
            drift = (
                self.env._("1 working day ahead of the signed plan")
                if variance == -1
                else self.env._("%(days)s working days ahead of the signed plan", days=-variance)
            )
        else:
            drift = self.env._("on the signed plan's finish date")
        body = Markup("<p>%s</p>") % self.env._(
            "Finish: %(drift)s (signed: %(date)s).", drift=drift, date=baseline.date_end or ""
        )
        slipped = []
        for task, _baseline_end, _expected, days, reason in self._collab_signed_variance():
            if days <= 0 or task.collab_is_phase:
                continue
            label = f"{task.wbs_code or ''} {task.name}".strip()
            late = self.env._("+1 working day") if days == 1 else self.env._("+%(days)s working days", days=days)
            slipped.append(
                self.env._("%(task)s: %(late)s — %(reason)s", task=label, late=late, reason=reason)
                if reason
                else self.env._("%(task)s: %(late)s", task=label, late=late)
            )
        if slipped:
            body += Markup("<p>%s</p>") % self.env._("Tasks behind the signed plan:")
            body += Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % line for line in slipped)
        return body
