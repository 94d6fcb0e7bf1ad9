"""The request's approval path: the flow version it was submitted with and its steps, resolved.

At submit the request takes the current version of its flow (``collab.flow._collab_flow_for``)
and keeps the path that version gives it (``flow_path``: the steps that apply, who decides each,
the notes on substituted deciders — as data, rendered for each reader). ``flow_position`` is the
step it is at. The workflow's approvals move it to the next step of its path
(``_collab_next_stage``), whatever that step is: later edits of the flow never change it.
"""

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .flow_notes import render_note

# the request's state while each kind of step is decided
KIND_STATES = {
    "pmo_review": "submitted",
    "lead_confirmation": "lead_confirmation",
    "department_reviews": "department_review",
    "sponsor_approval": "sponsor_approval",
    "extra_review": "extra_review",
}
STATE_KINDS = {state: kind for kind, state in KIND_STATES.items()}
# the deciders the engine finds by itself (with its own stand-ins) for the seeds' steps: a step
# with another rule is decided by the deciders its path names
STANDARD_RULES = {"pmo_review": "group", "lead_confirmation": "department_head", "sponsor_approval": "sponsor"}
# the state a path entry is in (``flow_path[i]["state"]``)
ENTRY_TODO, ENTRY_CURRENT, ENTRY_DONE, ENTRY_SKIPPED, ENTRY_APPROVED_AT = (
    "todo",
    "current",
    "done",
    "skipped",
    "approved_at",
)


class CollabRequest(models.Model):
    _inherit = "collab.request"

    flow_version_id = fields.Many2one(
        "collab.flow",
        string="Approval Flow",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The version of the approval flow the request was submitted with: later edits of the flow do not "
        "change its path.",
    )
    flow_path = fields.Json("Path Data", readonly=True, copy=False)
    flow_position = fields.Integer("Path Position", default=-1, readonly=True, copy=False)
    flow_picked_user_ids = fields.Many2many(
        "res.users",
        "collab_request_flow_picked_user_rel",
        "request_id",
        "user_id",
        string="Approvers I Pick",
        domain=[("share", "=", False)],
        help="The people who decide the steps of the flow whose approvers the initiator picks at submit.",
    )
    flow_needs_picks = fields.Boolean(compute="_compute_flow_needs_picks")
    flow_step_name = fields.Char("Current Step", compute="_compute_flow_path_html")
    flow_path_html = fields.Html("Approval Path", compute="_compute_flow_path_html", sanitize=False)

    @api.depends("state", "company_id", "request_type")
    def _compute_flow_needs_picks(self):
        for request in self:
            if request.state != "draft":
                request.flow_needs_picks = bool(request.flow_picked_user_ids)
                continue
            flow = self.env["collab.flow"]._collab_flow_for(request)
            # sudo: whether the flow asks the initiator to pick, not the flow itself, is shown
            request.flow_needs_picks = "initiator_picks" in flow.sudo().step_ids.mapped("approver_rule")

    @api.constrains("flow_picked_user_ids")
    def _check_flow_picked_users(self):
        for request in self:
            for user in request.flow_picked_user_ids:
                if user.share or not user.active or request.company_id not in user.company_ids:
                    raise UserError(
                        _(
                            "%(user)s cannot decide %(request)s: pick active internal users of %(company)s.",
                            user=user.name,
                            request=request.display_name,
                            company=request.company_id.name,
                        )
                    )

    def _collab_flow_problems(self):
        """What the flow still needs before submit: the deciders of the steps the initiator picks."""
        self.ensure_one()
        if self.flow_picked_user_ids:
            return []
        flow = self.flow_version_id or self.env["collab.flow"]._collab_flow_for(self)
        if flow.sudo().empty_approver == "skip":
            # a step nobody was picked for is skipped, as the flow says
            return []
        # sudo: which steps ask the initiator to pick is read for the submit, whoever submits
        steps = flow.sudo()._collab_applicable_steps(self).filtered(lambda s: s.approver_rule == "initiator_picks")
        return [_("Pick who decides step %(step)s (Approvers I Pick).", step=step.name) for step in steps]

    # ------------------------------------------------------------------------------------------
    # The path
    # ------------------------------------------------------------------------------------------
    def _collab_resolve_path(self, keep_done=False):
        """Resolve each request's path through its flow version (taken now when it has none) and
        keep it; ``keep_done``: the steps already passed keep their record (who, when)."""
        Flow = self.env["collab.flow"]
        for request in self:
            version = request.flow_version_id or Flow._collab_flow_for(request)._collab_current_version()
            path = version._collab_resolve(request, request.flow_picked_user_ids.ids)
            entries = [
                {
                    "index": entry.index,
                    "flow_step_id": entry.step.id,
                    "kind": entry.step.kind,
                    "level": entry.level,
                    "deciders": entry.deciders.ids,
                    "departments": [[d.id, users.ids, mode] for d, users, mode in entry.by_department],
                    "notes": entry.note_codes,
                    "approved_at": entry.approved_at,
                    "later": entry.later,
                    "state": ENTRY_SKIPPED if entry.skipped else ENTRY_TODO,
                }
                for entry in path
            ]
            if keep_done and request.flow_path:
                # the steps passed keep what happened at them; the rest follow the new resolution
                for old, new in zip(request.flow_path, entries, strict=False):
                    if old["index"] > request.flow_position:
                        break
                    new.update({key: old[key] for key in ("state", "done_by", "date_done") if key in old})
            # sudo: the path is the workflow's record of the request
            request.sudo().write({"flow_version_id": version.id, "flow_path": entries})

    def _collab_migrate_to_flow(self):
        """Requests submitted before flows existed (an upgrade): the standard flow's first version,
        resolved, at the step of their state (second coordination: the department reviews)."""
        for request in self:
            request._collab_resolve_path()
            kind = STATE_KINDS.get(request.state, "department_reviews")
            position = request._collab_index_of(kind)
            request._collab_set_entries(
                {e["index"]: {"state": ENTRY_DONE} for e in request.flow_path if e["index"] < position}
            )
            request._collab_enter_position(position)

    def _collab_log_flow_step(self, action, index):
        """Name the step of the path ``index`` on the latest log line of ``action`` (as data)."""
        self.ensure_one()
        step = self._collab_flow_step(index)
        line = self._last_log(action).sudo()
        if step and line:
            line.changes = [*(line.changes or []), {"kind": "flow_step", "step_id": step.id, "index": index}]

    def _collab_entry(self, index=None):
        """The path entry at ``index`` (default: the current one), or None."""
        self.ensure_one()
        index = self.flow_position if index is None else index
        path = self.flow_path or []
        return path[index] if 0 <= index < len(path) else None

    def _collab_flow_step(self, index=None):
        """The flow step (of the request's frozen version) at ``index`` (default: the current one)."""
        entry = self._collab_entry(index)
        # sudo: the frozen steps are read for the request's workflow
        return self.env["collab.flow.step"].sudo().browse(entry["flow_step_id"] if entry else [])

    def _collab_index_of(self, kind):
        """The first entry of ``kind`` in the path (-1 when the path has none)."""
        self.ensure_one()
        return next((e["index"] for e in self.flow_path or [] if e["kind"] == kind), -1)

    def _collab_set_entries(self, updates):
        """Write ``{index: values}`` into the path (the workflow's own record of it)."""
        self.ensure_one()
        path = [dict(entry) for entry in self.flow_path or []]
        for index, values in updates.items():
            if 0 <= index < len(path):
                path[index].update(values)
        self.sudo().flow_path = path

    def _collab_next_stage(self):
        """Where the request goes from its current step: ``(state, index)`` of the next step of its
        path to decide — the skipped ones passed over, the ones the same deciders just decided
        approved with a note — or ``("approved", len(path))`` at the end of the path."""
        self.ensure_one()
        path = self.flow_path or []
        now = fields.Datetime.to_string(fields.Datetime.now())
        updates = {}
        if 0 <= self.flow_position < len(path):
            updates[self.flow_position] = {
                "state": ENTRY_DONE,
                "date_done": now,
                "done_by": self._collab_deciders_of_position(),
            }
        for entry in path[self.flow_position + 1 :]:
            if entry["state"] == ENTRY_SKIPPED:
                continue
            if entry.get("approved_at") is not None:
                updates[entry["index"]] = {"state": ENTRY_APPROVED_AT, "date_done": now}
                continue
            updates[entry["index"]] = {"state": ENTRY_CURRENT}
            self._collab_set_entries(updates)
            return KIND_STATES[entry["kind"]], entry["index"]
        self._collab_set_entries(updates)
        return "approved", len(path)

    def _collab_deciders_of_position(self):
        """Who approved the current step (the decisions of its stage)."""
        self.ensure_one()
        kind = (self._collab_entry() or {}).get("kind")
        if kind == "department_reviews":
            decided = self.current_approval_ids.filtered(lambda a: a.state == "approved")
            return decided.approver_id.ids
        # sudo: the log of the stage's steps, not something the caller reads
        steps = self.sudo().step_ids.filtered(lambda s: s.state == "approved" and s.flow_position == self.flow_position)
        return steps.user_id.ids

    def _collab_position_for_state(self, state):
        """The path position a state (entered by a return or a restart, not by the path) is at."""
        self.ensure_one()
        kind = STATE_KINDS.get(state)
        return self._collab_index_of(kind) if kind else self.flow_position

    def _collab_enter_position(self, index):
        """The request is back at step ``index`` (a return, an objection, a restart): that step is
        current again, the ones after it to do again."""
        self.ensure_one()
        updates = {}
        for entry in self.flow_path or []:
            if entry["index"] == index:
                updates[index] = {"state": ENTRY_CURRENT}
            elif entry["index"] > index and entry["state"] in (ENTRY_DONE, ENTRY_CURRENT, ENTRY_APPROVED_AT):
                updates[entry["index"]] = {"state": ENTRY_TODO}
        self._collab_set_entries(updates)
        self.sudo().flow_position = index

    # ------------------------------------------------------------------------------------------
    # The path as people read it
    # ------------------------------------------------------------------------------------------
    @api.depends_context("lang")
    @api.depends("flow_path", "flow_position", "state")
    def _compute_flow_path_html(self):
        for request in self:
            entry = request._collab_entry() if request.state in KIND_STATES.values() else None
            step = request._collab_flow_step() if entry else None
            request.flow_step_name = step.name if step else False
            request.flow_path_html = request._collab_render_path() if request.flow_path else False

    def _collab_render_path(self):
        """The path, one step under the other: done (who, when), current (waiting on), to come
        (greyed, with their resolved deciders), skipped or approved at an earlier step."""
        self.ensure_one()
        # sudo: the names of the deciders and the frozen steps are shown to whoever reads the request
        steps = {
            s.id: s for s in self.env["collab.flow.step"].sudo().browse([e["flow_step_id"] for e in self.flow_path])
        }
        waiting = self.waiting_on_ids
        labels = {
            ENTRY_DONE: _("Approved"),
            ENTRY_CURRENT: _("Waiting on"),
            ENTRY_TODO: _("To come"),
            ENTRY_SKIPPED: _("Skipped"),
            ENTRY_APPROVED_AT: _("Approved"),
        }
        items = []
        for entry in self.flow_path:
            step = steps.get(entry["flow_step_id"])
            items.append(((step.sequence if step else 0), 0, self._collab_render_entry(entry, step, labels, waiting)))
        # the steps of the flow this request does not need (their condition), greyed where they stand
        chosen = {entry["flow_step_id"] for entry in self.flow_path}
        version_steps = self.flow_version_id.sudo().step_ids
        taken_branches = {(s.sequence, s.branch) for s in version_steps if s.id in chosen and s.branch}
        for step in version_steps:
            if step.id in chosen or (step.branch and (step.sequence, step.branch) in taken_branches):
                continue
            items.append((step.sequence, 1, self._collab_render_unneeded(step)))
        items.sort(key=lambda item: item[:2])
        return Markup("<ol class='o_collab_path list-unstyled'>%s</ol>") % Markup("").join(i[2] for i in items)

    def _collab_render_unneeded(self, step):
        return Markup(
            "<li class='o_collab_path_step o_collab_path_unneeded text-muted'><div class='o_collab_path_head'>"
            "<span class='o_collab_path_index'>·</span> <s>%s</s> <span class='badge text-bg-light'>%s</span></div>"
            "<div class='o_collab_path_note small'>%s</div></li>"
        ) % (
            step.name,
            _("Not needed"),
            _("This request does not meet its condition: %(condition)s", condition=step.condition_summary),
        )

    def _collab_render_entry(self, entry, step, labels, waiting):
        """One step of the path, as ``_collab_render_path`` lists them."""
        # sudo: the deciders' names are shown to whoever reads the request
        Users = self.env["res.users"].sudo()
        name = step.name if step else ""
        if entry.get("level"):
            name = _("%(step)s — level %(level)s", step=name, level=entry["level"])
        state = entry["state"]
        if state == ENTRY_DONE:
            people = Users.browse(entry.get("done_by") or entry["deciders"]).mapped("name")
        elif state == ENTRY_CURRENT and waiting:
            people = waiting.mapped("name")
        elif entry.get("departments"):
            people = [
                f"{self.env['hr.department'].sudo().browse(d).name}: {', '.join(Users.browse(u).mapped('name'))}"
                for d, u, _mode in entry["departments"]
            ]
        else:
            people = Users.browse(entry["deciders"]).mapped("name")
        when = ""
        if entry.get("date_done") and state in (ENTRY_DONE, ENTRY_APPROVED_AT):
            moment = fields.Datetime.context_timestamp(self, fields.Datetime.to_datetime(entry["date_done"]))
            when = moment.strftime("%Y-%m-%d %H:%M")
        notes = [render_note(self.env, code, params) for code, params in entry.get("notes") or []]
        return Markup(
            "<li class='o_collab_path_step o_collab_path_%s'><div class='o_collab_path_head'>"
            "<span class='o_collab_path_index'>%s</span> <strong>%s</strong> "
            "<span class='badge text-bg-%s'>%s</span></div>"
            "<div class='o_collab_path_people'>%s</div>%s%s</li>"
        ) % (
            state,
            entry["index"] + 1,
            name,
            {"done": "success", "current": "primary", "approved_at": "success"}.get(state, "light"),
            labels[state],
            ", ".join(people) or "—",
            Markup("<div class='o_collab_path_when text-muted'>%s</div>") % when if when else "",
            Markup("").join(
                Markup("<div class='o_collab_path_note text-muted small'>%s</div>") % escape(n) for n in notes
            ),
        )
