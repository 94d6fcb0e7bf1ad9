"""collab.meeting: distributed minutes are posted in the project group, with the PDF the
library filed."""

from odoo import models


class CollabMeetingChannel(models.Model):
    _inherit = "collab.meeting"

    def _collab_announce_minutes(self, version):
        """Post the distribution in the project group, ``version`` (the minutes as filed in the
        library, one rendering for both) attached."""
        self.ensure_one()
        company = self.project_id.company_id or self.env.company
        if not company.collab_group_post:
            return
        # sudo: the file was just filed by the workflow; the organizer may not be in the team
        attachment = version.sudo().attachment_id
        self.project_id._collab_group_post(
            self,
            lambda rec: rec.env._(
                "Minutes of %(meeting)s distributed: %(decisions)s decisions, %(actions)s action items.",
                meeting=rec.name,
                decisions=len(rec.decision_ids),
                actions=len(rec.action_item_ids),
            ),
            users=self.action_item_ids.owner_id,
            attachments=[(version.sudo().file_name, attachment.raw)] if attachment else None,
        )
