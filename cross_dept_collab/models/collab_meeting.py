from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, format_datetime, is_html_empty

from .collab_reminder_engine import ReminderRule

MINUTES_DUE_HOURS = 24  # the charter's communication rule: minutes within 24 h (SPEC 2 and 5)


class CollabMeeting(models.Model):
    """A project meeting (weekly sync, monthly review or ad hoc) and its minutes (会议纪要).

    Distributing the minutes posts them on the project and to every member, and turns each
    action item into a task or an activity for its owner. Minutes are due within 24 hours; the
    reminder engine's ``meeting_minutes_late`` rule flags late meetings and reminds the organizer.
    """

    _name = "collab.meeting"
    _description = "Collaboration Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin", "collab.workflow.guard"]
    # distributed minutes are the project's record: frozen; the state moves only by Distribute
    _collab_max_lengths = {"name": 200}
    _collab_workflow_fields = ("state", "date_minutes_due", "date_distributed", "is_late")
    _collab_edit_states = ("draft",)
    _order = "date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"  # everyone who sees it may discuss it in the chatter

    name = fields.Char("Subject", required=True, tracking=True)
    # no check_company: the meeting's company is its project's (company_id below), so Odoo's
    # company domain — "projects of the meeting's company, or of none while it has none" — offered
    # a new meeting only the projects without a company ("no records" for every real one); the
    # projects' record rules keep the choice to the companies and projects the user may see
    project_id = fields.Many2one(
        "project.project",
        string="Project",
        required=True,
        index=True,
        tracking=True,
        domain=[("collab_request_id", "!=", False)],
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    project_user_id = fields.Many2one(related="project_id.user_id", string="Project Lead")
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True, index=True)
    kind = fields.Selection(
        [("weekly", "Weekly Sync"), ("monthly", "Monthly Review"), ("ad_hoc", "Ad Hoc")],
        required=True,
        default="weekly",
        tracking=True,
    )
    organizer_id = fields.Many2one(
        "res.users", string="Organizer", required=True, default=lambda self: self.env.user, tracking=True, index=True
    )
    attendee_ids = fields.Many2many(
        "res.users", "collab_meeting_attendee_rel", "meeting_id", "user_id", string="Attendees"
    )
    minutes = fields.Html()
    item_ids = fields.One2many("collab.meeting.item", "meeting_id", string="Items", copy=False)
    decision_ids = fields.One2many(
        "collab.meeting.item", "meeting_id", string="Decisions", domain=[("kind", "=", "decision")], copy=False
    )
    action_item_ids = fields.One2many(
        "collab.meeting.item", "meeting_id", string="Action Items", domain=[("kind", "=", "action")], copy=False
    )
    state = fields.Selection(
        [("draft", "Minutes Draft"), ("distributed", "Distributed")],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    date_minutes_due = fields.Datetime(
        "Minutes Due", compute="_compute_date_minutes_due", store=True, index=True, help="24 hours after the meeting."
    )
    date_distributed = fields.Datetime("Distributed On", copy=False, readonly=True, tracking=True)
    is_late = fields.Boolean(
        "Minutes Late",
        compute="_compute_is_late",
        store=True,
        index=True,
        help="Distributed more than 24 hours after the meeting, or still not distributed 24 hours after it.",
    )
    can_distribute = fields.Boolean(compute="_compute_can_distribute")

    # ------------------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------------------
    @api.depends("date", "company_id")
    def _compute_date_minutes_due(self):
        for meeting in self:
            company = meeting.company_id or self.env.company
            meeting.date_minutes_due = meeting.date and company.collab_sla_deadline(
                meeting.date, MINUTES_DUE_HOURS, rule="reminder"
            )

    @api.depends("date_minutes_due", "date_distributed")
    def _compute_is_late(self):
        """Stored: right when distributed; the reminder engine recomputes it once the minutes are due."""
        now = fields.Datetime.now()
        for meeting in self:
            due = meeting.date_minutes_due
            meeting.is_late = bool(due) and (meeting.date_distributed or now) > due

    @api.depends_context("uid")
    @api.depends("state", "organizer_id", "project_id.user_id")
    def _compute_can_distribute(self):
        for meeting in self:
            meeting.can_distribute = meeting.state == "draft" and meeting._may_organize(self.env.user)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(meeting.state != "draft" for meeting in self):
            raise UserError(_("Distributed minutes are part of the project's record and cannot be deleted."))

    # ------------------------------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------------------------------
    def _may_organize(self, user):
        self.ensure_one()
        return (
            self.env.su
            or user in (self.organizer_id | self.project_id.user_id)
            or user.has_group("cross_dept_collab.group_collab_coordinator")
        )

    def _check_can_organize(self):
        for meeting in self:
            if not meeting._may_organize(self.env.user):
                raise AccessError(
                    _(
                        "Only the organizer of %(meeting)s, the project lead or the coordinator can distribute "
                        "its minutes.",
                        meeting=meeting.display_name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Distribution
    # ------------------------------------------------------------------------------------------
    def _recipients(self):
        """Everyone the minutes go to: the project team (liaisons, module owners, lead) and the attendees."""
        self.ensure_one()
        return self.project_id._collab_member_users() | self.attendee_ids

    def _get_distribute_problems(self):
        self.ensure_one()
        problems = []
        if is_html_empty(self.minutes) and not self.item_ids:
            problems.append(_("Write the minutes or record at least one decision or action item."))
        for item in self.action_item_ids:
            if not item.owner_id:
                problems.append(_("The action item “%(item)s” has no owner.", item=item.name))
            if not item.date_due:
                problems.append(_("The action item “%(item)s” has no due date.", item=item.name))
        if self.project_id.plan_state == "confirmed":
            problems += [
                _(
                    "The plan of %(project)s is confirmed: the action item “%(item)s” cannot become a new task; "
                    "link it to an existing task or follow it up as an activity.",
                    project=self.project_id.name,
                    item=item.name,
                )
                for item in self.action_item_ids
                if item.create_task and not item.task_id
            ]
        return problems

    def action_distribute(self):
        """Post the minutes on the project for every member; hand out the action items."""
        self._check_can_organize()
        for meeting in self:
            if meeting.state != "draft":
                raise UserError(_("The minutes of %(meeting)s were already distributed.", meeting=meeting.display_name))
            problems = meeting._get_distribute_problems()
            if problems:
                raise UserError(
                    _("The minutes of %(meeting)s cannot be distributed yet:", meeting=meeting.display_name)
                    + "\n"
                    + "\n".join(f"- {problem}" for problem in problems)
                )
        for meeting in self:
            # sudo: the guard above established the caller as organizer; the minutes are posted on
            # the project and the action items are assigned to owners the caller cannot write for.
            meeting.sudo()._distribute()
        return True

    def _distribute(self):
        self.ensure_one()
        recipients = self._recipients()
        self.action_item_ids._hand_out()
        # one post per language of the recipients: each reads the minutes in their own
        for lang, group in recipients.grouped(lambda user: user.lang or "en_US").items():
            local = self.with_context(lang=lang)
            local.project_id.message_post(
                body=local._minutes_body(),
                subject=local.env._("Minutes: %(meeting)s", meeting=self.name),
                partner_ids=group.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        self.write({"state": "distributed", "date_distributed": fields.Datetime.now()})
        self._collab_announce_minutes(self._collab_file_minutes())
        self.message_post(
            body=_(
                "Minutes distributed to %(count)s people on the project %(project)s.",
                count=len(recipients),
                project=self.project_id.name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _minutes_body(self):
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        body = Markup("<p><b>%s</b></p>") % _(
            "Minutes of %(meeting)s (%(kind)s, %(date)s)",
            meeting=self.name,
            kind=kinds[self.kind],
            date=format_datetime(self.env, self.date, dt_format="short"),
        )
        if self.attendee_ids:
            body += Markup("<p>%s</p>") % _(
                "Attendees: %(names)s", names=", ".join(self.attendee_ids.sorted("name").mapped("name"))
            )
        if not is_html_empty(self.minutes):
            body += Markup("<div>%s</div>") % self.minutes
        if self.decision_ids:
            items = Markup("").join(Markup("<li>%s</li>") % item.name for item in self.decision_ids)
            body += Markup("<p><b>%s</b></p><ul>%s</ul>") % (_("Decisions"), items)
        if self.action_item_ids:
            items = Markup("").join(
                Markup("<li>%s</li>")
                % _(
                    "%(item)s — %(owner)s, due %(date)s%(task)s",
                    item=item.name,
                    owner=item.owner_id.name,
                    date=format_date(self.env, item.date_due),
                    task=_(" (task %(task)s)", task=item.task_id.display_name) if item.task_id else "",
                )
                for item in self.action_item_ids
            )
            body += Markup("<p><b>%s</b></p><ul>%s</ul>") % (_("Action Items"), items)
        return body

    def action_open_project(self):
        self._collab_records_arg(self)
        return self._collab_form_action(self.project_id)

    # ------------------------------------------------------------------------------------------
    # Reminder rule: minutes within 24 h
    # ------------------------------------------------------------------------------------------
    def _collab_reminder_rules(self):
        return [
            ReminderRule(
                code="meeting_minutes_late",
                model=self._name,
                domain=[("state", "=", "draft"), ("date_minutes_due", "!=", False)],
                moment=SQL.identifier(self._table, "date_minutes_due"),
                handler="_remind_minutes_late",
            ),
        ]

    def _remind_minutes_late(self, rule):
        """Flag the meetings late and remind their organizer and the project lead."""
        self.env.add_to_compute(self._fields["is_late"], self)
        self._recompute_recordset(["is_late"])
        engine = self.env["collab.reminder.engine"]
        sent = {}
        for meeting in self:
            users = meeting.organizer_id | meeting.project_id.user_id
            engine.notify(meeting, users, "cross_dept_collab.mail_template_collab_meeting_minutes_late")
            sent[meeting.id] = users
        return sent
