from odoo import fields, models, tools
from odoo.tools import SQL


class CollabReportDepartmentScorecard(models.Model):
    """Per-department collaboration scorecard (an SQL view over stored figures): how fast the
    department answers reviews, how often it delivers on time, how often it passes first time."""

    _name = "collab.report.department.scorecard"
    _description = "Department Collaboration Scorecard"
    _auto = False
    _order = "department_id"

    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    approvals_decided = fields.Integer("Reviews Decided", readonly=True)
    avg_response_hours = fields.Float("Avg Review Response (h)", readonly=True, aggregator="avg")
    tasks_done = fields.Integer("Tasks Done", readonly=True)
    on_time_rate = fields.Float("On-time Delivery (%)", readonly=True, aggregator="avg")
    deliverables_judged = fields.Integer("Deliverables Judged", readonly=True)
    first_pass_rate = fields.Float("First-pass Acceptance (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %s AS (
                    SELECT d.id, d.id AS department_id, d.company_id,
                           COALESCE(a.decided, 0) AS approvals_decided, a.hours AS avg_response_hours,
                           COALESCE(t.done, 0) AS tasks_done, t.rate AS on_time_rate,
                           COALESCE(acc.judged, 0) AS deliverables_judged, acc.rate AS first_pass_rate
                      FROM hr_department d
                      LEFT JOIN (SELECT department_id, COUNT(*) AS decided, AVG(response_hours) AS hours
                                   FROM collab_approval WHERE decided_on IS NOT NULL
                                  GROUP BY department_id) a ON a.department_id = d.id
                      LEFT JOIN (SELECT collab_department_id, COUNT(*) AS done, AVG(on_time_score) AS rate
                                   FROM project_task
                                  WHERE date_done IS NOT NULL AND date_planned_end IS NOT NULL
                                    AND collab_is_phase IS NOT TRUE
                                  GROUP BY collab_department_id) t ON t.collab_department_id = d.id
                      LEFT JOIN (SELECT department_id, COUNT(*) AS judged, AVG(first_pass_score) AS rate
                                   FROM collab_acceptance WHERE round = 1 AND result != 'pending'
                                  GROUP BY department_id) acc ON acc.department_id = d.id
                     WHERE a.department_id IS NOT NULL OR t.collab_department_id IS NOT NULL
                        OR acc.department_id IS NOT NULL
                )""",
                SQL.identifier(self._table),
            )
        )
