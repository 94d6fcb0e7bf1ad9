from . import models, report, wizard


def uninstall_hook(env):
    """Clear what would refuse the removal of the module's data.

    Odoo removes the module's data (its activity types, its demo users) before it drops the
    models' tables, and a row still pointing at one refuses the DELETE (logged, and the record
    stays): an activity of one of the module's types — a reminder on a task, which stays, or a
    review on a request not removed yet — and a sign-off, which names its signer. Both belong to a
    workflow that leaves with the module.
    """
    type_ids = (
        env["ir.model.data"]
        .search([("module", "=", "cross_dept_collab"), ("model", "=", "mail.activity.type")])
        .mapped("res_id")
    )
    env["mail.activity"].with_context(active_test=False).search([("activity_type_id", "in", type_ids)]).unlink()
    env["collab.signoff"].with_context(active_test=False).search([]).unlink()
    # the numbering of My Approvals' rows (models/collab_my_decision.py): its table and trigger
    # function are the module's own SQL, not models Odoo knows of
    env.cr.execute("DROP FUNCTION IF EXISTS collab_my_decision_number() CASCADE")
    env.cr.execute("DROP TABLE IF EXISTS collab_my_decision_key CASCADE")
