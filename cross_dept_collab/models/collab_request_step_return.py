from odoo import _, models


class CollabRequestStep(models.Model):
    """A step of the request's path returns the request to an earlier step (collab_request_return.py)."""

    _inherit = "collab.request.step"

    def action_return_to(self, target_index=None, reason=None):
        """Return the request to the step of its path at ``target_index`` (already passed), or to
        its initiator (-1, False), with ``reason`` (required): as this step's decider."""
        self._collab_records_arg(self)
        reason = self._collab_text_arg(reason, _("The reason"))
        self._check_can_decide()
        self._lock_decision_parents()
        self._check_request_open()
        # sudo: the caller is this step's decider (checked above), who may hold it from outside
        # the request's departments; the request's workflow is advanced on their behalf
        return self.sudo().request_id._collab_return_from_decision(self, target_index, reason)

    def action_open_return_to_wizard(self):
        """The "Return to a Step" dialog of this step."""
        self._collab_records_arg(self)
        self._check_can_decide()
        return self.env["collab.request.return.to"]._collab_open(self.sudo().request_id, self)
