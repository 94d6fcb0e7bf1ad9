"""18.0.2.0.0 — Milestones and Task Dependencies are core's settings again.

Up to 18.0.1.x every collaboration user implied ``project.group_project_milestone`` and
``project.group_project_task_dependencies``, which switched both features on for everyone and kept
the Project settings from turning them off. Collaboration projects now set ``allow_milestones`` and
``allow_task_dependencies`` themselves; here the implication is removed the way the settings remove
one (``_remove_group``: users who get the feature from another group keep it), and the existing
collaboration projects get both flags.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    collab_user = env.ref("cross_dept_collab.group_collab_user", raise_if_not_found=False)
    if collab_user:
        for xmlid in ("project.group_project_milestone", "project.group_project_task_dependencies"):
            feature = env.ref(xmlid, raise_if_not_found=False)
            if feature:
                collab_user._remove_group(feature)
    projects = env["project.project"].with_context(active_test=False).search([("collab_request_id", "!=", False)])
    projects.write({"allow_milestones": True, "allow_task_dependencies": True})
