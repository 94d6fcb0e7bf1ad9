"""An approval flow a company configures (审批流): the ordered steps a request goes through, with
their conditions, approver rules and time limits, and the flow's rules for awkward approvers.

A flow is edited freely by the coordinator. The first time it is used after an edit
(``_collab_current_version``) a frozen copy is taken — a *version*, readonly for everybody — and a
request keeps that version: later edits never change the path of a request in flight.
"""

import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .collab_request import REQUEST_TYPES

# the definition of a flow: what a version freezes (and what its hash covers)
FLOW_DEFINITION_FIELDS = ("request_type", "empty_approver", "initiator_approver", "repeat_approver", "resubmit_mode")
STEP_DEFINITION_FIELDS = (
    "sequence",
    "name",
    "kind",
    "branch",
    "priority",
    "is_default",
    "condition",
    "approver_rule",
    "user_ids",
    "group_id",
    "department_id",
    "levels",
    "job_id",
    "mode",
    "minimum",
    "time_limit_hours",
    "limit_action",
)
DEFAULT_FLOW = "cross_dept_collab.collab_flow_default"


class CollabFlow(models.Model):
    _name = "collab.flow"
    _description = "Approval Flow"
    _inherit = ["collab.workflow.guard"]
    _order = "sequence, id"

    # the version fields belong to the module; a frozen version is edited by nobody
    _collab_workflow_fields = ("version", "version_of_id", "definition_hash", "current_version_id")
    _collab_state_field = "flow_state"
    _collab_edit_states = ("live",)

    name = fields.Char("Flow", required=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="The company whose requests follow this flow; empty: every company.",
    )
    request_type = fields.Selection(
        REQUEST_TYPES,
        string="Request Type",
        index=True,
        help="The requests of this type follow this flow; empty: requests of every type.",
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10,
        help="Several flows fit a request: the first one (lowest sequence) of its company and type applies, "
        "else the first one for every type, else the shipped standard flow.",
    )
    step_ids = fields.One2many("collab.flow.step", "flow_id", string="Steps", copy=True)
    empty_approver = fields.Selection(
        [("coordinator", "The coordinator decides"), ("skip", "Skip the step")],
        string="Nobody to Decide",
        default="coordinator",
        required=True,
        help="When a step's rule finds nobody (no manager, an empty group…).",
    )
    initiator_approver = fields.Selection(
        [
            ("segregation", "As the company's self-approval setting says"),
            ("next_level", "Always the next level"),
        ],
        string="Initiator Would Decide",
        default="segregation",
        required=True,
        help="When a step's rule finds the request's own initiator: the next level decides (their manager for "
        "manager rules, else the department's head, else the coordinator) — or, per the company's setting, "
        "the initiator decides when the company allows self-approval.",
    )
    repeat_approver = fields.Selection(
        [("once", "Decides once"), ("each", "Decides at each step")],
        string="Same Deciders Twice in a Row",
        default="once",
        required=True,
        help="The same deciders in consecutive steps: they decide once and the later step is approved with a note "
        '"approved at step X" — or they decide at each step. A department\'s review is always decided.',
    )
    resubmit_mode = fields.Selection(
        [
            ("rerun_from_target", "Run every step after the returned-to step again"),
            ("to_returning_step", "Go straight back to the step that returned it"),
        ],
        string="After a Return",
        default="rerun_from_target",
        required=True,
        help="A decider returns the request to an earlier step: how the resubmission flows.",
    )
    # versions: frozen copies taken when the flow is used after an edit
    flow_state = fields.Selection(
        [("live", "Editable"), ("frozen", "Frozen version")],
        string="Status",
        compute="_compute_flow_state",
        store=True,
    )
    version = fields.Integer(readonly=True, copy=False, help="The number of this frozen version of the flow.")
    version_of_id = fields.Many2one(
        "collab.flow",
        string="Version Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="cascade",
        help="The flow this frozen version was taken from.",
    )
    version_ids = fields.One2many("collab.flow", "version_of_id", string="Versions", readonly=True)
    current_version_id = fields.Many2one(
        "collab.flow", string="Current Version", readonly=True, copy=False, ondelete="set null"
    )
    definition_hash = fields.Char(readonly=True, copy=False)

    @api.depends("version_of_id")
    def _compute_flow_state(self):
        for flow in self:
            flow.flow_state = "frozen" if flow.version_of_id else "live"

    @api.depends("name", "version")
    def _compute_display_name(self):
        for flow in self:
            flow.display_name = (
                self.env._("%(flow)s (version %(version)s)", flow=flow.name, version=flow.version)
                if flow.version_of_id
                else flow.name
            )

    # ------------------------------------------------------------------------------------------
    # Which flow a request follows
    # ------------------------------------------------------------------------------------------
    @api.model
    def _collab_flow_for(self, request):
        """The live flow ``request`` follows: the first active flow of its company (or of every
        company) for its type, else one for every type, else the shipped standard flow."""
        # sudo: the flow is chosen for the request's workflow, whoever submits it
        flows = self.sudo().search(
            [
                ("version_of_id", "=", False),
                ("company_id", "in", [request.company_id.id, False]),
                ("request_type", "in", [request.request_type, False]),
            ]
        )
        if flows:
            return flows.sorted(lambda f: (not f.request_type, not f.company_id, f.sequence, f.id))[:1].with_env(
                self.env
            )
        default = self.env.ref(DEFAULT_FLOW, raise_if_not_found=False)
        if not default:
            raise UserError(self.env._("There is no approval flow for requests: the standard flow was deleted."))
        return default

    # ------------------------------------------------------------------------------------------
    # Versions
    # ------------------------------------------------------------------------------------------
    def _collab_definition(self):
        """The flow's definition as plain data (rules and steps), in a stable order."""
        self.ensure_one()
        steps = []
        for step in self.step_ids.sorted(lambda s: (s.sequence, s.id)):
            values = {}
            for fname in STEP_DEFINITION_FIELDS:
                value = step[fname]
                if isinstance(value, models.BaseModel):
                    value = sorted(value.ids)
                values[fname] = value
            steps.append(values)
        return {"flow": {fname: self[fname] for fname in FLOW_DEFINITION_FIELDS}, "steps": steps}

    def _collab_definition_hash(self):
        data = json.dumps(self._collab_definition(), sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()

    def _collab_current_version(self):
        """The frozen version of this flow that a request starts with now: the last one taken, or a
        new one when the flow was edited since (or never used). A version is itself."""
        self.ensure_one()
        if self.version_of_id:
            return self
        # sudo: the version is frozen on behalf of the request's workflow (the initiator who
        # submits may not edit flows); the copy belongs to the module, not to the caller
        flow = self.sudo()
        digest = flow._collab_definition_hash()
        if flow.current_version_id and flow.definition_hash == digest:
            return flow.current_version_id.with_env(self.env)
        last = max(flow.with_context(active_test=False).version_ids.mapped("version"), default=0)
        version = flow.copy({"version": last + 1, "version_of_id": flow.id})
        flow.write({"current_version_id": version.id, "definition_hash": digest})
        return version.with_env(self.env)

    @api.model
    def _collab_translate_versions(self):
        """A frozen version reads its flow's and steps' names in every language the flow does: a
        language loaded after the version was taken (the standard flow's first version is taken at
        install, before the translations) gives the versions the live flow's translations of the
        names they still share."""
        self.flush_model(["name"])
        self.env["collab.flow.step"].flush_model(["name"])
        self.env.cr.execute(
            """UPDATE collab_flow v SET name = l.name
                 FROM collab_flow l
                WHERE v.version_of_id = l.id AND v.name->>'en_US' = l.name->>'en_US' AND v.name != l.name"""
        )
        self.env.cr.execute(
            """UPDATE collab_flow_step vs SET name = ls.name
                 FROM collab_flow v, collab_flow_step ls
                WHERE vs.flow_id = v.id AND ls.flow_id = v.version_of_id
                  AND vs.sequence = ls.sequence AND vs.kind = ls.kind
                  AND vs.name->>'en_US' = ls.name->>'en_US' AND vs.name != ls.name"""
        )
        self.invalidate_model(["name"])
        self.env["collab.flow.step"].invalidate_model(["name"])

    @api.model
    def _collab_freeze_default(self):
        """The standard flow's first version (install and upgrade)."""
        default = self.env.ref(DEFAULT_FLOW, raise_if_not_found=False)
        return default._collab_current_version() if default else self.browse()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.env.su:
            return
        if self.filtered("version_of_id"):
            raise UserError(self.env._("A version of a flow is kept for the requests that followed it."))
        used = self.filtered(lambda f: f.with_context(active_test=False).version_ids)
        if used:
            raise UserError(
                self.env._(
                    "%(flow)s has been used by requests: archive it instead of deleting it.",
                    flow=used[0].display_name,
                )
            )

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def action_preview(self):
        """The path this flow gives a request (chosen, or a sample one): the preview dialog."""
        self._collab_records_arg(self)
        self._check_coordinator_may()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Preview: %(flow)s", flow=self.display_name),
            "res_model": "collab.flow.preview",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_flow_id": self.id},
        }

    def _check_coordinator_may(self):
        if not self._collab_is_coordinator():
            raise AccessError(self.env._("Only the collaboration coordinator (PMO) can do this."))
