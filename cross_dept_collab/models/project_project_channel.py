"""project.project: the project group (项目群) — a Discuss group of the project's people where the
product announces what they must know (plan confirmed, changes, blocks, risks, minutes,
acceptance, the weekly status), with the people concerned @mentioned.

The group is a ``discuss.channel`` of type ``group``: Odoo's own record rules let only its
members read it and its messages (a ``channel`` type would be readable by a whole user group).
Its members are derived from the project and kept in step by ``_collab_channel_sync``, called
once per operation by the writes of the project, its team rows and its tasks."""

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# the project fields whose change changes the group (its people, its name, its life)
GROUP_PROJECT_FIELDS = frozenset(
    ("name", "user_id", "sponsor_id", "member_ids", "active", "company_id", "collab_request_id", "tasks", "task_ids")
)


class ProjectProjectChannel(models.Model):
    _inherit = "project.project"

    collab_channel_id = fields.Many2one(
        "discuss.channel",
        string="Project Group",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The project's Discuss group: its people exchange there, and the product posts what they must know.",
    )

    # ------------------------------------------------------------------------------------------
    # The guard: the group is the product's, never chosen over RPC
    # ------------------------------------------------------------------------------------------
    def _collab_guard_create(self, vals):
        if vals.get("collab_channel_id"):
            self._collab_refuse(["collab_channel_id"])
        return super()._collab_guard_create(vals)

    def _collab_guard_write(self, vals):
        if "collab_channel_id" in vals and not self._collab_unchanged("collab_channel_id", vals):
            self._collab_refuse(["collab_channel_id"])
        return super()._collab_guard_write(vals)

    # ------------------------------------------------------------------------------------------
    # ORM hooks: one sync per operation (team rows created with the project wait for it)
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        projects = super(ProjectProjectChannel, self.with_context(collab_channel_defer=True)).create(vals_list)
        projects = projects.with_env(self.env)
        if not self.env.context.get("collab_channel_defer"):
            projects._collab_channel_sync()
        return projects

    def write(self, vals):
        if not GROUP_PROJECT_FIELDS & set(vals):
            return super().write(vals)
        result = super(ProjectProjectChannel, self.with_context(collab_channel_defer=True)).write(vals)
        if not self.env.context.get("collab_channel_defer"):
            self._collab_channel_sync()
        return result

    # ------------------------------------------------------------------------------------------
    # Who is in the group
    # ------------------------------------------------------------------------------------------
    def _collab_is_group_project(self):
        """A collaboration project: born from a request, or with a team of departments."""
        self.ensure_one()
        return bool(self.collab_request_id or self.member_ids)

    def _collab_group_users(self):
        """The project's people: its lead, each team row's liaison and module owners, the owners
        of its tasks, its sponsor and the company's coordinator (internal, active users)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        users = self._collab_member_users() | self.tasks.user_ids | self.sponsor_id | company.collab_coordinator_id
        return users.filtered(lambda user: user.active and not user.share)

    def _collab_channel_sync(self):
        """Create the missing groups, and set each group's members, name and archive state from its
        project: the project's people join, the others leave. Batched: a few queries whatever
        the number of projects."""
        # sudo: the group is derived from the project whoever changed it (a liaison, a task owner,
        # the reminder engine); its members are the project's, which the caller cannot add to a
        # group they are not in — the project's people and nothing else are written below
        projects = self.sudo().exists().filtered(lambda project: project._collab_is_group_project())
        if not projects:
            return
        Channel = self.env["discuss.channel"].sudo().with_context(active_test=False)
        missing = projects.filtered(lambda project: not project.collab_channel_id)
        created = set()
        if missing:
            channels = Channel.create(
                [
                    {
                        "name": project.name,
                        "channel_type": "group",
                        "description": project.with_context(
                            lang=(project.company_id or self.env.company)._collab_lang()
                        ).env._("Project group of %(project)s", project=project.name),
                    }
                    for project in missing
                ]
            )
            for project, channel in zip(missing, channels, strict=True):
                project.collab_channel_id = channel
            created = set(channels.ids)
        channels = projects.collab_channel_id.with_context(active_test=False)
        for project in projects:
            channel = project.collab_channel_id
            if channel.name != project.name:
                channel.name = project.name
        to_archive = projects.filtered(lambda p: not p.active and p.collab_channel_id.active).collab_channel_id
        to_restore = projects.filtered(lambda p: p.active and not p.collab_channel_id.active).collab_channel_id
        to_archive.write({"active": False})
        to_restore.write({"active": True})

        Member = self.env["discuss.channel.member"].sudo()
        current = defaultdict(lambda: self.env["res.partner"])
        members = Member.search([("channel_id", "in", channels.ids), ("partner_id", "!=", False)])
        for member in members:
            current[member.channel_id.id] |= member.partner_id
        wanted = {project.collab_channel_id.id: project._collab_group_users().partner_id for project in projects}
        to_create = [
            {"channel_id": channel_id, "partner_id": partner.id}
            for channel_id, partners in wanted.items()
            for partner in partners - current[channel_id]
        ]
        to_remove = members.filtered(lambda m: m.partner_id not in wanted[m.channel_id.id])
        if to_create:
            Member.create(to_create)
        if to_remove:
            to_remove.unlink()
        # the trace: who joined and who left, in the group itself
        for project in projects:
            channel_id = project.collab_channel_id.id
            joined = wanted[channel_id] - current[channel_id]
            left = current[channel_id] - wanted[channel_id]
            if (joined or left) and channel_id not in created:
                project._collab_channel_trace(joined, left)

    def _collab_channel_trace(self, joined, left):
        """A notification in the group naming who joined and who left it (not on its creation)."""
        self.ensure_one()
        lang = (self.company_id or self.env.company)._collab_lang()
        env = self.with_context(lang=lang).env
        lines = []
        if joined:
            lines.append(env._("Joined the project group: %(names)s", names=", ".join(joined.mapped("name"))))
        if left:
            lines.append(env._("Left the project group: %(names)s", names=", ".join(left.mapped("name"))))
        body = Markup('<div class="o_mail_notification">%s</div>') % Markup("<br/>").join(lines)
        self.collab_channel_id.sudo().message_post(
            body=body, author_id=self.env.ref("base.partner_root").id, message_type="notification"
        )

    # ------------------------------------------------------------------------------------------
    # Posting in the group
    # ------------------------------------------------------------------------------------------
    def _collab_group_post(self, record, message, users=None, attachments=None):
        """Post ``message`` in the group of each of these projects, about ``record``.

        :param record: the record the post is about (linked at the end of the post)
        :param message: the text (escaped) or Markup, or a callable ``message(record)`` called
            with ``record`` in the company's language — so its ``env._()`` texts are rendered in
            the language the whole group reads
        :param users: the people concerned, @mentioned and notified (inbox or email, as each
            chose); only the group's members are mentioned: the others cannot read it
        :param attachments: ``[(file name, content)]`` attached to the post
        :return: the posted messages

        Posted as OdooBot: the product's announcement, whoever (a user, the reminder engine)
        triggered it; the acting user may not be in the group, and is notified like the others.
        """
        messages = self.env["mail.message"]
        # sudo: the project's settings and group are read whoever triggered the event
        for project in self.sudo():
            company = project.company_id or self.env.company
            if not company.collab_group_post or not project._collab_is_group_project():
                continue
            if not project.collab_channel_id:
                project._collab_channel_sync()
            channel = project.collab_channel_id
            lang = company._collab_lang()
            local = record.with_context(lang=lang)
            text = message(local) if callable(message) else message
            mentioned = (users or self.env["res.users"]).sudo().partner_id & channel.channel_member_ids.partner_id
            body = Markup("")
            if mentioned:
                body += Markup("<p>%s</p>") % Markup(" ").join(
                    Markup('<a href="#" class="o_mail_redirect" data-oe-id="%s" data-oe-model="res.partner">@%s</a>')
                    % (partner.id, partner.name)
                    for partner in mentioned.sorted("name")
                )
            body += Markup("<p>%s</p>") % (text if isinstance(text, Markup) else escape(text))
            if hasattr(record, "_notify_get_action_link") and record:
                body += Markup('<p><a href="%s">%s</a></p>') % (
                    record._notify_get_action_link("view"),
                    local.sudo().display_name,
                )
            # sudo: the post is the product's, in a group the acting user may not belong to
            messages |= (
                channel.sudo()
                .with_context(lang=lang)
                .message_post(
                    body=body,
                    partner_ids=mentioned.ids,
                    author_id=self.env.ref("base.partner_root").id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    attachments=attachments or [],
                )
            )
        return messages

    # ------------------------------------------------------------------------------------------
    # Opening the group in Discuss
    # ------------------------------------------------------------------------------------------
    def action_open_collab_channel(self):
        """Open the project's group in Discuss (desktop and phone); created on first use."""
        self._collab_records_arg(self)
        if not self.collab_channel_id:
            self._collab_channel_sync()
        channel = self.sudo().collab_channel_id
        if not channel:
            raise UserError(
                _("%(project)s is not a collaboration project: it has no project group.", project=self.name)
            )
        if self.env.user.partner_id not in channel.channel_member_ids.partner_id:
            raise UserError(
                _(
                    "The project group of %(project)s is for its people (lead, team, task owners, sponsor, "
                    "coordinator): you are not one of them.",
                    project=self.name,
                )
            )
        # Discuss reads the thread from the context first, where the form's button puts the
        # project's id: the channel is named there too
        active_id = f"discuss.channel_{channel.id}"
        return {
            "type": "ir.actions.client",
            "tag": "mail.action_discuss",
            "name": channel.name,
            "context": {"active_id": active_id},
            "params": {"active_id": active_id},
        }

    # ------------------------------------------------------------------------------------------
    # Events of the project: plan confirmed
    # ------------------------------------------------------------------------------------------
    def _on_signoff_decided(self, kind):
        before = {project.id: project.plan_state for project in self}
        result = super()._on_signoff_decided(kind)
        if kind == "plan":
            for project in self.filtered(lambda p: p.plan_state == "confirmed" and before[p.id] != "confirmed"):
                project._collab_group_post(
                    project,
                    lambda local: local.env._(
                        "The plan of %(project)s is confirmed: every task owner signed it. It is the baseline; "
                        "it now changes only through a change request.",
                        project=local.name,
                    ),
                    users=project.tasks.user_ids | project.user_id,
                )
        return result
