from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

# kind -> (code in the id, model); the id of a row is (res_id * 2**20 + user_id) * 8 + code:
# stable (the batch dialog refers to rows by id) and unique per decider, within 2**53
KINDS = {
    "department_review": (1, "collab.approval"),
    "signoff": (2, "collab.signoff"),
    "acceptance": (3, "collab.acceptance"),
    "change_request": (4, "collab.change.request"),
    "pmo_review": (5, "collab.request"),
    "lead_confirmation": (6, "collab.request"),
    "sponsor_approval": (7, "collab.request"),
}


class CollabMyDecision(models.Model):
    """Every decision waiting for someone, across kinds (an SQL view): "My Approvals".

    Department reviews, charter and plan sign-offs, acceptances, change requests and the
    request's own stages (PMO review, lead confirmation, sponsor approval). Each row names the
    decider (``user_id``); the record rule shows a user their own rows (the coordinator all).
    """

    _name = "collab.my.decision"
    _description = "Pending Collaboration Decision"
    _auto = False
    _order = "deadline asc nulls last, date_asked asc, id"
    # what the view reads: flushed (and recomputed) before it is queried
    _depends = {
        "collab.approval": ["state", "approver_id", "round", "request_id", "deadline", "date_asked", "company_id"],
        "collab.signoff": ["state", "active", "user_id", "project_id", "deadline", "date_asked"],
        "collab.acceptance": ["result", "acceptor_ids", "project_id", "deadline", "date_asked", "company_id"],
        "collab.change.request": ["state", "approver_id", "project_id", "deadline", "date_asked", "company_id"],
        "collab.request": [
            "state",
            "review_round",
            "waiting_on_ids",
            "stage_deadline",
            "date_stage",
            "project_id",
            "company_id",
        ],
        "project.project": ["collab_request_id", "company_id"],
    }

    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference("Document", model_field="res_model", readonly=True)
    kind = fields.Selection(
        [
            ("department_review", "Department review"),
            ("signoff", "Sign-off"),
            ("acceptance", "Acceptance"),
            ("change_request", "Change request"),
            ("pmo_review", "PMO review"),
            ("lead_confirmation", "Lead confirmation"),
            ("sponsor_approval", "Sponsor approval"),
        ],
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Decider", readonly=True)
    deadline = fields.Datetime(readonly=True)
    date_asked = fields.Datetime("Asked On", readonly=True)
    request_id = fields.Many2one("collab.request", string="Request", readonly=True)
    project_id = fields.Many2one("project.project", string="Project", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    name = fields.Char("Decision", compute="_compute_name")
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        codes = {kind: code for kind, (code, _model) in KINDS.items()}
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %(view)s AS (
                    SELECT ((a.id::bigint * 1048576 + a.approver_id) * 8 + %(review)s) AS id,
                           'collab.approval'::varchar AS res_model, a.id AS res_id,
                           'department_review'::varchar AS kind, a.approver_id AS user_id,
                           a.deadline, a.date_asked, a.request_id, r.project_id, a.company_id
                      FROM collab_approval a
                      JOIN collab_request r ON r.id = a.request_id
                     WHERE a.state = 'pending' AND a.approver_id IS NOT NULL AND a.round = r.review_round
                       AND r.state IN ('department_review', 'second_coordination')
                    UNION ALL
                    SELECT ((s.id::bigint * 1048576 + s.user_id) * 8 + %(signoff)s),
                           'collab.signoff', s.id, 'signoff', s.user_id,
                           s.deadline, s.date_asked, p.collab_request_id, s.project_id, p.company_id
                      FROM collab_signoff s
                      JOIN project_project p ON p.id = s.project_id
                     WHERE s.state = 'pending' AND s.active
                    UNION ALL
                    SELECT ((c.id::bigint * 1048576 + rel.user_id) * 8 + %(acceptance)s),
                           'collab.acceptance', c.id, 'acceptance', rel.user_id,
                           c.deadline, c.date_asked, p.collab_request_id, c.project_id, c.company_id
                      FROM collab_acceptance c
                      JOIN collab_acceptance_acceptor_rel rel ON rel.acceptance_id = c.id
                      LEFT JOIN project_project p ON p.id = c.project_id
                     WHERE c.result = 'pending'
                    UNION ALL
                    SELECT ((c.id::bigint * 1048576 + c.approver_id) * 8 + %(change)s),
                           'collab.change.request', c.id, 'change_request', c.approver_id,
                           c.deadline, c.date_asked, p.collab_request_id, c.project_id, c.company_id
                      FROM collab_change_request c
                      JOIN project_project p ON p.id = c.project_id
                     WHERE c.state = 'submitted' AND c.approver_id IS NOT NULL
                    UNION ALL
                    SELECT ((r.id::bigint * 1048576 + w.user_id) * 8
                            + CASE r.state WHEN 'lead_confirmation' THEN %(lead)s
                                           WHEN 'sponsor_approval' THEN %(sponsor)s ELSE %(pmo)s END),
                           'collab.request', r.id,
                           CASE r.state WHEN 'lead_confirmation' THEN 'lead_confirmation'
                                        WHEN 'sponsor_approval' THEN 'sponsor_approval' ELSE 'pmo_review' END,
                           w.user_id, r.stage_deadline, r.date_stage, r.id, r.project_id, r.company_id
                      FROM collab_request r
                      JOIN collab_request_waiting_user_rel w ON w.request_id = r.id
                     WHERE r.state IN ('submitted', 'second_coordination', 'lead_confirmation', 'sponsor_approval')
                )""",
                view=SQL.identifier(self._table),
                review=codes["department_review"],
                signoff=codes["signoff"],
                acceptance=codes["acceptance"],
                change=codes["change_request"],
                lead=codes["lead_confirmation"],
                sponsor=codes["sponsor_approval"],
                pmo=codes["pmo_review"],
            )
        )

    @api.depends("res_model", "res_id")
    def _compute_name(self):
        for record in self:
            record.name = False
        for model, rows in self.grouped("res_model").items():
            if model not in self.env:
                continue
            # one browse per model; a row is only shown to its decider, who may read the document
            documents = self.env[model].browse(rows.mapped("res_id")).exists()
            names = {document.id: document.display_name for document in documents}
            for row in rows:
                row.name = names.get(row.res_id, False)

    @api.depends("deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for record in self:
            record.is_overdue = bool(record.deadline and record.deadline < now)

    def _document(self):
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id)

    def action_open_document(self):
        """Open the decision's own record (review, sign-off, acceptance, change request, request)."""
        self.ensure_one()
        if self.res_model not in {model for _code, model in KINDS.values()}:
            raise UserError(_("This decision cannot be opened."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_open_batch(self):
        """Approve the selected decisions with one comment (the batch dialog)."""
        return {
            "type": "ir.actions.act_window",
            "name": _("Approve Selected"),
            "res_model": "collab.decision.batch",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_decision_refs": self.ids},
        }
