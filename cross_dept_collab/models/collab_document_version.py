"""collab.document.version: one file of a library document, kept for good."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CollabDocumentVersion(models.Model):
    """Version n of a document: its file is an ir.attachment *of the version*
    (``res_model``/``res_id``), so Odoo's attachment access follows the version's, which follows
    its document's (security/collab_document_security.xml). Versions are made only by the
    library (``collab.document._collab_new_version``) and never rewritten."""

    _name = "collab.document.version"
    _description = "Document Version"
    _inherit = ["collab.workflow.guard"]
    _order = "document_id, number desc"
    _rec_names_search = ["file_name", "document_id"]

    _collab_workflow_fields = ("document_id", "number", "attachment_id", "file_name")

    document_id = fields.Many2one(
        "collab.document", string="Project Document", required=True, readonly=True, index=True, ondelete="cascade"
    )
    project_id = fields.Many2one(related="document_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="document_id.company_id", store=True, index=True)
    category_id = fields.Many2one(related="document_id.category_id")
    number = fields.Integer("Version", required=True, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="Attachment", readonly=True, ondelete="restrict")
    datas = fields.Binary("File", related="attachment_id.datas")
    file_name = fields.Char(required=True, readonly=True)
    mimetype = fields.Char("Type", related="attachment_id.mimetype")
    file_size = fields.Integer("Size", related="attachment_id.file_size")
    comment = fields.Text()
    is_current = fields.Boolean("Current", compute="_compute_is_current")

    _sql_constraints = [
        ("document_number_unique", "UNIQUE(document_id, number)", "A document has one version of each number."),
    ]

    def _compute_is_current(self):
        for version in self:
            version.is_current = version == version.document_id.current_version_id

    @api.depends("document_id.name", "number")
    def _compute_display_name(self):
        for version in self:
            version.display_name = _(
                "%(document)s v%(number)s",
                document=version.document_id.name or version.file_name,
                number=version.number,
            )

    def action_download(self):
        self._collab_records_arg(self)
        if not self.attachment_id:
            raise UserError(_("This version has no file."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/datas?download=true&filename_field=file_name",
            "target": "self",
        }

    def unlink(self):
        attachments = self.sudo().attachment_id
        result = super().unlink()
        # sudo: the versions' files go with them (their attachments belong to the library)
        attachments.sudo().unlink()
        return result
