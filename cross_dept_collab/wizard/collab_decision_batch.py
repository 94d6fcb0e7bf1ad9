from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.collab_workflow_guard import text_to_html

# kind -> the method that approves it, called with the comment (None: takes no comment)
APPROVE_METHODS = {
    "department_review": ("action_approve", True),
    "signoff": ("action_sign", True),
    "acceptance": ("action_pass", True),
    "change_request": ("action_approve", True),
    "added_change_approval": ("action_approve", True),
    # the request's own decisions (collab.request.step); the PMO review needs a lead department
    "lead_confirmation": ("action_approve", True),
    "sponsor_approval": ("action_approve", True),
    "extra_review": ("action_approve", True),
    "resource_request": ("action_approve", True),
}


class CollabDecisionBatch(models.TransientModel):
    """Approve several pending decisions of "My Approvals" with one comment.

    Each decision goes through its own action method, as the caller, in its own savepoint: the
    result is reported per decision (approved, or skipped with the reason); one refusal does not
    undo the others. PMO reviews are skipped: accepting a request needs a lead department.
    """

    _name = "collab.decision.batch"
    _description = "Approve Several Decisions"

    decision_refs = fields.Json("Selected Decisions")
    decision_count = fields.Integer("Decisions", compute="_compute_decision_count")
    comment = fields.Text(help="Given to every decision that takes a comment.")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True)
    result = fields.Html(readonly=True, sanitize=True)
    approved_count = fields.Integer(readonly=True)
    skipped_count = fields.Integer(readonly=True)
    # one translated sentence (the view's loose words read "2approved,0skipped.")
    summary = fields.Char(readonly=True)

    @api.depends("decision_refs")
    def _compute_decision_count(self):
        for wizard in self:
            refs = wizard.decision_refs
            wizard.decision_count = len(refs) if isinstance(refs, list) else 0

    def _selected_ids(self):
        refs = self.decision_refs or []
        if not isinstance(refs, list) or any(isinstance(ref, bool) or not isinstance(ref, int) for ref in refs):
            raise UserError(_("Select the decisions to approve in My Approvals."))
        return refs

    def _decisions(self):
        """The selected rows the caller may see (their own; the coordinator's: all)."""
        ids = self._selected_ids()
        return self.env["collab.my.decision"].search([("id", "in", ids)]) if ids else self.env["collab.my.decision"]

    def action_confirm(self):
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        if self.state == "done":
            raise UserError(_("These decisions have already been processed."))
        comment = self.env["collab.workflow.guard"]._collab_text_arg(self.comment, _("The comment")) or None
        decisions = self._decisions()
        if not decisions:
            raise UserError(_("None of the selected decisions is waiting for you any more."))
        lines = []
        approved = skipped = 0
        for decision in decisions:
            label = decision.name or decision.display_name
            if decision.user_id != self.env.user:
                outcome = _("skipped: it waits for %(user)s, not for you.", user=decision.user_id.name)
                skipped += 1
            elif decision.kind not in APPROVE_METHODS:
                outcome = _("skipped: accepting a request needs a lead department; open it to decide.")
                skipped += 1
            else:
                method, takes_comment = APPROVE_METHODS[decision.kind]
                document = decision._document()
                try:
                    with self.env.cr.savepoint():
                        if takes_comment:
                            getattr(document, method)(comment)
                        else:
                            getattr(document, method)()
                            if comment:
                                document.message_post(body=text_to_html(comment), subtype_xmlid="mail.mt_note")
                        self.env.flush_all()
                except (AccessError, UserError, ValidationError) as error:
                    self.env.invalidate_all()
                    outcome = _("skipped: %(reason)s", reason=error.args[0] if error.args else str(error))
                    skipped += 1
                else:
                    outcome = _("approved.")
                    approved += 1
            lines.append(Markup("<li><b>%s</b>: %s</li>") % (label, outcome))
        self.write(
            {
                "state": "done",
                "approved_count": approved,
                "skipped_count": skipped,
                "summary": _("%(approved)s approved, %(skipped)s skipped.", approved=approved, skipped=skipped),
                "result": Markup("<ul>%s</ul>") % Markup("").join(lines),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Approve Selected"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
