import base64
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..models import plan_excel

STANDARD_SEPARATOR = re.compile(r": |：")


class CollabPlanImport(models.TransientModel):
    """Import the seed's plan table (.xlsx/.xls) into a project: tasks are created or updated by
    WBS code; when any row is bad nothing is imported and every bad row is reported."""

    _name = "collab.plan.import"
    _description = "Import a Plan from Excel"

    project_id = fields.Many2one("project.project", required=True, ondelete="cascade")
    file = fields.Binary(required=True)
    filename = fields.Char()

    def _problem_text(self, problem):
        kind, value = problem
        columns = dict(zip(plan_excel.COLUMNS, self.project_id._plan_headers(), strict=True))
        messages = {
            "missing": _("%(column)s is missing", column=columns.get(value, value)),
            "bad_code": _("“%(value)s” is not a WBS code like 1.2.1", value=value),
            "bad_dates": _("“%(value)s” is not a date range like 2024-05-01 ~ 2024-05-20", value=value),
            "end_before_start": _("the end is before the start (%(value)s)", value=value),
            "bad_predecessor": _("“%(value)s” is not a WBS code", value=value),
            "self_dependency": _("a task cannot depend on itself"),
            "bad_status": _("unknown status “%(value)s”", value=value),
            "duplicate_code": _("WBS code %(value)s appears more than once", value=value),
            "missing_parent": _("parent task %(value)s is not in the file", value=value),
            "unknown_predecessor": _("predecessor %(value)s is not in the file", value=value),
            "cycle": _("dependency cycle %(value)s", value=value),
            "unknown_department": _("unknown department “%(value)s”", value=value),
            "unknown_owner": _("unknown owner “%(value)s”", value=value),
        }
        return messages.get(kind, f"{kind}: {value}")

    def _read_rows(self):
        try:
            raw = plan_excel.read_plan_rows(base64.b64decode(self.file), self.filename or "")
        except plan_excel.PlanFileError as error:
            if error.message_key == "unknown_format":
                raise UserError(_("Import an .xlsx or .xls file.")) from error
            raise UserError(_("The file %(file)s cannot be read as a spreadsheet.", file=self.filename)) from error
        if not raw:
            raise UserError(_("The file %(file)s has no task rows.", file=self.filename))
        statuses = {}
        for lang in {self.env.lang or "en_US", "en_US"}:
            labels = self.env["project.task"].with_context(lang=lang)._fields["collab_status"]
            statuses.update(
                {label: key for key, label in labels._description_selection(self.with_context(lang=lang).env)}
            )
        parsed = [(number, *plan_excel.parse_row(values, status_by_label=statuses)) for number, values in raw]
        problems = {number: list(row_problems) for number, _row, row_problems in parsed if row_problems}
        for number, row_problems in plan_excel.validate_rows((n, row) for n, row, _p in parsed).items():
            problems.setdefault(number, []).extend(row_problems)
        return [(number, row) for number, row, _p in parsed], problems

    def _resolve(self, rows, problems):
        """Departments by name, owners by name or login — one query each."""
        department_names = {row["department"] for _n, row in rows if row["department"]}
        departments = self.env["hr.department"].search(
            ["|", ("name", "in", list(department_names)), ("complete_name", "in", list(department_names))]
        )
        department_by_name = {d.name: d for d in departments} | {d.complete_name: d for d in departments}
        owner_names = {
            name.strip() for _n, row in rows for name in re.split(r"[,，、;；]", row["owner"]) if name.strip()
        }
        # archived users still own their past tasks
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search(["|", ("name", "in", list(owner_names)), ("login", "in", list(owner_names))])
        )
        user_by_name = {u.name: u for u in users} | {u.login: u for u in users}
        resolved = {}
        for number, row in rows:
            department = department_by_name.get(row["department"]) if row["department"] else None
            if row["department"] and not department:
                problems.setdefault(number, []).append(("unknown_department", row["department"]))
            owners = self.env["res.users"]
            for name in filter(None, (n.strip() for n in re.split(r"[,，、;；]", row["owner"]))):
                if name in user_by_name:
                    owners |= user_by_name[name]
                else:
                    problems.setdefault(number, []).append(("unknown_owner", name))
            resolved[number] = (department, owners)
        return resolved

    def action_import(self):
        self.ensure_one()
        rows, problems = self._read_rows()
        resolved = self._resolve(rows, problems)
        if problems:
            lines = [
                _("Row %(row)s: %(problems)s", row=number, problems="; ".join(self._problem_text(p) for p in found))
                for number, found in sorted(problems.items())
            ]
            raise UserError(_("Nothing was imported; fix these rows:") + "\n" + "\n".join(lines))
        changed = self._apply(rows, resolved)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Plan imported"),
                "message": _("%(count)s tasks created or updated.", count=changed),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _split_standard(self, text):
        parts = STANDARD_SEPARATOR.split(text, maxsplit=1)
        return (parts[0] or False, parts[1] or False) if len(parts) == 2 else (text or False, False)

    def _apply(self, rows, resolved):
        """Create or update tasks by WBS code, parents before children; write only what changed."""
        project = self.project_id
        Task = self.env["project.task"]
        by_code = {task.wbs_code: task for task in project.with_context(active_test=False).tasks if task.wbs_code}
        changed = Task
        for number, row in sorted(rows, key=lambda item: [int(p) for p in item[1]["code"].split(".")]):
            department, owners = resolved[number]
            deliverable, standard = self._split_standard(row["standard"])
            parent_code, _dot, position = row["code"].rpartition(".")
            values = {
                "name": row["name"],
                "collab_department_id": department.id if department else False,
                "date_planned_start": row["date_start"] or False,
                "date_planned_end": row["date_end"] or False,
                "deliverable": deliverable,
                "acceptance_standard": standard,
            }
            task = by_code.get(row["code"])
            if task:
                values = {
                    key: value
                    for key, value in values.items()
                    if (task[key].id if key == "collab_department_id" else task[key] or False) != value
                }
                if set(owners.ids) != set(task.user_ids.ids):
                    values["user_ids"] = [Command.set(owners.ids)]
                if values:
                    task.write(values)
                    changed |= task
            else:
                values.update(
                    project_id=project.id,
                    parent_id=by_code[parent_code].id if parent_code else False,
                    sequence=int(position),
                    user_ids=[Command.set(owners.ids)],
                )
                task = Task.create(values)
                by_code[row["code"]] = task
                changed |= task
        for _number, row in rows:
            task = by_code[row["code"]]
            predecessors = Task.browse([by_code[code].id for code in row["predecessors"]])
            if predecessors != task.depend_on_ids:
                task.depend_on_ids = [Command.set(predecessors.ids)]
                changed |= task
        self._align_sequences(rows, by_code)
        return len(changed)

    def _align_sequences(self, rows, by_code):
        """Renumber siblings whose computed code does not match the file."""
        codes = {row["code"] for _n, row in rows}
        if all(by_code[code].wbs_code == code for code in codes):
            return
        for code in codes:
            by_code[code].sequence = int(code.rpartition(".")[2])
