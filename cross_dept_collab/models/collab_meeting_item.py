from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

ACTION_ACTIVITY = "mail.mail_activity_data_todo"


class CollabMeetingItem(models.Model):
    """A decision or an action item of a meeting; action items become a task or an activity."""

    _name = "collab.meeting.item"
    _description = "Meeting Decision or Action Item"
    _order = "meeting_id, kind, sequence, id"
    _inherit = ["collab.workflow.guard"]
    _collab_workflow_fields = ("meeting_id", "activity_id")
    _collab_create_fields = ("meeting_id",)
    _collab_parent_field = "meeting_id"

    meeting_id = fields.Many2one("collab.meeting", string="Meeting", required=True, ondelete="cascade", index=True)
    project_id = fields.Many2one(related="meeting_id.project_id")
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    meeting_state = fields.Selection(related="meeting_id.state", string="Meeting State")
    kind = fields.Selection([("decision", "Decision"), ("action", "Action Item")], required=True, default="action")
    sequence = fields.Integer(default=10)
    name = fields.Char("Description", required=True)
    owner_id = fields.Many2one("res.users", string="Owner", index="btree_not_null")
    date_due = fields.Date("Due Date")
    create_task = fields.Boolean(
        "Becomes a Task", help="Create a task of the project for the owner; otherwise the owner gets an activity."
    )
    task_id = fields.Many2one(
        "project.task",
        string="Task",
        index="btree_not_null",
        help="The task this item is about (its activity is scheduled there), or the task created from it.",
    )
    activity_id = fields.Many2one("mail.activity", string="Activity", readonly=True, ondelete="set null")

    @api.constrains("task_id", "meeting_id")
    def _check_task_in_project(self):
        for item in self.filtered("task_id"):
            if item.task_id.project_id != item.meeting_id.project_id:
                raise ValidationError(
                    _(
                        "The task %(task)s of the item “%(item)s” is not a task of the project %(project)s.",
                        task=item.task_id.display_name,
                        item=item.name,
                        project=item.meeting_id.project_id.display_name,
                    )
                )

    def _hand_out(self):
        """Give each action item to its owner: a new task, or an activity (on its task if any)."""
        for item in self.filtered(lambda i: i.kind == "action"):
            # sudo: distributing the minutes links what it handed out to the frozen items
            if item.create_task and not item.task_id:
                item.sudo().task_id = item._create_task()
            else:
                item.sudo().activity_id = item._schedule_activity()

    def _create_task(self):
        self.ensure_one()
        project = self.meeting_id.project_id
        # the description is stored on the task for the whole team: in the company's language
        lang_env = self.with_context(lang=(project.company_id or self.env.company)._collab_lang()).env
        return self.env["project.task"].create(
            {
                "name": self.name,
                "project_id": project.id,
                "user_ids": [Command.set(self.owner_id.ids)],
                "date_deadline": self.date_due,
                "description": Markup("<p>%s</p>")
                % lang_env._("Action item of the meeting %(meeting)s.", meeting=self.meeting_id.display_name),
            }
        )

    def _schedule_activity(self):
        self.ensure_one()
        target = self.task_id or self.meeting_id
        # the note in the owner's language (the summary is the item's own text)
        local = target.with_context(lang=self.owner_id.lang or "en_US")
        return local.activity_schedule(
            ACTION_ACTIVITY,
            date_deadline=self.date_due,
            summary=self.name,
            note=local.env._("Action item of the meeting %(meeting)s.", meeting=self.meeting_id.display_name),
            user_id=self.owner_id.id,
        )
