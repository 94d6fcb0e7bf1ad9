from odoo import _, models
from odoo.exceptions import AccessError, UserError

# Activities that ask a person for a decision: the decision is taken on the record (Approve,
# Request changes, Reject, Sign …), which closes the activity; "Mark Done" would close the to-do
# while the decision stays pending, and cancelling it would silence the decider's clock.
DECISION_ACTIVITY_TYPES = (
    "cross_dept_collab.mail_activity_type_collab_review",
    "cross_dept_collab.mail_activity_type_collab_lead_confirmation",
    "cross_dept_collab.mail_activity_type_collab_approval",
    "cross_dept_collab.mail_activity_type_collab_sponsor_approval",
    "cross_dept_collab.mail_activity_type_collab_signoff",
    "cross_dept_collab.mail_activity_type_collab_change_request",
    "cross_dept_collab.mail_activity_type_collab_acceptance",
)


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _collab_decision_activities(self):
        types = self.env["mail.activity.type"]
        for xmlid in DECISION_ACTIVITY_TYPES:
            types |= self.env.ref(xmlid, raise_if_not_found=False) or types
        return self.filtered(lambda activity: activity.activity_type_id in types)

    def _action_done(self, feedback=False, attachment_ids=None):
        if not self.env.su:
            decisions = self._collab_decision_activities()
            if decisions:
                raise UserError(
                    _(
                        "“%(activity)s” is closed by deciding: open %(record)s and use its decision buttons.",
                        activity=decisions[0].activity_type_id.name,
                        record=decisions[0].res_name or decisions[0].res_model_id.name,
                    )
                )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def unlink(self):
        if not self.env.su and not self.env.user.has_group("cross_dept_collab.group_collab_coordinator"):
            others = self._collab_decision_activities().filtered(lambda a: a.user_id != self.env.user)
            if others:
                raise AccessError(
                    _(
                        "Only %(user)s or the coordinator can cancel the activity “%(activity)s”.",
                        user=others[0].user_id.name,
                        activity=others[0].activity_type_id.name,
                    )
                )
        return super().unlink()
