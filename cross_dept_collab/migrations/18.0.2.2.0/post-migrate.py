"""18.0.2.2.0 — the request's own decisions become decision records (``collab.request.step``).

Up to 18.0.2.0.x the PMO review, the lead confirmation and the sponsor approval were activities on
the request. Requests waiting in one of those stages get their step record now — asked of the same
decider the stage activity named, with the stage's deadline — and the old stage activity is removed
(the step asks its decider with an activity of its own). Second coordination keeps its activity on
the request: it is the coordinator's stage, not a decision of the engine.
"""

from odoo import SUPERUSER_ID, api

STAGES = {
    "submitted": ("pmo_review", "cross_dept_collab.mail_activity_type_collab_review"),
    "lead_confirmation": ("lead_confirmation", "cross_dept_collab.mail_activity_type_collab_lead_confirmation"),
    "sponsor_approval": ("sponsor_approval", "cross_dept_collab.mail_activity_type_collab_sponsor_approval"),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Step = env["collab.request.step"]
    for state, (step, activity_xmlid) in STAGES.items():
        requests = env["collab.request"].search([("state", "=", state)])
        requests = requests.filtered(lambda r, step=step: not r.step_ids.filtered(lambda s: s.step == step))
        if not requests:
            continue
        activity_type = env.ref(activity_xmlid, raise_if_not_found=False)
        old = requests.activity_ids.filtered(lambda a, t=activity_type: a.activity_type_id == t)
        asked_of = {activity.res_id: activity.user_id for activity in old}
        old.unlink()
        steps = Step._ask(requests, step)
        for record in steps:
            request = record.request_id
            values = {}
            if request.stage_deadline:
                values["deadline"] = request.stage_deadline
            holder = asked_of.get(request.id)
            if holder and holder != record.user_id:
                record._decision_replace_decider(record.user_id, holder, ask=True)
            if values:
                record.write(values)
