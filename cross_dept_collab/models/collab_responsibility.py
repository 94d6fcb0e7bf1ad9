from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

COLLAB_USER_GROUP = "cross_dept_collab.group_collab_user"
COORDINATOR_GROUP = "cross_dept_collab.group_collab_coordinator"
HR_OFFICER_GROUP = "hr.group_hr_user"


class CollabResponsibility(models.AbstractModel):
    """The one place that answers "who is responsible for X" from the org chart.

    Department heads come from ``hr.department.manager_id``, managers from ``hr.employee.parent_id``;
    when nobody holds the role, the company's collaboration coordinator stands in.
    """

    _name = "collab.responsibility"
    _description = "Collaboration responsibility lookups"

    # ------------------------------------------------------------------------------------------
    # Authority data (who decides): who may change it, and who may be chosen
    # ------------------------------------------------------------------------------------------
    @api.private
    @api.model
    def may_manage_authority(self):
        """Whether the caller may change who decides (deputies, decision mode, anyone's
        delegations, the company's coordinator and sponsor): HR officers and the coordinator."""
        user = self.env.user
        return self.env.su or user.has_group(HR_OFFICER_GROUP) or user.has_group(COORDINATOR_GROUP)

    @api.private
    @api.model
    def check_manage_authority(self, what):
        """Refuse (AccessError) a change of ``what`` (a translated text) unless ``may_manage_authority``."""
        if not self.may_manage_authority():
            raise AccessError(
                self.env._(
                    "Only HR officers or the collaboration coordinator can change %(what)s.",
                    what=what,
                )
            )

    @api.private
    @api.model
    def self_approval_allowed(self, company):
        """Whether ``company`` lets the initiator of a request decide its steps (off by default)."""
        # sudo: a company setting read for routing, whoever asks
        return bool(company and company.sudo().collab_allow_self_approval)

    @api.private
    @api.model
    def decider_problem(self, user, company, initiator=None, collaboration=True):
        """Why ``user`` may not act (decide, stand in, be CC'd) on a record of ``company``, as a
        translated reason — or ``None``. The one check of a candidate decider: an active internal
        user with the collaboration group, allowed in the company, and not ``initiator`` (the
        request's initiator, unless the company allows self-approval)."""
        _ = self.env._
        # sudo: the candidate's account is read for the check, not shown
        user = user.sudo()
        if not user.active:
            return _("the account is archived")
        if user.share:
            return _("an external (portal) user cannot act in the back office")
        if collaboration and not user.has_group(COLLAB_USER_GROUP):
            return _("the user does not have the collaboration user group")
        if company and company not in user.company_ids:
            return _("the user is not allowed in %(company)s", company=company.sudo().name)
        if initiator and user in initiator and not self.self_approval_allowed(company):
            return _(
                "the user initiated the request, and %(company)s does not allow self-approval",
                company=(company or self.env.company).sudo().name,
            )
        return None

    @api.private
    @api.model
    def check_deciders(self, users, company, role, initiator=None, collaboration=True, exception=UserError):
        """Refuse (``exception``, a UserError) the first of ``users`` that ``decider_problem`` finds
        fault with; ``role`` (translated) says what they were chosen for, e.g. "a deputy of R&D"."""
        for user in users:
            problem = self.decider_problem(user, company, initiator, collaboration)
            if problem:
                raise exception(
                    self.env._(
                        "%(user)s cannot be %(role)s: %(reason)s.", user=user.sudo().name, role=role, reason=problem
                    )
                )

    @api.private
    @api.model
    def stand_in_for_initiator(self, initiator, company, department=None, sponsor=None):
        """Who decides a step whose decider would be the request's own initiator (segregation of
        duties, like Feishu's "approver is the initiator"): the department's deputies, else the
        company's coordinator, else another coordinator of the company, else the sponsor — the
        first who may decide (``decider_problem``). An empty recordset when nobody can."""
        Users = self.env["res.users"]
        # sudo: deputies and coordinators are read for routing decisions, whatever the caller's rights
        deputies = department.sudo().collab_deputy_ids if department else Users
        coordinators = self.env.ref(COORDINATOR_GROUP).sudo().users.filtered(lambda u: u.id != 1).sorted("id")
        for user in (*deputies, self.coordinator(company or None), *coordinators, sponsor or Users):
            if user and not self.decider_problem(user, company, initiator):
                return user.with_env(self.env)
        return Users

    @api.private
    @api.model
    def coordinator(self, company=None):
        """The company's coordinator, else the first active coordinator (never OdooBot)."""
        company = company or self.env.company
        # sudo: resolving the coordinator must not depend on what the asking user may read.
        coordinator = company.sudo().collab_coordinator_id
        if coordinator:
            return coordinator
        group = self.env.ref("cross_dept_collab.group_collab_coordinator")
        users = group.sudo().users.filtered(lambda u: u.active and not u._is_superuser() and u.id != 1)
        return users.sorted("id")[:1]

    @api.private
    @api.model
    def department_heads(self, departments):
        """Map each department id to its head user, or to the coordinator when it has none.

        Returns ``{department_id: (user, is_fallback)}``.
        """
        result = {}
        # sudo: department managers are read for routing decisions, whatever the caller's HR rights.
        for department in departments.sudo():
            head = department.manager_id.user_id
            # the coordinator of the department's own company stands in
            result[department.id] = (head, False) if head else (self.coordinator(department.company_id or None), True)
        return result

    @api.private
    @api.model
    def department_head(self, department):
        return self.department_heads(department)[department.id][0] if department else self.coordinator()

    @api.private
    @api.model
    def managers_of(self, users):
        """Map each user id to the user of their employee's manager (``parent_id``), if any."""
        # sudo: the org chart is read to route reminders, not shown to the caller.
        employees = self.env["hr.employee"].sudo().search([("user_id", "in", users.ids)])
        return {employee.user_id.id: employee.parent_id.user_id for employee in employees if employee.parent_id.user_id}

    @api.private
    @api.model
    def departments_of(self, user):
        """Departments the user works in or manages."""
        # sudo: a plain user may not read every employee record, yet their own departments matter.
        employees = self.env["hr.employee"].sudo().search([("user_id", "=", user.id)])
        managed = self.env["hr.department"].sudo().search([("manager_id.user_id", "=", user.id)])
        return (employees.department_id | managed).with_env(self.env)

    @api.private
    @api.model
    def project_sponsor(self, project):
        """The sponsor of a project: its own, else its request's, else the company's default sponsor."""
        # sudo: escalations are routed to the sponsor whatever the caller may read of the project.
        project = project.sudo()
        company = project.company_id or self.env.company
        sponsor = project.sponsor_id or project.collab_request_id.sponsor_id or company.collab_default_sponsor_id
        return sponsor.with_env(self.env)

    @api.private
    @api.model
    def deliverable_acceptors(self, task):
        """Who accepts the deliverable of ``task``: the project's acceptance group, else the heads of
        the project's lead department and of the task's department with the project lead — never
        the task's own owners. When that leaves nobody, the next one up: the lead department's
        head, then the project lead, then the coordinator (the first who is not an owner)."""
        # sudo: acceptors are routed from the project's team whatever the submitting owner may read
        task = task.sudo()
        project = task.project_id
        owners = task.user_ids
        if project.acceptor_ids:
            candidates = project.acceptor_ids
        else:
            departments = project.lead_department_id | task.collab_department_id
            heads = self.department_heads(departments)
            candidates = self.env["res.users"].union(*(heads[d.id][0] for d in departments)) | project.user_id
        acceptors = candidates - owners
        if not acceptors:
            lead_head = self.department_head(project.lead_department_id) if project.lead_department_id else None
            for user in (lead_head, project.user_id, self.coordinator(project.company_id or None)):
                if user and user - owners:
                    acceptors = user - owners
                    break
        return acceptors.with_env(self.env)

    @api.private
    @api.model
    def department_deciders(self, departments):
        """Who may decide for each department: its head and deputies (the coordinator when it has
        neither), with its mode. Returns ``{department_id: (users, mode)}``, the head first."""
        result = {}
        heads = self.department_heads(departments)
        # sudo: deputies are read for routing decisions, whatever the caller's HR rights
        for department in departments.sudo():
            head, fallback = heads[department.id]
            deputies = department.collab_deputy_ids.filtered(lambda u: u.active)
            users = (self.env["res.users"] if fallback and deputies else head) | deputies
            result[department.id] = (users.with_env(self.env), department.collab_approval_mode or "any")
        return result

    @api.private
    @api.model
    def departments_decided_by(self, user):
        """Departments the user heads or is a deputy of."""
        # sudo: as in departments_of
        departments = (
            self.env["hr.department"]
            .sudo()
            .search(["|", ("manager_id.user_id", "=", user.id), ("collab_deputy_ids", "in", user.ids)])
        )
        return departments.with_env(self.env)

    @api.private
    @api.model
    def resolve_deciders(self, users, when=None):
        """Map each user id to who decides for them on the day ``when`` (default: the current
        company's today): their delegate while a delegation is in effect, followed along chains
        (A→B→C gives C), never looping."""
        if not users:
            return {}
        when = fields.Date.to_date(when) if when else self.env.company.collab_today()
        # sudo: delegations route decisions, whoever asks
        delegations = (
            self.env["collab.delegation"]
            .sudo()
            .search([("active", "=", True), ("date_start", "<=", when), ("date_end", ">=", when)])
        )
        delegate_of = {}
        for delegation in delegations.sorted("id"):
            delegate_of.setdefault(delegation.user_id.id, delegation.delegate_id.id)
        result = {}
        for user in users:
            seen = {user.id}
            current = user.id
            while current in delegate_of and delegate_of[current] not in seen:
                current = delegate_of[current]
                seen.add(current)
            result[user.id] = self.env["res.users"].browse(current)
        return result

    @api.private
    @api.model
    def resolve_decider(self, user, when=None):
        """Who decides for ``user`` at ``when``: see ``resolve_deciders``."""
        return self.resolve_deciders(user, when).get(user.id, user)
