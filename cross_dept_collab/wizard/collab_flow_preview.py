"""Preview of a flow: the path it gives an existing request, or a sample one built in memory."""

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.fields import Command


class CollabFlowPreview(models.TransientModel):
    _name = "collab.flow.preview"
    _description = "Approval Flow Preview"

    flow_id = fields.Many2one("collab.flow", string="Flow", required=True, ondelete="cascade")
    request_id = fields.Many2one(
        "collab.request",
        string="Request",
        help="The request to resolve the flow for; empty: a sample request of yours, built only for the preview.",
    )
    sample_budget = fields.Monetary("Sample Budget", currency_field="currency_id")
    sample_request_type = fields.Selection(
        lambda self: self.env["collab.request"]._fields["request_type"]._description_selection(self.env),
        string="Sample Type",
    )
    sample_priority = fields.Selection(
        lambda self: self.env["collab.request"]._fields["priority"]._description_selection(self.env),
        string="Sample Priority",
        default="medium",
    )
    sample_initiator_id = fields.Many2one(
        "res.users", string="Sample Initiator", domain=[("share", "=", False)], help="Empty: yourself."
    )
    sample_department_id = fields.Many2one("hr.department", string="Sample Initiating Department")
    sample_involved_department_ids = fields.Many2many(
        "hr.department", string="Sample Involved Departments", help="Empty: the initiating department only."
    )
    currency_id = fields.Many2one(related="flow_id.company_id.currency_id")
    picked_user_ids = fields.Many2many(
        "res.users", string="Picked Approvers", help="Who the initiator would pick at submit, for the steps that ask."
    )
    path_html = fields.Html("Path", compute="_compute_path_html", sanitize=False)

    @api.depends(
        "flow_id",
        "request_id",
        "sample_budget",
        "sample_request_type",
        "sample_priority",
        "sample_initiator_id",
        "sample_department_id",
        "sample_involved_department_ids",
        "picked_user_ids",
    )
    def _compute_path_html(self):
        for preview in self:
            preview.path_html = preview._collab_render() if preview.flow_id else False

    def _collab_sample_request(self):
        """A request that exists only in memory, of the type, budget, priority, initiator and
        departments chosen (by default yours, of the flow's type)."""
        user = self.sample_initiator_id or self.env.user
        company = self.flow_id.company_id or self.env.company
        department = self.sample_department_id or self.env["collab.responsibility"].departments_of(user)[:1]
        involved = self.sample_involved_department_ids._origin or department
        return self.env["collab.request"].new(
            {
                "title": self.env._("Sample request"),
                "request_type": self.sample_request_type or self.flow_id.request_type or "project",
                "company_id": company.id,
                "initiator_id": user.id,
                "initiating_department_id": department.id,
                "involved_department_ids": [Command.set(involved.ids)],
                "resource_budget": self.sample_budget,
                "sponsor_id": company.collab_default_sponsor_id.id,
                "priority": self.sample_priority or "medium",
            }
        )

    def _collab_render(self):
        _ = self.env._
        request = self.request_id or self._collab_sample_request()
        try:
            path = self.flow_id._collab_resolve(request, self.picked_user_ids.ids)
        except Exception as error:
            return Markup("<div class='alert alert-danger'>%s</div>") % str(error)
        company = request.company_id or self.env.company
        asked = fields.Datetime.now()
        rows = []
        for entry in path:
            step = entry.step
            if entry.skipped:
                deciders = _("Skipped")
            elif entry.approved_at is not None:
                deciders = _("Approved at step %(number)s", number=entry.approved_at + 1)
            else:
                deciders = ", ".join(entry.deciders.mapped("name"))
            if entry.by_department:
                deciders = "; ".join(
                    f"{department.name}: {', '.join(users.mapped('name'))}"
                    for department, users, _mode in entry.by_department
                )
            limit = "—"
            if step.time_limit_hours:
                deadline = step._collab_limit_deadline(asked, company)
                actions = dict(step._fields["limit_action"]._description_selection(self.env))
                limit = _(
                    "%(hours)s working hours (asked now: %(deadline)s), then %(action)s",
                    hours=step.time_limit_hours,
                    deadline=fields.Datetime.context_timestamp(self, deadline).strftime("%Y-%m-%d %H:%M"),
                    action=actions[step.limit_action],
                )
            name = step.name if not entry.level else _("%(step)s — level %(level)s", step=step.name, level=entry.level)
            rows.append(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    entry.index + 1,
                    name,
                    deciders,
                    Markup("<br/>").join(escape(note) for note in entry.notes),
                    limit,
                )
            )
        if not rows:
            return Markup("<p>%s</p>") % _("No step applies to this request.")
        header = Markup("<tr><th>#</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            _("Step"),
            _("Deciders"),
            _("Notes"),
            _("Time Limit"),
        )
        return Markup("<table class='table table-sm o_collab_flow_path'><thead>%s</thead><tbody>%s</tbody></table>") % (
            header,
            Markup("").join(rows),
        )
