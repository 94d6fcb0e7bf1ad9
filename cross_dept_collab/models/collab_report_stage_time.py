from odoo import fields, models, tools
from odoo.tools import SQL


class CollabReportStageTime(models.Model):
    """How long requests stay in each stage, from the decision log (an SQL view)."""

    _name = "collab.report.stage.time"
    _description = "Collaboration Request Stage Lead Time"
    _auto = False
    _order = "date_start desc"

    request_id = fields.Many2one("collab.request", readonly=True)
    request_type = fields.Selection(related="request_id.request_type", readonly=True)
    initiating_department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    stage = fields.Selection(
        selection=lambda self: self.env["collab.request"]._fields["state"]._description_selection(self.env),
        readonly=True,
    )
    flow_step_id = fields.Many2one("collab.flow.step", string="Flow Step", readonly=True)
    date_start = fields.Datetime(readonly=True)
    date_end = fields.Datetime(readonly=True)
    hours = fields.Float("Lead Time (h)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %s AS (
                    SELECT d.id, d.request_id, r.initiating_department_id, r.company_id,
                           d.state_to AS stage, d.flow_step_id, d.date AS date_start, d.next_date AS date_end,
                           EXTRACT(EPOCH FROM d.next_date - d.date) / 3600.0 AS hours
                      FROM (SELECT id, request_id, state_to, flow_step_id, date,
                                   LEAD(date) OVER (PARTITION BY request_id ORDER BY date, id) AS next_date
                              FROM collab_request_decision) d
                      JOIN collab_request r ON r.id = d.request_id
                     WHERE d.next_date IS NOT NULL
                )""",
                SQL.identifier(self._table),
            )
        )
