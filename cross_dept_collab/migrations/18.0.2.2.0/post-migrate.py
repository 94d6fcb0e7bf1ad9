"""18.0.2.2.0 — the request's own decisions become decision records (``collab.request.step``).

Up to 18.0.2.1.x the PMO review, the lead confirmation and the sponsor approval were activities on
the request. Each request waiting in one of those stages without a step record of it gets one now:
asked of the user the stage activity was assigned to (without an activity, of the stage's default
decider: the company's coordinator, the lead department's manager — else the coordinator, standing
in — or the request's sponsor), asked when the request entered the stage, due at the stage's
deadline. The stage activity itself moves to the step (same activity type, same assignee, due date
and note): it is the step's decision activity from now on. Extra activities of the stage type on
the request (a second assignee) are removed: a step has one decider. Second coordination keeps its
activity on the request: it is the coordinator's stage, not a decision of the engine.

Stand-alone: plain ``create`` and SQL, never the module's methods, so that a later upgrade from an
older release still runs it. The default decider is resolved here as 18.0.2.2.0 resolved it, minus
the segregation of duties of later releases (an initiator who is the stage's decider): a request in
that case has an activity to take the decider from.
"""

import logging

from odoo import SUPERUSER_ID, api, fields

_logger = logging.getLogger(__name__)

# request state -> (step, activity type of the stage and of the step's decision)
STAGES = {
    "submitted": ("pmo_review", "cross_dept_collab.mail_activity_type_collab_review"),
    "lead_confirmation": ("lead_confirmation", "cross_dept_collab.mail_activity_type_collab_lead_confirmation"),
    "sponsor_approval": ("sponsor_approval", "cross_dept_collab.mail_activity_type_collab_sponsor_approval"),
}


def coordinator(env, company):
    """The company's coordinator, else the first active coordinator (never the superuser or OdooBot)."""
    if company.collab_coordinator_id:
        return company.collab_coordinator_id
    group = env.ref("cross_dept_collab.group_collab_coordinator")
    users = group.users.filtered(lambda u: u.active and u.id not in (SUPERUSER_ID, 1))
    return users.sorted("id")[:1]


def default_decider(env, request, step):
    """(decider, the coordinator stands in for a department without manager)"""
    if step == "pmo_review":
        return coordinator(env, request.company_id), False
    if step == "lead_confirmation":
        head = request.lead_department_id.manager_id.user_id
        if head:
            return head, False
        return coordinator(env, request.lead_department_id.company_id or request.company_id), True
    return request.sponsor_id, False


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Step = env["collab.request.step"].with_context(
        mail_create_nolog=True, mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True
    )
    Activity = env["mail.activity"]
    cr.execute("SELECT id FROM ir_model WHERE model = 'collab.request.step'")
    step_model_id = cr.fetchone()[0]
    now = fields.Datetime.now()
    moved = env["mail.activity"]
    for state, (step, activity_xmlid) in STAGES.items():
        requests = env["collab.request"].with_context(active_test=False).search([("state", "=", state)])
        requests = requests.filtered(lambda r, step=step: not r.step_ids.filtered(lambda s: s.step == step))
        if not requests:
            continue
        activity_type = env.ref(activity_xmlid, raise_if_not_found=False)
        old = Activity.browse()
        if activity_type:
            old = Activity.search(
                [
                    ("res_model", "=", "collab.request"),
                    ("res_id", "in", requests.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                order="id",
            )
        activity_of = {}
        for activity in old:
            activity_of.setdefault(activity.res_id, activity)
        for request in requests:
            activity = activity_of.get(request.id)
            fallback = False
            if activity and activity.user_id:
                decider = activity.user_id
                if step == "lead_confirmation":
                    fallback = not request.lead_department_id.manager_id.user_id
            else:
                decider, fallback = default_decider(env, request, step)
            record = Step.create(
                {
                    "request_id": request.id,
                    "step": step,
                    "user_id": decider.id,
                    "is_fallback_decider": fallback,
                    "date_asked": request.date_stage or (activity and activity.create_date) or now,
                    "deadline": request.stage_deadline,
                }
            )
            if activity:
                cr.execute(
                    """
                    UPDATE mail_activity
                       SET res_model = 'collab.request.step', res_model_id = %s, res_id = %s,
                           activity_type_id = %s, user_id = %s
                     WHERE id = %s
                    """,
                    [step_model_id, record.id, activity_type.id, decider.id, activity.id],
                )
                moved |= activity
        # a step has one decider: the stage's other activities on the request go
        (old - moved).unlink()
        _logger.info("cross_dept_collab: %s request(s) in %s got their %s step", len(requests), state, step)
    if moved:
        # the activities' stored document name is the step's now
        env.invalidate_all()
        moved = moved.browse(moved.ids)
        moved.fetch(["res_name"])
        env.add_to_compute(moved._fields["res_name"], moved)
        moved.flush_recordset(["res_name"])
