"""collab.change.request: the preview of what its new dates move — the tasks it names and their
successors shifted on the working calendar, computed as applying will make them."""

from markupsafe import Markup

from odoo import _, api, fields, models


class CollabChangeRequestCascade(models.Model):
    _inherit = "collab.change.request"

    cascade_preview = fields.Html(
        "What Will Move",
        compute="_compute_cascade_preview",
        sanitize=False,
        help="The tasks this change gives new dates and the successors that move with them on the working "
        "calendar, as applying it would do now.",
    )

    @api.depends_context("lang")
    @api.depends("line_ids.task_id", "line_ids.date_planned_start", "line_ids.date_planned_end", "state")
    def _compute_cascade_preview(self):
        for change in self:
            lines = change.line_ids.filtered(
                lambda line: line.task_id and line.date_planned_start and line.date_planned_end
            )
            project = change.project_id
            if not lines or not project or change.state in ("applied", "rejected"):
                change.cascade_preview = False
                continue
            requested = {line.task_id.id: (line.date_planned_start, line.date_planned_end) for line in lines}
            current = {
                task.id: (task.date_planned_start, task.date_planned_end)
                for task in lines.task_id.sudo()  # sudo: see _plan_shift_lines
            }
            old, moved = project._plan_cascade_moves(requested)
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                _("Requested:"),
                Markup("").join(
                    Markup("<li>%s</li>") % line
                    for line in project._plan_shift_lines(current, requested, list(requested))
                ),
            )
            body += Markup("<p>%s</p>") % _("Successors moved with them on the working calendar:")
            if moved:
                body += Markup("<ul>%s</ul>") % Markup("").join(
                    Markup("<li>%s</li>") % line for line in project._plan_shift_lines(old, moved)
                )
            else:
                body += Markup("<p>%s</p>") % _("None: every successor already starts late enough.")
            change.cascade_preview = body
