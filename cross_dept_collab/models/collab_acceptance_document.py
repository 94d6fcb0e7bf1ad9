"""collab.acceptance: the exact version of the deliverable each round judged."""

from odoo import fields, models

from .collab_acceptance import CollabAcceptance
from .project_project_document import CATEGORY_DELIVERABLES


class CollabAcceptanceDocument(models.Model):
    _inherit = "collab.acceptance"
    _collab_workflow_fields = (*CollabAcceptance._collab_workflow_fields, "document_version_id")

    document_version_id = fields.Many2one(
        "collab.document.version",
        string="Version Judged",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The file of the deliverable this round judged, as filed in the project's library when it was "
        "submitted: later versions do not change it.",
    )

    def _collab_file_deliverables(self):
        """File the deliverable of each new round: the last file attached to its task becomes
        (a version of) the task's deliverable document, under Deliverables."""
        tasks = self.task_id
        # sudo: the files attached to the task, whoever may read them (the submitter owns the task)
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", "project.task"), ("res_id", "in", tasks.ids), ("res_field", "=", False)],
                order="id desc",
            )
        )
        last = {}
        for attachment in attachments:
            last.setdefault(attachment.res_id, attachment)
        for acceptance in self.sudo():
            attachment = last.get(acceptance.task_id.id)
            if not attachment:
                continue
            project = acceptance.task_id.project_id
            lang = (project.company_id or self.env.company)._collab_lang()
            version = project._collab_file_document(
                CATEGORY_DELIVERABLES,
                acceptance.deliverable,
                record=acceptance.task_id,
                attachment=attachment,
                comment=acceptance.with_context(lang=lang).env._(
                    "Submitted for acceptance (round %(round)s).", round=acceptance.round
                ),
            )
            acceptance.document_version_id = version

    def action_download_version(self):
        self._collab_records_arg(self)
        return self.document_version_id.action_download()
