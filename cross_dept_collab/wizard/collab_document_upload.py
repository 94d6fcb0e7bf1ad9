from odoo import _, fields, models
from odoo.exceptions import UserError


class CollabDocumentUpload(models.TransientModel):
    """The dialog behind a document's "Upload New Version" button: the file and what changed."""

    _name = "collab.document.upload"
    _description = "Upload a New Version of a Document"

    document_id = fields.Many2one("collab.document", string="Project Document", required=True, ondelete="cascade")
    datas = fields.Binary("File", required=True)
    file_name = fields.Char()
    comment = fields.Text(help="What changed in this version.")

    def action_confirm(self):
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        if not self.datas:
            raise UserError(_("Choose the file of the new version."))
        self.document_id._collab_upload(self.datas, self.file_name, self.comment)
        return {"type": "ir.actions.client", "tag": "soft_reload"}
