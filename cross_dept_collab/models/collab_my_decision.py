from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

# kind -> (code, model). A row is one (kind code, decision, user); its id comes from the table
# ``collab_my_decision_key`` below: a serial number given once to each such triple — stable (the
# batch dialog refers to rows by id), unique, and within 32 bits whatever the records' ids, so
# every client (XML-RPC included) can read My Approvals.
KINDS = {
    "added_change_approval": (0, "collab.change.request.cosign"),
    "department_review": (1, "collab.approval"),
    "signoff": (2, "collab.signoff"),
    "acceptance": (3, "collab.acceptance"),
    "change_request": (4, "collab.change.request"),
    "pmo_review": (5, "collab.request.step"),
    "lead_confirmation": (6, "collab.request.step"),
    "sponsor_approval": (7, "collab.request.step"),
    "resource_request": (8, "collab.resource.request"),
    "extra_review": (9, "collab.request.step"),
}


class CollabMyDecision(models.Model):
    """Every decision waiting for someone, across kinds (an SQL view): "My Approvals".

    Department reviews, charter and plan sign-offs, acceptances, change requests and the
    request's own decisions (``collab.request.step``: PMO review, lead confirmation, sponsor
    approval). Each row names a user who may decide (``user_id``): the decider, a 或签 co-decider
    (a department deputy in "any one" mode) and the delegate of any of them while a delegation is
    in effect; the record rule shows a user their own rows (the coordinator all).
    """

    _name = "collab.my.decision"
    _description = "Pending Collaboration Decision"
    _auto = False
    _order = "deadline asc nulls last, date_asked asc, id"
    # what the view reads: flushed (and recomputed) before it is queried
    _depends = {
        "collab.approval": [
            "state",
            "approver_id",
            "co_decider_ids",
            "round",
            "request_id",
            "deadline",
            "date_asked",
            "company_id",
        ],
        "collab.signoff": ["state", "active", "user_id", "project_id", "deadline", "date_asked"],
        "collab.acceptance": ["result", "acceptor_ids", "project_id", "deadline", "date_asked", "company_id"],
        "collab.change.request": ["state", "approver_id", "project_id", "deadline", "date_asked", "company_id"],
        "collab.change.request.cosign": ["state", "user_id", "change_request_id", "deadline", "date_asked"],
        "collab.request.step": ["state", "step", "user_id", "request_id", "deadline", "date_asked", "company_id"],
        "collab.resource.request": ["state", "user_id", "project_id", "deadline", "date_asked", "company_id"],
        "collab.request": ["state", "review_round", "project_id"],
        "collab.delegation": ["user_id", "delegate_id", "date_start", "date_end", "active"],
        "project.project": ["collab_request_id", "company_id"],
        "res.company": ["resource_calendar_id"],
        "resource.calendar": ["tz"],
    }

    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference("Document", model_field="res_model", readonly=True)
    kind = fields.Selection(
        [
            ("department_review", "Department review"),
            ("signoff", "Sign-off"),
            ("acceptance", "Acceptance"),
            ("change_request", "Change request"),
            ("added_change_approval", "Change request (added approver)"),
            ("pmo_review", "PMO review"),
            ("lead_confirmation", "Lead confirmation"),
            ("sponsor_approval", "Sponsor approval"),
            ("resource_request", "Resource request"),
            ("extra_review", "Flow review"),
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
        self._init_keys(codes)
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %(view)s AS (
                WITH asked AS (
                    SELECT 'collab.approval'::varchar AS res_model, a.id AS res_id,
                           'department_review'::varchar AS kind, %(review)s AS code, u.user_id,
                           a.deadline, a.date_asked, a.request_id, r.project_id, a.company_id
                      FROM collab_approval a
                      JOIN collab_request r ON r.id = a.request_id
                      -- the approver and, 或签, the co-deciders (the department's deputies)
                      JOIN LATERAL (
                            SELECT a.approver_id AS user_id
                             UNION
                            SELECT rel.user_id FROM collab_approval_co_decider_rel rel WHERE rel.approval_id = a.id
                      ) u ON u.user_id IS NOT NULL
                     WHERE a.state = 'pending' AND a.round = r.review_round
                       AND r.state IN ('department_review', 'second_coordination')
                    UNION ALL
                    SELECT 'collab.signoff', s.id, 'signoff', %(signoff)s, s.user_id,
                           s.deadline, s.date_asked, p.collab_request_id, s.project_id, p.company_id
                      FROM collab_signoff s
                      JOIN project_project p ON p.id = s.project_id
                     WHERE s.state = 'pending' AND s.active
                    UNION ALL
                    SELECT 'collab.acceptance', c.id, 'acceptance', %(acceptance)s, rel.user_id,
                           c.deadline, c.date_asked, p.collab_request_id, c.project_id, c.company_id
                      FROM collab_acceptance c
                      JOIN collab_acceptance_acceptor_rel rel ON rel.acceptance_id = c.id
                      LEFT JOIN project_project p ON p.id = c.project_id
                     WHERE c.result = 'pending'
                    UNION ALL
                    SELECT 'collab.change.request', c.id, 'change_request', %(change)s, c.approver_id,
                           c.deadline, c.date_asked, p.collab_request_id, c.project_id, c.company_id
                      FROM collab_change_request c
                      JOIN project_project p ON p.id = c.project_id
                     WHERE c.state = 'submitted' AND c.approver_id IS NOT NULL
                    UNION ALL
                    SELECT 'collab.change.request.cosign', g.id, 'added_change_approval', %(cosign)s, g.user_id,
                           g.deadline, g.date_asked, p.collab_request_id, c.project_id, c.company_id
                      FROM collab_change_request_cosign g
                      JOIN collab_change_request c ON c.id = g.change_request_id
                      JOIN project_project p ON p.id = c.project_id
                     WHERE g.state = 'pending' AND c.state IN ('submitted', 'approved')
                       AND (g.add_mode IS DISTINCT FROM 'after' OR c.state = 'approved')
                    UNION ALL
                    SELECT 'collab.request.step', t.id, t.step,
                           CASE t.step WHEN 'lead_confirmation' THEN %(lead)s
                                       WHEN 'sponsor_approval' THEN %(sponsor)s
                                       WHEN 'extra_review' THEN %(extra)s ELSE %(pmo)s END,
                           t.user_id, t.deadline, t.date_asked, t.request_id, r.project_id, t.company_id
                      FROM collab_request_step t
                      JOIN collab_request r ON r.id = t.request_id
                     WHERE t.state = 'pending' AND t.user_id IS NOT NULL
                       AND r.state = CASE t.step WHEN 'pmo_review' THEN 'submitted' ELSE t.step END
                    UNION ALL
                    SELECT 'collab.resource.request', q.id, 'resource_request', %(resource)s, q.user_id,
                           q.deadline, q.date_asked, p.collab_request_id, q.project_id, q.company_id
                      FROM collab_resource_request q
                      JOIN project_project p ON p.id = q.project_id
                     WHERE q.state = 'pending' AND q.user_id IS NOT NULL
                ), deciders AS (
                    SELECT * FROM asked
                    UNION
                    -- 代理: the delegate of a decider while the delegation is in effect (one hop: the
                    -- engine moves pending decisions along chains when delegations start), on the
                    -- company's day (its working calendar's time zone), not the server's UTC date
                    SELECT a.res_model, a.res_id, a.kind, a.code, d.delegate_id,
                           a.deadline, a.date_asked, a.request_id, a.project_id, a.company_id
                      FROM asked a
                      LEFT JOIN res_company dc ON dc.id = a.company_id
                      LEFT JOIN resource_calendar dcal ON dcal.id = dc.resource_calendar_id
                      CROSS JOIN LATERAL (
                            SELECT (now() AT TIME ZONE COALESCE(dcal.tz, 'UTC'))::date AS today
                      ) day
                      JOIN collab_delegation d ON d.user_id = a.user_id AND d.active
                       AND d.date_start <= day.today AND d.date_end >= day.today
                )
                SELECT k.id, d.res_model, d.res_id, d.kind, d.user_id, d.deadline, d.date_asked, d.request_id,
                       d.project_id, d.company_id
                  FROM deciders d
                  JOIN collab_my_decision_key k ON k.code = d.code AND k.res_id = d.res_id AND k.user_id = d.user_id
                )""",
                view=SQL.identifier(self._table),
                review=codes["department_review"],
                signoff=codes["signoff"],
                acceptance=codes["acceptance"],
                change=codes["change_request"],
                cosign=codes["added_change_approval"],
                lead=codes["lead_confirmation"],
                sponsor=codes["sponsor_approval"],
                extra=codes["extra_review"],
                pmo=codes["pmo_review"],
                resource=codes["resource_request"],
            )
        )

    def _init_keys(self, codes):
        """The ids of the rows: ``collab_my_decision_key`` numbers each (code, decision, user) that
        may become a row. The database keeps it: after any statement that may ask someone a
        decision (a pending decision written, a co-decider or acceptor added, a delegation
        written), a trigger numbers the new triples of a superset of the view — every pending
        decision's deciders and the delegates of any active delegation, whatever its dates, so
        that a delegation coming into effect at midnight needs no write. Numbers are never
        reused; a triple that is no longer pending keeps its number for when it comes back."""
        cr = self.env.cr
        cr.execute(
            """CREATE TABLE IF NOT EXISTS collab_my_decision_key (
                   id serial PRIMARY KEY,
                   code integer NOT NULL,
                   res_id integer NOT NULL,
                   user_id integer NOT NULL,
                   UNIQUE (code, res_id, user_id)
               )"""
        )
        candidates = SQL(
            """
            WITH pending AS (
                SELECT %(review)s AS code, a.id AS res_id, a.approver_id AS user_id
                  FROM collab_approval a WHERE a.state = 'pending' AND a.approver_id IS NOT NULL
                UNION
                SELECT %(review)s, rel.approval_id, rel.user_id
                  FROM collab_approval_co_decider_rel rel
                  JOIN collab_approval a ON a.id = rel.approval_id AND a.state = 'pending'
                UNION
                SELECT %(signoff)s, s.id, s.user_id FROM collab_signoff s WHERE s.state = 'pending'
                UNION
                SELECT %(acceptance)s, rel.acceptance_id, rel.user_id
                  FROM collab_acceptance_acceptor_rel rel
                  JOIN collab_acceptance c ON c.id = rel.acceptance_id AND c.result = 'pending'
                UNION
                SELECT %(change)s, c.id, c.approver_id
                  FROM collab_change_request c WHERE c.state = 'submitted' AND c.approver_id IS NOT NULL
                UNION
                SELECT %(cosign)s, g.id, g.user_id FROM collab_change_request_cosign g WHERE g.state = 'pending'
                UNION
                SELECT CASE t.step WHEN 'lead_confirmation' THEN %(lead)s
                                   WHEN 'sponsor_approval' THEN %(sponsor)s
                                       WHEN 'extra_review' THEN %(extra)s ELSE %(pmo)s END, t.id, t.user_id
                  FROM collab_request_step t WHERE t.state = 'pending' AND t.user_id IS NOT NULL
                UNION
                SELECT %(resource)s, q.id, q.user_id
                  FROM collab_resource_request q WHERE q.state = 'pending' AND q.user_id IS NOT NULL
            )
            SELECT code, res_id, user_id FROM pending
             UNION
            SELECT p.code, p.res_id, d.delegate_id
              FROM pending p JOIN collab_delegation d ON d.user_id = p.user_id AND d.active
             WHERE d.delegate_id IS NOT NULL
            """,
            review=codes["department_review"],
            signoff=codes["signoff"],
            acceptance=codes["acceptance"],
            change=codes["change_request"],
            cosign=codes["added_change_approval"],
            lead=codes["lead_confirmation"],
            sponsor=codes["sponsor_approval"],
            extra=codes["extra_review"],
            pmo=codes["pmo_review"],
            resource=codes["resource_request"],
        )
        # numbered in one order: two transactions numbering the same triples wait, never deadlock
        numbering = SQL(
            """INSERT INTO collab_my_decision_key (code, res_id, user_id)
               SELECT code, res_id, user_id FROM (%s) candidates ORDER BY code, res_id, user_id
               ON CONFLICT DO NOTHING""",
            candidates,
        )
        cr.execute(
            SQL(
                """CREATE OR REPLACE FUNCTION collab_my_decision_number() RETURNS trigger
                   LANGUAGE plpgsql AS $body$
                   BEGIN
                       %s;
                       RETURN NULL;
                   END
                   $body$""",
                numbering,
            )
        )
        # the statements that may ask someone a decision (the columns the superset reads)
        watched = {
            "collab_approval": "INSERT OR UPDATE OF state, approver_id",
            "collab_approval_co_decider_rel": "INSERT",
            "collab_signoff": "INSERT OR UPDATE OF state, user_id",
            "collab_acceptance": "INSERT OR UPDATE OF result",
            "collab_acceptance_acceptor_rel": "INSERT",
            "collab_change_request": "INSERT OR UPDATE OF state, approver_id",
            "collab_change_request_cosign": "INSERT OR UPDATE OF state, user_id",
            "collab_request_step": "INSERT OR UPDATE OF state, user_id",
            "collab_resource_request": "INSERT OR UPDATE OF state, user_id",
            "collab_delegation": "INSERT OR UPDATE OF user_id, delegate_id, active",
        }
        for table, events in watched.items():
            cr.execute(SQL("DROP TRIGGER IF EXISTS collab_my_decision_number ON %s", SQL.identifier(table)))
            cr.execute(
                SQL(
                    "CREATE TRIGGER collab_my_decision_number AFTER %s ON %s "
                    "FOR EACH STATEMENT EXECUTE FUNCTION collab_my_decision_number()",
                    SQL(events),
                    SQL.identifier(table),
                )
            )
        # the decisions pending already (installing, upgrading)
        cr.execute(numbering)

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
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        if self.res_model not in {model for _code, model in KINDS.values()}:
            raise UserError(_("This decision cannot be opened."))
        return self.env["collab.workflow.guard"]._collab_form_action(self._document())

    @api.model
    def action_landing(self):
        """The Collaboration app's first screen (its root menu, the first app after login): what
        the user must do. My Approvals when a decision waits for them (a head's reviews, the
        sponsor's approvals, the coordinator's PMO reviews); otherwise the coordinator's open
        requests; a project lead whose plan is not signed yet, their projects; a task owner, all
        their open tasks (My Follow-ups without its "needs attention" filter: a task starting next
        month is theirs too); everyone else their own requests, whose empty page points to "New"."""
        uid = self.env.uid
        context = None
        if self.search_count([("user_id", "=", uid)], limit=1):
            xmlid = "cross_dept_collab.collab_my_decision_action"
        elif self.env.user.has_group("cross_dept_collab.group_collab_coordinator"):
            xmlid = "cross_dept_collab.collab_request_action"
        elif self.env["project.project"].search_count(
            [("user_id", "=", uid), ("collab_request_id", "!=", False), ("plan_state", "!=", "confirmed")], limit=1
        ):
            xmlid = "cross_dept_collab.project_project_action_collab"
        elif self.env["project.task"].search_count(
            [
                ("user_ids", "in", uid),
                ("collab_request_id", "!=", False),
                ("state", "not in", ("1_done", "1_canceled")),
            ],
            limit=1,
        ):
            xmlid, context = "cross_dept_collab.project_task_action_follow_ups", {}
        else:
            xmlid = "cross_dept_collab.collab_request_action_mine"
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if context is not None:
            action["context"] = context
        return action

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
