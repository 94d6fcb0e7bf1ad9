"""project.project: the project's own dates (Odoo's start and end, in its header and its views)
follow its plan once the plan is signed and whenever a change request moves it."""

from odoo import models


class ProjectProjectDates(models.Model):
    _inherit = "project.project"

    def _collab_take_baseline(self, name, kind, change_request=None):
        baseline = super()._collab_take_baseline(name, kind, change_request=change_request)
        # the signed plan and every applied change request are the plan the project now keeps
        if kind in ("signed", "change"):
            # sudo: the span the module just took, whoever's decision took it
            span = baseline.sudo()
            self._collab_dates_follow_plan(span.date_start, span.date_end)
        return baseline

    def _collab_dates_follow_plan(self, start, end):
        """Make the project's start and end the plan's earliest start and latest end (the span
        its baseline keeps); a plan without dates leaves them as they are."""
        self.ensure_one()
        if not start or not end or start > end or (self.date_start, self.date) == (start, end):
            return
        # sudo: the project's dates follow its plan, whoever's decision confirmed or moved it
        # (a signer, the change request's approver or the lead who applies it)
        self.sudo().write({"date_start": start, "date": end})
