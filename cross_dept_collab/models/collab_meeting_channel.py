"""collab.meeting: distributed minutes are posted in the project group, the PDF attached."""

from odoo import models


class CollabMeetingChannel(models.Model):
    _inherit = "collab.meeting"

    def _distribute(self):
        result = super()._distribute()
        company = self.project_id.company_id or self.env.company
        if not company.collab_group_post:
            return result
        lang = company._collab_lang()
        local = self.with_context(lang=lang)
        report = self.env.ref("cross_dept_collab.action_report_collab_meeting_minutes").with_context(lang=lang)
        content, _kind = report._render_qweb_pdf(report.report_name, self.ids)
        file_name = local.env._("Minutes %(meeting)s.pdf", meeting=self.name).replace("/", "-")
        self.project_id._collab_group_post(
            self,
            lambda rec: rec.env._(
                "Minutes of %(meeting)s distributed: %(decisions)s decisions, %(actions)s action items.",
                meeting=rec.name,
                decisions=len(rec.decision_ids),
                actions=len(rec.action_item_ids),
            ),
            users=self.action_item_ids.owner_id,
            attachments=[(file_name, content)],
        )
        return result
