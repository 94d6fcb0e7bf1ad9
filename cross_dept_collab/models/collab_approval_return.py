from odoo import _, fields, models
from odoo.exceptions import UserError


class CollabApproval(models.Model):
    """A department's review returns the request to an earlier step (collab_request_return.py)."""

    _inherit = "collab.approval"

    state = fields.Selection(selection_add=[("returned", "Returned")], ondelete={"returned": "set default"})

    def action_return_to(self, target_index=None, reason=None):
        """Return the request to the step of its path at ``target_index`` (already passed), or to
        its initiator (-1, False), with ``reason`` (required): as this department's decider, while
        the request is in department review."""
        self._collab_records_arg(self)
        reason = self._collab_text_arg(reason, _("The reason"))
        self._check_can_decide()
        self._lock_decision_parents()
        self._check_request_open()
        # sudo: a decider added from outside the request's departments may not read the request
        request = self.sudo().request_id
        if request.state != "department_review":
            raise UserError(_("%(request)s is no longer under department review.", request=request.display_name))
        # sudo: the caller is this review's decider (checked above); the request's workflow is
        # advanced on their behalf
        return request._collab_return_from_decision(self, target_index, reason)

    def action_open_return_to_wizard(self):
        """The "Return to a Step" dialog of this review."""
        self._collab_records_arg(self)
        self._check_can_decide()
        return self.env["collab.request.return.to"]._collab_open(self.sudo().request_id, self)
