from odoo import models


class ReportCollabDossierDocuments(models.AbstractModel):
    """The dossier lists the project's library: each document with its current version."""

    _inherit = "report.cross_dept_collab.report_collab_dossier"

    def _dossier(self, request):
        dossier = super()._dossier(request)
        project = dossier["project"]
        dossier["documents"] = (
            request.env["collab.document"].search([("project_id", "=", project.id)]) if project else []
        )
        return dossier
