from odoo import models


class CollabWorkflowGuard(models.AbstractModel):
    """Activities follow the state: one idempotent reconciler for every workflow model (in the
    spirit of ``hr.leave.activity_update``). A model declares the activity types its state manages
    and, in ``_collab_expected_activities``, who is expected to act now; after a transition,
    ``_collab_sync_activities()`` schedules what is missing — in the assignee's language — and
    closes or removes what nobody is expected to do any more. Nothing else schedules or closes
    these activities. (The decision engine extends it for the decision's own activity type.)"""

    _inherit = "collab.workflow.guard"

    # the activity types (xml ids) whose open activities on the record follow its state
    _collab_state_activity_types = ()
    # of those, the ones marked done — not removed — once nobody is expected to act on them
    _collab_done_activity_types = ()

    def _collab_expected_activities(self):
        """The activities this record must carry now: ``[(type xml id, user, values)]``.
        ``values`` are those of ``activity_schedule``; a callable value is called with the
        assignee's environment (``env._(…)`` writes it in their language); ``date_deadline``
        defaults to the record's company's today."""
        return []

    def _collab_sync_activities(self, feedback=None):
        """Make the record's open activities of ``_collab_state_activity_types`` match
        ``_collab_expected_activities()`` (running it twice changes nothing). Missing ones are
        scheduled; those nobody expects any more are done — with ``feedback`` when the transition
        was decided with a text, or when their type is one of ``_collab_done_activity_types`` —
        else removed."""
        if not self._collab_state_activity_types:
            return
        ActivityType = self.env["mail.activity.type"]
        managed = ActivityType.browse([self.env.ref(xmlid).id for xmlid in self._collab_state_activity_types])
        done_types = ActivityType.browse([self.env.ref(xmlid).id for xmlid in self._collab_done_activity_types])
        # sudo: the activities are assigned to whoever must act (deciders, owners, the initiator),
        # whoever moved the record; the action's own checks established that the caller may
        for record in self.sudo():
            open_ones = record.activity_ids.filtered(lambda a, m=managed: a.activity_type_id in m)
            kept = self.env["mail.activity"]
            for xmlid, user, values in record._collab_expected_activities():
                activity_type = self.env.ref(xmlid)
                existing = open_ones.filtered(
                    lambda a, t=activity_type, u=user: a.activity_type_id == t and a.user_id == u
                )
                if existing:
                    kept |= existing[:1]
                    continue
                local = record.with_context(lang=user.lang or "en_US")
                rendered = {key: value(local.env) if callable(value) else value for key, value in values.items()}
                rendered.setdefault("date_deadline", record._collab_today())
                record._collab_activity_for(user, xmlid, **rendered)
            stale = open_ones - kept
            done = stale if feedback else stale.filtered(lambda a: a.activity_type_id in done_types)
            done.action_feedback(feedback=feedback or False)
            (stale - done).unlink()
