from odoo import api, fields, models

from .collab_workflow_guard import text_to_html


class HrDepartment(models.Model):
    _inherit = "hr.department"

    collab_deputy_ids = fields.Many2many(
        "res.users",
        "hr_department_collab_deputy_rel",
        "department_id",
        "user_id",
        string="Deputies (Collaboration)",
        domain=[("share", "=", False)],
        help="Who may decide for the department besides its manager: department reviews and "
        "sign-offs are asked of them too, and decisions may be transferred to them.",
    )
    collab_approval_mode = fields.Selection(
        [("any", "Any One (或签)"), ("all", "Everyone (会签)")],
        string="Decision Mode",
        default="any",
        required=True,
        tracking=True,
        help="Any One: one review for the head and deputies, the first decision counts. "
        "Everyone: each of the head and deputies reviews, every one must approve.",
    )

    # ------------------------------------------------------------------------------------------
    # Who decides for the department: HR officers and the coordinator only, every change logged
    # (Odoo's hr lets every internal user write departments)
    # ------------------------------------------------------------------------------------------
    _collab_authority_fields = ("collab_deputy_ids", "collab_approval_mode")

    def _collab_check_authority(self, vals, departments=None):
        changed = [fname for fname in self._collab_authority_fields if fname in vals]
        if changed and not self.env.su:
            self.env["collab.responsibility"].check_manage_authority(
                self.env._("who decides for a department (deputies, decision mode)")
            )
        return changed

    def _collab_check_deputies(self):
        responsibility = self.env["collab.responsibility"]
        for department in self:
            responsibility.check_deciders(
                department.collab_deputy_ids,
                department.company_id,
                self.env._("a deputy of %(department)s", department=department.name),
            )

    @api.model_create_multi
    def create(self, vals_list):
        checked = [vals for vals in vals_list if self._collab_check_authority(vals)]
        departments = super().create(vals_list)
        if checked:
            departments.filtered("collab_deputy_ids")._collab_check_deputies()
        return departments

    def write(self, vals):
        if not self._collab_check_authority(vals):
            return super().write(vals)
        # archived users included: an archived deputy added is refused, one archived since is kept
        departments = self.with_context(active_test=False)
        before = (
            {department: department.collab_deputy_ids for department in departments}
            if "collab_deputy_ids" in vals
            else {}
        )
        result = super().write(vals)
        if before:
            changed = departments.filtered(lambda d: d.collab_deputy_ids != before[d])
            # only the deputies added are checked: one archived since stays until someone removes them
            for department in changed:
                added = department.collab_deputy_ids - before[department]
                self.env["collab.responsibility"].check_deciders(
                    added,
                    department.company_id,
                    self.env._("a deputy of %(department)s", department=department.name),
                )
            changed._collab_log_deputies(before)
        return result

    def _collab_log_deputies(self, before):
        """Many2many fields are not tracked: who changed the deputies, from whom to whom."""
        for department in self:
            old, new = before[department], department.collab_deputy_ids
            body = self.env._(
                "Deputies (Collaboration): %(old)s → %(new)s",
                old=", ".join(old.mapped("name")) or "—",
                new=", ".join(new.mapped("name")) or "—",
            )
            # sudo: the change was allowed above; the log is kept whoever may post on the department
            department.sudo().message_post(body=text_to_html(body), subtype_xmlid="mail.mt_note")
