"""Resolving a flow for a request: which steps apply (branches and conditions) and who decides each
(approver rules), with the flow's rules for awkward approvers.

``flow._collab_resolve(request, picked_user_ids=None)`` returns the path as a list of
``ResolvedStep``. It reads the org chart once (departments, employees, users), then works in
memory: resolving a flow of any length costs a bounded number of queries.
"""

from dataclasses import dataclass, field
from typing import Any

from odoo import models
from odoo.exceptions import UserError

from .collab_workflow_guard import COORDINATOR_GROUP
from .flow_notes import render_note

MANAGER_RULES = ("manager_levels", "manager_job")


@dataclass
class ResolvedStep:
    """One step of a request's path.

    - ``step``: the ``collab.flow.step`` record it comes from (a manager rule gives one entry per
      level, each with the same step and its ``level``: 1 = the initiator's direct manager);
    - ``index``: its position in the path (0-based);
    - ``deciders``: the ``res.users`` who decide it (empty when ``skipped``);
    - ``by_department``: department reviews only: ``[(department, users, mode)]``, one review per
      involved department, decided by its head and deputies in the department's own mode;
    - ``notes``: why a decider was substituted (texts in the resolving user's language, in the
      order they happened); ``note_codes``: the same as ``(code, params)`` (``render_note``);
    - ``approved_at``: the index of the earlier step the same deciders decided just before: this
      step is approved by that decision ("approved at step X"); None otherwise;
    - ``skipped``: nobody to decide and the flow skips such steps;
    - ``later``: its deciders are known only later (the lead's confirmation before the PMO has
      named the lead department).
    """

    step: Any
    index: int = 0
    deciders: Any = None
    by_department: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    note_codes: list = field(default_factory=list)
    approved_at: int | None = None
    skipped: bool = False
    level: int = 0
    later: bool = False


class _OrgChart:
    """The org chart a resolution needs, read once: departments, employees and users."""

    def __init__(self, flow, request, steps, picked_ids):
        env = flow.env
        company = request.company_id
        # sudo: the org chart routes the decisions, whatever the asking user may read of HR
        Department = env["hr.department"].sudo().with_context(active_test=False)
        named = (
            steps.department_id
            | request.involved_department_ids._origin
            | request.lead_department_id._origin
            | request.initiating_department_id._origin
        )
        departments = Department.search_read(
            ["|", ("company_id", "in", [company.id, False]), ("id", "in", named.ids)],
            ["manager_id", "collab_deputy_ids", "collab_approval_mode"],
        )
        self.departments = {d["id"]: d for d in departments}
        group_users = {g["id"]: g["users"] for g in steps.group_id.sudo().read(["users"])}
        self.group_users = group_users
        self.coordinator_group = env.ref(COORDINATOR_GROUP).id
        named_users = (
            set(steps.user_ids.ids) | set(picked_ids) | {request.initiator_id._origin.id, request.sponsor_id._origin.id}
        )
        for users in group_users.values():
            named_users.update(users)
        managers = {d["manager_id"][0] for d in departments if d["manager_id"]}
        employees = (
            env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                [
                    "|",
                    "|",
                    ("company_id", "=", company.id),
                    ("user_id", "in", list(named_users - {False})),
                    ("id", "in", list(managers)),
                ],
                ["name", "user_id", "parent_id", "job_id", "department_id", "active", "company_id"],
                order="active desc, id",
            )
        )
        self.employees = {e["id"]: e for e in employees}
        self.employees_of = {}
        for employee in employees:
            if employee["user_id"]:
                self.employees_of.setdefault(employee["user_id"][0], []).append(employee)
        coordinator = env["collab.responsibility"].coordinator(company)
        self.coordinator = coordinator.id or False
        user_ids = named_users | set(self.employees_of) | {self.coordinator}
        for department in departments:
            user_ids.update(department["collab_deputy_ids"])
        users = (
            env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_read([("id", "in", list(user_ids - {False}))], ["active", "share", "name"])
        )
        self.users = {u["id"]: u for u in users}

    def name(self, user_id):
        return self.users.get(user_id, {}).get("name", "")

    def departed(self, user_id):
        """An archived user, or one whose employee records are all archived (left the company)."""
        user = self.users.get(user_id)
        if not user or not user["active"] or user["share"]:
            return True
        employees = self.employees_of.get(user_id)
        return bool(employees) and not any(e["active"] for e in employees)

    def employee_of(self, user_id):
        employees = self.employees_of.get(user_id) or []
        return employees[0] if employees else None

    def head(self, department_id):
        """The department's head (its manager's user), if they have not left."""
        department = self.departments.get(department_id)
        manager = department and department["manager_id"] and self.employees.get(department["manager_id"][0])
        if not manager or not manager["active"] or not manager["user_id"]:
            return False
        user_id = manager["user_id"][0]
        return False if self.departed(user_id) else user_id

    def deputies(self, department_id):
        department = self.departments.get(department_id) or {}
        return [u for u in department.get("collab_deputy_ids", []) if not self.departed(u)]

    def mode(self, department_id):
        return (self.departments.get(department_id) or {}).get("collab_approval_mode") or "any"

    def chain(self, user_id):
        """The managers above ``user_id``'s employee, nearest first: ``[employee dict]``."""
        employee = self.employee_of(user_id)
        result, seen = [], set()
        while employee and employee["parent_id"]:
            parent = self.employees.get(employee["parent_id"][0])
            if not parent or parent["id"] in seen:
                break
            seen.add(parent["id"])
            result.append(parent)
            employee = parent
        return result


class CollabFlow(models.Model):
    _inherit = "collab.flow"

    def _collab_resolve(self, request, picked_user_ids=None):
        """The path of ``request`` through this flow: ``[ResolvedStep]`` in order.

        ``picked_user_ids``: the users the initiator picked at submit (ids or records), for the
        steps whose approvers the initiator picks."""
        self.ensure_one()
        if picked_user_ids and isinstance(picked_user_ids, models.BaseModel):
            picked_user_ids = picked_user_ids.ids
        picked = [i for i in (picked_user_ids or []) if isinstance(i, int) and not isinstance(i, bool)]
        steps = self._collab_applicable_steps(request)
        chart = _OrgChart(self, request, steps, picked)
        resolver = _Resolver(self, request, chart, picked)
        path = []
        for step in steps:
            for entry in resolver.entries(step):
                entry.index = len(path)
                path.append(entry)
        resolver.mark_consecutive(path)
        Users = self.env["res.users"]
        for entry in path:
            entry.deciders = Users.browse(entry.deciders or [])
            entry.by_department = [
                (self.env["hr.department"].browse(d), Users.browse(u), mode) for d, u, mode in entry.by_department
            ]
        return path

    def _collab_applicable_steps(self, request):
        """The steps that apply to ``request``: in each (sequence, branch) group the alternative of
        the best priority whose condition matches, else the group's default, else none; a step
        without branch when its condition matches."""
        self.ensure_one()
        # sudo: the flow's steps are read for the request's workflow, whoever resolves it
        steps = self.sudo().step_ids.sorted(lambda s: (s.sequence, s.priority, s.id))
        chosen, groups = [], {}
        for step in steps:
            if step.branch:
                key = (step.sequence, step.branch)
                if key not in groups:
                    groups[key] = []
                    chosen.append(key)
                groups[key].append(step)
            elif step._collab_matches(request):
                chosen.append(step)
        result = self.env["collab.flow.step"].sudo()
        for item in chosen:
            if isinstance(item, tuple):
                alternatives = groups[item]
                match = next((s for s in alternatives if s._collab_matches(request)), None)
                match = match or next((s for s in alternatives if s.is_default), None)
                if match:
                    result |= match
            else:
                result |= item
        return result


class _Resolver:
    """Who decides each step: the approver rule, then the flow's rules for awkward approvers."""

    def __init__(self, flow, request, chart, picked):
        self.flow = flow
        self.env = flow.env
        self.request = request
        self.chart = chart
        self.picked = picked
        self.initiator = request.initiator_id._origin.id
        responsibility = self.env["collab.responsibility"]
        self.keep_initiator = flow.initiator_approver == "segregation" and responsibility.self_approval_allowed(
            request.company_id
        )

    # ------------------------------------------------------------------------------------------
    def entries(self, step):
        _ = self.env._
        rule = step.approver_rule
        if step.kind == "department_reviews" and rule == "department_head" and not step.department_id:
            return [self._department_reviews(step)]
        if rule in MANAGER_RULES:
            return self._manager_entries(step)
        entry = ResolvedStep(step=step)
        if rule == "users":
            users = list(step.user_ids.ids)
        elif rule == "group":
            if step.group_id.id == self.chart.coordinator_group and self.chart.coordinator:
                # the coordinator group: the company's own coordinator, as the PMO review is asked today
                users = [self.chart.coordinator]
            else:
                users = list(self.chart.group_users.get(step.group_id.id, []))
                users = [u for u in users if u in self.chart.users and not self.chart.departed(u) and u != 1]
        elif rule == "department_head":
            department = self._step_department(step)
            if not department and step.kind == "lead_confirmation":
                # resolved again once the PMO review has named the lead department
                self._note(entry, "lead_later")
                entry.later = True
                entry.deciders = []
                return [entry]
            users = self._heads(department) if department else []
        elif rule == "sponsor":
            users = [self.request.sponsor_id._origin.id] if self.request.sponsor_id else []
        else:  # initiator_picks
            users = list(dict.fromkeys(self.picked))
        users = self._replace_departed(users, entry)
        users = self._without_initiator(users, entry, self._step_department(step))
        return [self._finish(entry, users)]

    def _note(self, entry, code, **params):
        entry.note_codes.append((code, params))
        entry.notes.append(render_note(self.env, code, params))

    def _heads(self, department_id):
        head = self.chart.head(department_id)
        return list(dict.fromkeys(([head] if head else []) + self.chart.deputies(department_id)))

    def _step_department(self, step):
        if step.department_id:
            return step.department_id.id
        if step.kind == "lead_confirmation":
            return self.request.lead_department_id._origin.id
        return self.request.initiating_department_id._origin.id

    def _department_reviews(self, step):
        """Each involved department reviews: its head and deputies, the coordinator when it has none."""
        _ = self.env._
        entry = ResolvedStep(step=step)
        all_users = []
        for department in self.request.involved_department_ids._origin:
            users = self._heads(department.id)
            if not users and self.chart.coordinator:
                users = [self.chart.coordinator]
                self._note(entry, "no_head", department=department.name, user=self.chart.name(self.chart.coordinator))
            users = self._without_initiator(users, entry, department.id)
            entry.by_department.append((department.id, users, self.chart.mode(department.id)))
            all_users += users
        return self._finish(entry, list(dict.fromkeys(all_users)))

    def _manager_entries(self, step):
        """The initiator's managers one after the other: up N levels, or up to the first holder
        of a job position (inclusive); the top of the organisation ends the walk."""
        _ = self.env._
        chain = self.chart.chain(self.initiator)
        if step.approver_rule == "manager_levels":
            chain = chain[: step.levels]
        else:
            holder = next((i for i, e in enumerate(chain) if e["job_id"] and e["job_id"][0] == step.job_id.id), None)
            if holder is None:
                entry = ResolvedStep(step=step, level=1)
                self._note(entry, "no_job_holder", job=step.job_id.display_name)
                return [self._finish(entry, [])]
            chain = chain[: holder + 1]
        if not chain:
            entry = ResolvedStep(step=step, level=1)
            self._note(entry, "no_manager")
            return [self._finish(entry, [])]
        entries = []
        for level, employee in enumerate(chain, start=1):
            entry = ResolvedStep(step=step, level=level)
            user = employee["user_id"][0] if employee["user_id"] else False
            if not user or not employee["active"]:
                users = self._departed_stand_in(user, entry, employee, employee["name"])
            else:
                users = self._replace_departed([user], entry)
            if users == [self.initiator] and not self.keep_initiator:
                above = chain[level] if level < len(chain) else None
                stand_in = above["user_id"][0] if above and above["user_id"] else self.chart.coordinator
                users = self._stand_in_note(entry, stand_in)
            entries.append(self._finish(entry, users))
        return entries

    # ------------------------------------------------------------------------------------------
    # Awkward approvers
    # ------------------------------------------------------------------------------------------
    def _replace_departed(self, users, entry):
        result = []
        for user in users:
            if self.chart.departed(user):
                result += self._departed_stand_in(user, entry, self.chart.employee_of(user))
            else:
                result.append(user)
        return list(dict.fromkeys(result))

    def _departed_stand_in(self, user, entry, employee, fallback_name=""):
        """A decider who left: the head of their department, else the coordinator."""
        _ = self.env._
        department = employee["department_id"][0] if employee and employee["department_id"] else False
        head = self.chart.head(department) if department else False
        stand_in = head if head and head != user else self.chart.coordinator
        self._note(
            entry,
            "departed",
            user=self.chart.name(user) or fallback_name or _("A decider"),
            stand_in=self.chart.name(stand_in) or _("nobody"),
        )
        return [stand_in] if stand_in else []

    def _without_initiator(self, users, entry, department_id):
        """The initiator never decides their own request (unless the flow follows the company's
        setting and the company allows self-approval): the others of the step decide, else the
        next level — the department's head, else the coordinator."""
        if self.initiator not in users or self.keep_initiator:
            return users
        others = [u for u in users if u != self.initiator]
        if others:
            self._note(entry, "initiator_skipped", initiator=self.chart.name(self.initiator))
            return others
        head = self.chart.head(department_id) if department_id else False
        stand_in = head if head and head != self.initiator else self.chart.coordinator
        return self._stand_in_note(entry, stand_in)

    def _stand_in_note(self, entry, stand_in):
        if stand_in == self.initiator:
            stand_in = False
        self._note(
            entry,
            "initiator_stand_in",
            initiator=self.chart.name(self.initiator),
            user=self.chart.name(stand_in) or self.env._("nobody"),
        )
        return [stand_in] if stand_in else []

    def _finish(self, entry, users):
        """Nobody to decide: the coordinator, or the step is skipped (the flow's setting)."""
        _ = self.env._
        if not users:
            if self.flow.empty_approver == "skip":
                entry.skipped = True
                self._note(entry, "skipped")
            elif self.chart.coordinator:
                users = [self.chart.coordinator]
                self._note(entry, "coordinator", user=self.chart.name(users[0]))
            else:
                raise UserError(
                    _("Step %(step)s has nobody to decide it, and there is no coordinator.", step=entry.step.name)
                )
        entry.deciders = users
        return entry

    def mark_consecutive(self, path):
        """The same deciders in consecutive steps decide once: the later step is approved by the
        earlier decision (A, A, B: A decides once; A, B, A: A decides twice)."""
        if self.flow.repeat_approver != "once":
            return
        previous = None
        for entry in path:
            if entry.skipped:
                continue
            # a department's review commits its people and budget: it is never approved for it
            if (
                previous is not None
                and not entry.later
                and not previous.later
                and entry.step.kind != "department_reviews"
                and set(entry.deciders) == set(previous.deciders)
            ):
                entry.approved_at = previous.approved_at if previous.approved_at is not None else previous.index
                self._note(entry, "approved_at", number=entry.approved_at + 1, step=path[entry.approved_at].step.name)
            previous = entry
