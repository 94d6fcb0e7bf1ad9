"""collab.meeting: distributed minutes are filed in the project's library."""

from odoo import models
from odoo.tools import format_date

from .project_project_document import CATEGORY_MINUTES


class CollabMeetingDocument(models.Model):
    _inherit = "collab.meeting"

    def _collab_file_minutes(self):
        """The minutes as distributed, printed in the company's language, under Minutes: the
        versions filed."""
        versions = self.env["collab.document.version"]
        for meeting in self:
            project = meeting.project_id
            content, ext = project._collab_render_pdf("cross_dept_collab.action_report_collab_minutes", meeting)
            local = meeting.with_context(lang=(project.company_id or self.env.company)._collab_lang())
            name = local.env._(
                "Minutes: %(meeting)s (%(date)s)", meeting=meeting.name, date=format_date(local.env, meeting.date)
            )
            versions |= project._collab_file_document(
                CATEGORY_MINUTES,
                name,
                record=meeting,
                raw=content,
                file_name=f"{name}.{ext}".replace("/", "-"),
                comment=local.env._("Distributed."),
            )
        return versions
