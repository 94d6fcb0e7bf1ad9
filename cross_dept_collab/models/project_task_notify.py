from odoo import api, models


class ProjectTask(models.Model):
    _inherit = "project.task"

    @api.model
    def _task_message_auto_subscribe_notify(self, users_per_task):
        """Odoo's "You have been assigned to …" notice in each assignee's language.

        Odoo's project renders the assignment notice in the language of whoever assigned the task
        (when a project is created from an approved request: the company's); mail.thread's own
        auto-subscription groups by language, project's does not. Each language's assignees get it
        rendered in theirs."""
        by_lang = {}
        for task, users in users_per_task.items():
            # sudo: only the assignees' language is read, to pick the one each notice is written in
            for user in users.sudo():
                by_lang.setdefault(user.lang or False, {}).setdefault(task.id, self.env["res.users"])
                by_lang[user.lang or False][task.id] |= user
        for lang, users_by_task_id in by_lang.items():
            localized = self.with_context(lang=lang) if lang else self
            super(ProjectTask, localized)._task_message_auto_subscribe_notify(
                {localized.browse(task_id): users for task_id, users in users_by_task_id.items()}
            )
        return None
