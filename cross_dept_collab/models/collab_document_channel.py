"""collab.document: a version uploaded by a person is announced in the project group."""

from odoo import models


class CollabDocumentChannel(models.Model):
    _inherit = "collab.document"

    def _collab_upload(self, datas, file_name, comment=None):
        version = super()._collab_upload(datas, file_name, comment)
        # the lead and the authors of the earlier versions are the ones a new version concerns
        # sudo: the authors of earlier versions are read for the mention, whoever uploads
        concerned = self.project_id.user_id | (self.sudo().version_ids - version).create_uid
        uploader = self.env.user.name

        def message(document):
            values = {
                "user": uploader,
                "number": version.number,
                "document": document.name,
                "category": document.category_id.name or "",
                "comment": comment or "",
            }
            if comment:
                return document.env._(
                    "%(user)s uploaded version %(number)s of %(document)s (%(category)s): %(comment)s", **values
                )
            return document.env._("%(user)s uploaded version %(number)s of %(document)s (%(category)s).", **values)

        self.project_id._collab_group_post(self, message, users=concerned - self.env.user)
        return version
