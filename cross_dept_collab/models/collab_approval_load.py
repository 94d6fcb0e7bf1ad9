"""collab.approval: the department's load in the weeks the request asks for, on its review form,
with a button to the load list filtered on the department and those weeks."""

from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import format_date

from .collab_task_load import week_start

# the review form shows at most this many weeks (a request for a year shows its first half-year)
MAX_WEEKS = 26
# without an expected completion nor asks' due dates, the weeks from the request on
DEFAULT_WEEKS = 12


class CollabApprovalLoad(models.Model):
    _inherit = "collab.approval"

    request_date_request = fields.Date(related="request_id.date_request", string="Raised On")
    collab_load_html = fields.Html(
        "Department Load", compute="_compute_collab_load_html", sanitize=False, compute_sudo=False
    )

    def _collab_load_weeks(self):
        """Mondays of the weeks the request asks for: from the week it was raised to its expected
        completion (else its asks' last due date, else 12 weeks), 26 at most."""
        self.ensure_one()
        request = self.sudo().request_id
        first = request.date_request or self.env.company.collab_today()
        last = request.date_expected or max((day for day in request.line_ids.mapped("date_due") if day), default=None)
        last = last if last and last >= first else first + timedelta(weeks=DEFAULT_WEEKS)
        monday = week_start(first)
        mondays = []
        while monday <= last and len(mondays) < MAX_WEEKS:
            mondays.append(monday)
            monday += timedelta(days=7)
        return mondays

    @api.depends_context("lang", "uid")
    @api.depends("department_id", "request_id.date_request", "request_id.date_expected")
    def _compute_collab_load_html(self):
        Report = self.env["collab.report.department.load"]
        if not Report.has_access("read"):
            self.collab_load_html = Markup('<p class="text-muted">%s</p>') % _(
                "Only the department's head, its deputies and the coordinator see its load."
            )
            return
        for approval in self:
            if not approval.department_id:
                approval.collab_load_html = False
                continue
            weeks = Report._collab_department_weeks(approval.department_id, approval._collab_load_weeks())
            approval.collab_load_html = approval._collab_load_table(weeks)

    def _collab_load_table(self, weeks):
        """An escaped table of the weeks: red when over capacity, amber when nearly full."""
        if not any(week["planned"] or week["extra"] or week["capacity"] for week in weeks):
            return Markup('<p class="text-muted">%s</p>') % _("No planned load nor capacity in these weeks.")
        extra = any(week["extra"] for week in weeks)
        headers = [_("Week"), _("From"), _("Planned Days")]
        headers += [_("Other Commitments")] if extra else []
        headers += [_("Capacity Days"), _("Load %")]
        classes = {"over": "table-danger text-danger fw-bold", "high": "table-warning", "ok": ""}
        body = Markup("")
        days = self.env["collab.resource.line"]._collab_days_text
        for week in weeks:
            cells = [week["label"], format_date(self.env, week["monday"]), days(week["planned"])]
            cells += [days(week["extra"])] if extra else []
            cells += [days(week["capacity"]), f"{week['percent']:.0f} %"]
            body += Markup('<tr class="%s">%s</tr>') % (
                classes[week["level"]],
                Markup("").join(Markup("<td>%s</td>") % cell for cell in cells),
            )
        head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
        return Markup(
            '<div class="table-responsive"><table class="table table-sm o_collab_load_table">'
            "<thead><tr>%s</tr></thead><tbody>%s</tbody></table></div>"
        ) % (head, body)

    def action_collab_open_department_load(self):
        """The load list of the department in the weeks the request asks for."""
        self._collab_records_arg(self)
        mondays = self._collab_load_weeks()
        return self.env["collab.report.department.load"]._collab_action(self.department_id, mondays[0], mondays[-1])

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals or "round" in vals:
            # what the review committed counts once it is approved (derived data, see
            # collab.task.load._collab_refresh_resources)
            self.env["collab.task.load"]._collab_refresh_resources(self.sudo().resource_line_ids.ids)
        return result
