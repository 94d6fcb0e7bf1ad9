from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date, format_datetime


def _text(value):
    """User text as escaped HTML, its line breaks kept."""
    return Markup("<br/>").join((value or "").splitlines())


def _table(headers, rows, empty):
    """An escaped, phone-friendly table (it scrolls sideways inside its own box on a narrow screen)."""
    if not rows:
        return Markup('<p class="text-muted">%s</p>') % empty
    head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
    body = Markup("").join(
        Markup("<tr>%s</tr>") % Markup("").join(Markup("<td>%s</td>") % cell for cell in row) for row in rows
    )
    return Markup(
        '<div class="table-responsive"><table class="table table-sm o_collab_brief_table">'
        "<thead><tr>%s</tr></thead><tbody>%s</tbody></table></div>"
    ) % (head, body)


class CollabRequestBrief(models.AbstractModel):
    """What is being decided, on every decision of a request (PMO review, lead confirmation,
    sponsor approval, department review): the request's title, number, goal, scope, asks, budget,
    the proposed lead department and why, the departments' feedback and the decision log.

    The decider may hold the decision without reading the request (an approver added or handed the
    decision from outside its departments): the related fields read the request as superuser
    (``related_sudo``, Odoo's default) and the computed ones are ``compute_sudo`` — only these
    fields, which are what the decider must see to decide; the request itself stays closed to them.
    """

    _name = "collab.request.brief"
    _description = "What a Decision on a Collaboration Request Decides"

    # the concrete model's link to the request
    request_id = fields.Many2one("collab.request")

    request_name = fields.Char(related="request_id.name", string="Request Number")
    request_title = fields.Char(related="request_id.title")
    request_type = fields.Selection(related="request_id.request_type", string="Request Type")
    request_priority = fields.Selection(related="request_id.priority", string="Priority")
    request_initiator_id = fields.Many2one(related="request_id.initiator_id")
    request_initiating_department_id = fields.Many2one(related="request_id.initiating_department_id")
    request_date_expected = fields.Date(related="request_id.date_expected")
    request_background = fields.Text(related="request_id.background")
    request_goal = fields.Text(related="request_id.goal")
    request_scope = fields.Text(related="request_id.scope", string="Scope")
    request_currency_id = fields.Many2one(related="request_id.currency_id")
    request_budget = fields.Monetary(related="request_id.resource_budget", currency_field="request_currency_id")
    request_headcount = fields.Integer(related="request_id.resource_headcount")
    request_resource_other = fields.Text(related="request_id.resource_other")
    request_lead_department_id = fields.Many2one(related="request_id.lead_department_id", string="Proposed Lead")
    request_lead_reason = fields.Text(
        "Why This Lead",
        compute="_compute_request_brief",
        compute_sudo=True,
        help="The PMO's comment when it proposed the lead department.",
    )
    request_asks_html = fields.Html("Department Asks", compute="_compute_request_brief", compute_sudo=True)
    request_feedback_html = fields.Html("Department Feedback", compute="_compute_request_brief", compute_sudo=True)
    request_log_html = fields.Html("Earlier Decisions", compute="_compute_request_brief", compute_sudo=True)

    @api.depends_context("lang", "tz")
    @api.depends(
        "request_id.line_ids.description",
        "request_id.line_ids.date_due",
        "request_id.approval_ids.state",
        "request_id.decision_ids",
        "request_id.step_ids.state",
    )
    def _compute_request_brief(self):
        for record in self:
            request = record.request_id
            record.request_lead_reason = record._brief_lead_reason(request) if request else False
            record.request_asks_html = record._brief_asks_html(request) if request else False
            record.request_feedback_html = record._brief_feedback_html(request) if request else False
            record.request_log_html = record._brief_log_html(request) if request else False

    def _brief_lead_reason(self, request):
        """Why the PMO proposed the lead department: its comment when accepting."""
        accepted = request.step_ids.filtered(lambda s: s.step == "pmo_review" and s.state == "approved")
        return accepted.sorted("id")[-1:].comment or False

    def _brief_asks_html(self, request):
        Line = self.env["collab.request.line"]
        headers = [Line._fields[fname]._description_string(self.env) for fname in ("department_id", "description")]
        headers.append(Line._fields["date_due"]._description_string(self.env))
        rows = [
            (line.department_id.name or "", _text(line.description), format_date(self.env, line.date_due) or "—")
            for line in request.line_ids
        ]
        return _table(headers, rows, self.env._("No asks."))

    def _brief_feedback_html(self, request):
        """The departments' decisions and feedback, latest round first (superseded ones left out)."""
        Approval = self.env["collab.approval"]
        states = dict(Approval._fields["state"]._description_selection(self.env))
        decided = request.approval_ids.filtered(lambda a: a.state not in ("pending", "superseded"))
        pending = request.approval_ids.filtered(lambda a: a.state == "pending" and a.is_current_round)
        label = Approval._fields
        headers = [
            label["round"]._description_string(self.env),
            label["department_id"]._description_string(self.env),
            label["approver_id"]._description_string(self.env),
            self.env._("Decision"),
            label["feedback"]._description_string(self.env),
            label["proposed_date"]._description_string(self.env),
            label["resources_needed"]._description_string(self.env),
        ]
        rows = [
            (
                approval.round,
                approval.department_id.name or "",
                approval.approver_id.name or "",
                states.get(approval.state, ""),
                _text("\n".join(filter(None, (approval.feedback, approval.remarks)))),
                format_date(self.env, approval.proposed_date) or "—",
                _text(approval.resources_needed),
            )
            for approval in (decided | pending).sorted(lambda a: (-a.round, a.department_id.name or "", a.id))
        ]
        return _table(headers, rows, self.env._("No department has reviewed it yet."))

    def _brief_log_html(self, request):
        """The decision log: who moved the request, when, why, and what changed between rounds."""
        Decision = self.env["collab.request.decision"]
        actions = dict(Decision._fields["action"]._description_selection(self.env))
        headers = [
            Decision._fields[fname]._description_string(self.env)
            for fname in ("date", "user_id", "action", "reason", "changes_text")
        ]
        rows = [
            (
                format_datetime(self.env, line.date, dt_format="short"),
                line.user_id.name or "",
                actions.get(line.action, ""),
                _text(line.reason),
                _text(line.changes_text),
            )
            for line in request.decision_ids.filtered(lambda d: d.action != "cc")
        ]
        return _table(headers, rows, self.env._("No decision yet."))
