"""project.project: its library (collab.document) and the one way the workflow files into it."""

import logging

from odoo import _, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

CATEGORY_PLAN = "cross_dept_collab.collab_document_category_plan"
CATEGORY_DESIGN = "cross_dept_collab.collab_document_category_design"
CATEGORY_MINUTES = "cross_dept_collab.collab_document_category_minutes"
CATEGORY_DELIVERABLES = "cross_dept_collab.collab_document_category_deliverables"
CATEGORY_OTHER = "cross_dept_collab.collab_document_category_other"


class ProjectProjectDocument(models.Model):
    _inherit = "project.project"

    collab_document_ids = fields.One2many("collab.document", "project_id", string="Library")
    collab_document_count = fields.Integer("Documents", compute="_compute_collab_document_count")
    collab_document_category_ids = fields.Many2many(
        "collab.document.category",
        "collab_project_document_category_rel",
        "project_id",
        "category_id",
        string="Library Categories",
        help="The categories the project's library offers (a project template brings its own); "
        "none: all the company's categories.",
    )

    def _compute_collab_document_count(self):
        counts = dict(
            self.env["collab.document"]._read_group([("project_id", "in", self.ids)], ["project_id"], ["__count"])
        )
        for project in self:
            project.collab_document_count = counts.get(project, 0)

    def action_open_collab_documents(self):
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        action = self.env["ir.actions.act_window"]._for_xml_id("cross_dept_collab.collab_document_action")
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id, "search_default_group_category": 1}
        action["display_name"] = _("Documents of %(project)s", project=self.name)
        return action

    def _collab_file_document(
        self, category_xmlid, name, record=None, attachment=None, raw=None, file_name=None, comment=None
    ):
        """File a document of the workflow in the project's library and return its version.

        ``category_xmlid`` names the category; the document is the project's of that ``name`` and
        category (created if the library has none); the file is ``attachment`` (copied, the
        original stays where it is) or ``raw`` bytes. ``record``: a task (the document is tagged
        with it) or any record the file comes from. A file identical to the current version is
        not filed twice: the current version is returned.

        Called by the workflow after its own checks (a submission, a distribution, the last
        sign-off): it files as the superuser, whoever completed the step; the version records who.
        """
        self.ensure_one()
        if not attachment and raw is None:
            raise UserError(_("There is no file to file in the library of %(project)s.", project=self.name))
        # sudo: the workflow files for the project whoever completed the step (a signer, an
        # organizer outside the team); the step's own checks ran before
        project = self.sudo()
        category = self.env.ref(category_xmlid)
        Document = project.env["collab.document"]
        document = Document.search(
            [("project_id", "=", project.id), ("category_id", "=", category.id), ("name", "=", name)], limit=1
        )
        tasks = record if record is not None and record._name == "project.task" else self.env["project.task"]
        if not document:
            document = Document.create(
                {
                    "name": name,
                    "project_id": project.id,
                    "category_id": category.id,
                    "task_ids": [fields.Command.set(tasks.ids)],
                }
            )
        elif tasks - document.task_ids:
            document.task_ids = [fields.Command.link(task.id) for task in tasks]
        file_name = file_name or (attachment.name if attachment else name)
        current = document.current_version_id
        checksum = attachment.checksum if attachment else current.attachment_id._compute_checksum(raw)
        if current and current.attachment_id.checksum == checksum:
            return current
        return document._collab_new_version(file_name, raw=raw, attachment=attachment, comment=comment)

    def _collab_render_pdf(self, report_xmlid, records):
        """``records`` printed with the report, in the company's language (the library's copy is
        everybody's): ``(pdf bytes, file extension)``."""
        company = self.company_id or self.env.company
        report = self.env["ir.actions.report"].sudo().with_context(lang=company._collab_lang())
        try:
            content, kind = report._render_qweb_pdf(report_xmlid, records.ids)
        except UserError:
            # no PDF engine at hand (wkhtmltopdf missing or failing): the step the filing follows
            # (a distribution, the last sign-off) must not fail for it; the page is filed instead
            _logger.warning("Filing %s as HTML: the PDF could not be rendered", report_xmlid, exc_info=True)
            content, kind = report._render_qweb_html(report_xmlid, records.ids)
        if isinstance(content, str):
            content = content.encode()
        return content, "pdf" if kind == "pdf" else "html"

    def _collab_file_charter(self):
        """The charter every department signed, filed under Plan."""
        for project in self:
            content, ext = project._collab_render_pdf("cross_dept_collab.action_report_collab_charter", project)
            project = project.with_context(lang=(project.company_id or self.env.company)._collab_lang())
            name = project.env._("Project Charter")
            project._collab_file_document(
                CATEGORY_PLAN,
                name,
                record=project,
                raw=content,
                file_name=f"{name} - {project.name}.{ext}",
                comment=project.env._("Signed by every department."),
            )
