"""18.0.2.7.0 — approval flows: the standard flow's first version is frozen, and every request in
flight follows it from where it stands (the steps before its current one done, its current one
current, the ones after it to come)."""

import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.cross_dept_collab.models.collab_request import UNDER_REVIEW_STATES

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["collab.flow"]._collab_freeze_default()
    requests = env["collab.request"].search([("state", "in", UNDER_REVIEW_STATES), ("flow_version_id", "=", False)])
    requests._collab_migrate_to_flow()
    _logger.info("%s requests in flight follow the standard approval flow", len(requests))
