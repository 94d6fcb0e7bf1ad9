"""collab.document: one document of a project's library (项目资料库), with all its versions."""

import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class CollabDocument(models.Model):
    """A document of a project's library: a name, a category, the tasks or phases it belongs to,
    and its versions (collab.document.version), the last of which is the one people open.

    Read by exactly those who read the project (``project_readable``: the project search run as
    the reader, under the project's own rules), written by the project's team (the record rules
    in security/collab_document_security.xml). A file is added only as a new version
    (``action_upload_version``, or a new document of the same name and category): versions are
    never rewritten.
    """

    _name = "collab.document"
    _description = "Project Document"
    _inherit = ["collab.workflow.guard", "collab.project.readable", "mail.thread"]
    _order = "project_id, category_sequence, name, id"
    # whoever reads the document may discuss it; its files change only as versions
    _mail_post_access = "read"
    _check_company_auto = True

    _collab_workflow_fields = ("project_id",)
    _collab_create_fields = ("project_id",)
    _collab_max_lengths = {"name": 256}

    name = fields.Char(required=True, index="trigram")
    project_id = fields.Many2one(
        "project.project",
        string="Project",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        # the libraries are the collaboration projects'
        domain="[('collab_request_id', '!=', False)]",
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    category_id = fields.Many2one(
        "collab.document.category",
        string="Category",
        index=True,
        ondelete="restrict",
        domain="[('id', 'in', offered_category_ids)]",
    )
    offered_category_ids = fields.Many2many(
        "collab.document.category", compute="_compute_offered_category_ids", string="Offered Categories"
    )
    category_sequence = fields.Integer(related="category_id.sequence", store=True)
    task_ids = fields.Many2many(
        "project.task",
        "collab_document_task_rel",
        "document_id",
        "task_id",
        string="Tasks / Phases",
        domain="[('project_id', '=', project_id)]",
        help="The tasks or phases (the plan's parent tasks) the document belongs to.",
    )
    version_ids = fields.One2many("collab.document.version", "document_id", string="Versions", readonly=True)
    current_version_id = fields.Many2one(
        "collab.document.version",
        string="Current Version",
        compute="_compute_current_version",
        store=True,
        index="btree_not_null",
    )
    version_number = fields.Integer(related="current_version_id.number", string="Version")
    version_count = fields.Integer("Number of Versions", compute="_compute_current_version", store=True)
    mimetype = fields.Char("Type", compute="_compute_current_version", store=True, index=True)
    datas = fields.Binary("File", related="current_version_id.datas")
    file_name = fields.Char(related="current_version_id.file_name")
    date_updated = fields.Datetime("Updated On", related="current_version_id.create_date")
    updated_by_id = fields.Many2one(related="current_version_id.create_uid", string="Updated By")
    can_upload = fields.Boolean(compute="_compute_can_upload")
    # the "New" form's file: the first version, or the next version of the document of the same
    # name and category in the project (see create)
    upload_datas = fields.Binary("File to Upload", compute="_compute_upload", readonly=False)
    upload_file_name = fields.Char("Uploaded File Name", compute="_compute_upload", readonly=False)
    upload_comment = fields.Text("Version Comment", compute="_compute_upload", readonly=False)

    @api.depends("project_id.collab_document_category_ids", "company_id")
    def _compute_offered_category_ids(self):
        """The project's library categories, else all the company's."""
        Category = self.env["collab.document.category"]
        company_categories = {}
        for document in self:
            company = document.company_id or self.env.company
            if company.id not in company_categories:
                company_categories[company.id] = Category.search(
                    ["|", ("company_id", "=", False), ("company_id", "=", company.id)]
                )
            document.offered_category_ids = (
                document.project_id.collab_document_category_ids or company_categories[company.id]
            )

    @api.depends("version_ids.number", "version_ids.attachment_id")
    def _compute_current_version(self):
        for document in self:
            current = document.version_ids.sorted("number")[-1:]
            document.current_version_id = current
            document.version_count = len(document.version_ids)
            document.mimetype = current.attachment_id.mimetype or False

    def _compute_upload(self):
        self.upload_datas = self.upload_file_name = self.upload_comment = False

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_can_upload(self):
        writable = self._filtered_access("write") if self.ids else self
        for document in self:
            document.can_upload = document in writable

    @api.constrains("task_ids", "project_id")
    def _check_tasks_of_the_project(self):
        for document in self:
            # sudo: the names of tasks the uploader may not read are not shown, only refused
            project = document.sudo().project_id
            strangers = document.sudo().task_ids.filtered(lambda t, project=project: t.project_id != project)
            if strangers:
                raise ValidationError(
                    _(
                        "%(document)s can only be tagged with tasks of its own project %(project)s.",
                        document=document.name,
                        project=project.name,
                    )
                )

    @api.depends("version_number")
    def _compute_display_name(self):
        for document in self:
            document.display_name = (
                _("%(name)s (v%(number)s)", name=document.name, number=document.version_number)
                if document.version_number
                else document.name
            )

    # ------------------------------------------------------------------------------------------
    # Uploading
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """A document comes with its first file; a file of a name and category the project's
        library already has becomes that document's next version instead of a second document."""
        uploads = []
        for vals in vals_list:
            upload = (
                vals.pop("upload_datas", None),
                vals.pop("upload_file_name", None),
                vals.pop("upload_comment", None),
            )
            if not self.env.su and not upload[0]:
                raise UserError(_("Choose the file of the document."))
            if not vals.get("name") and upload[1]:
                vals["name"] = upload[1]
            uploads.append(upload)
        existing = self._collab_same_documents(vals_list)
        new_vals = [vals for vals, same in zip(vals_list, existing, strict=True) if not same]
        try:
            created = iter(super().create(new_vals))
        except AccessError as error:
            raise AccessError(self._collab_not_in_team()) from error
        documents = self.browse()
        for vals, same, (datas, file_name, comment) in zip(vals_list, existing, uploads, strict=True):
            document = same or next(created)
            if datas:
                document._collab_upload(datas, file_name or vals.get("name"), comment)
            documents |= document
        return documents

    def write(self, vals):
        upload = (vals.pop("upload_datas", None), vals.pop("upload_file_name", None), vals.pop("upload_comment", None))
        result = super().write(vals) if vals else True
        if upload[0]:
            for document in self:
                document._collab_upload(*upload)
        return result

    def unlink(self):
        self.check_access("unlink")
        # the versions' files go with the document (the database's cascade would leave them)
        self.sudo().version_ids.unlink()  # sudo: versions are the library's; unlinking the document was allowed
        return super().unlink()

    def _collab_same_documents(self, vals_list):
        """For each values of a new document: the project's document of that name and category,
        if the library has it (else an empty record)."""
        keys = [
            (vals.get("project_id"), vals.get("category_id") or False, (vals.get("name") or "").strip())
            for vals in vals_list
        ]
        projects = {key[0] for key in keys if key[0]}
        found = {}
        if projects:
            names = list({key[2] for key in keys if key[2]})
            for document in self.search([("project_id", "in", list(projects)), ("name", "in", names)]):
                found.setdefault(
                    (document.project_id.id, document.category_id.id or False, document.name.strip()), document
                )
        return [found.get(key, self.browse()) for key in keys]

    def _collab_upload(self, datas, file_name, comment=None):
        """The current user adds a version (``datas``: base64, as the web client sends it)."""
        self._collab_records_arg(self)
        self._collab_check_team()
        comment = self._collab_text_arg(comment, _("The comment"))
        file_name = self._collab_text_arg(file_name, _("The file name")) or self.name
        if not datas:
            raise UserError(_("Choose the file of the new version of %(document)s.", document=self.name))
        try:
            raw = base64.b64decode(datas, validate=True) if isinstance(datas, (str, bytes)) else None
        except ValueError:
            raw = None
        if raw is None:
            raise UserError(_("The file of %(document)s could not be read.", document=self.name))
        # sudo: the number and the file of a version are the library's (the guard keeps them from
        # users); the caller's right to write the document was checked above
        return self.sudo()._collab_new_version(file_name, raw=raw, comment=comment)

    def _collab_check_team(self):
        """Adding a version is the project's team's (the library's write rule); who reads the
        document but is not in the team is told so."""
        self.check_access("read")
        try:
            self.check_access("write")
        except AccessError as error:
            raise AccessError(self._collab_not_in_team()) from error

    def _collab_not_in_team(self):
        # the project is not named: the caller may not even read it
        return _(
            "Only the project's team (its lead, the lead department's head, the liaisons and module owners, "
            "the task owners) and the coordinator add documents and versions to its library."
        )

    def _collab_new_version(self, file_name, raw=None, attachment=None, comment=None):
        """Version n+1 of the document, with the file ``raw`` (bytes) or a copy of ``attachment``.

        The document's row is locked (updated, see ``_collab_lock``) before the number is chosen:
        of two uploads at the same instant, the second waits, fails to serialise and is retried
        by Odoo, then reads version n+1 and takes n+2; the unique (document, number) constraint
        backs it."""
        self.ensure_one()
        self._collab_lock()
        self.env.cr.execute(
            "SELECT COALESCE(MAX(number), 0) FROM collab_document_version WHERE document_id = %s", [self.id]
        )
        number = self.env.cr.fetchone()[0] + 1
        version = self.env["collab.document.version"].create(
            {"document_id": self.id, "number": number, "file_name": file_name, "comment": comment or False}
        )
        values = {"name": file_name, "res_model": version._name, "res_id": version.id}
        if attachment:
            values.update(raw=attachment.raw, mimetype=attachment.mimetype)
        else:
            values["raw"] = raw or b""
        version.attachment_id = self.env["ir.attachment"].create(values)
        return version

    def action_upload_version(self):
        """The "Upload New Version" dialog."""
        self._collab_records_arg(self)
        self._collab_check_team()
        return {
            "type": "ir.actions.act_window",
            "name": _("Upload New Version"),
            "res_model": "collab.document.upload",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_document_id": self.id},
        }

    def action_download(self):
        self._collab_records_arg(self)
        if not self.current_version_id:
            raise UserError(_("%(document)s has no file yet.", document=self.name))
        return self.current_version_id.action_download()
