import base64
import binascii
import re
from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..models import plan_excel

STANDARD_SEPARATOR = re.compile(r": |：")
MAX_LISTED_ROWS = 50  # rows with problems listed in one message; the others are counted


class CollabPlanImport(models.TransientModel):
    """Import the plan table (任务分解与计划表) (.xlsx/.xls) into a project: tasks are created or updated by
    WBS code; when any row is bad nothing is imported and every bad row is reported.

    The file is untrusted: its format comes from its bytes, its size, rows and cells are capped
    (see plan_excel), messages quote at most a short excerpt of a cell, and the tasks are written
    in batches inside a savepoint, so a refusal leaves nothing half-written."""

    _name = "collab.plan.import"
    _description = "Import a Plan from Excel"

    project_id = fields.Many2one("project.project", required=True, ondelete="cascade")
    # kept in the wizard's row, not an attachment: an attachment decodes on write and would fail
    # with a traceback on data that is not base64; action_import decodes and refuses it clearly
    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()
    # after the import the dialog shows what it did: counts per phase and warnings
    state = fields.Selection([("upload", "Upload"), ("done", "Imported")], default="upload", readonly=True)
    result = fields.Html("Import Result", readonly=True, sanitize=True)

    def _file_label(self):
        return plan_excel.excerpt(self.filename or _("the file"), 80)

    def _problem_text(self, problem):
        kind, value = problem
        columns = dict(zip(plan_excel.COLUMNS, self.project_id._plan_headers(), strict=True))
        if kind in ("missing", "too_long"):
            value = columns.get(value, value)
        else:  # a cell of the file: quote a short excerpt only
            value = plan_excel.excerpt(value, 200 if kind == "cycle" else plan_excel.EXCERPT_CHARS)
        messages = {
            "missing": _("%(column)s is missing", column=value),
            "too_long": _(
                "%(column)s is longer than the limit of %(limit)s characters",
                column=value,
                limit=plan_excel.MAX_CELL_CHARS,
            ),
            "code_too_deep": _(
                "“%(value)s” has more than the limit of %(limit)s levels", value=value, limit=plan_excel.MAX_CODE_DEPTH
            ),
            "code_too_large": _(
                "“%(value)s” has a number above the limit of %(limit)s", value=value, limit=plan_excel.MAX_CODE_NUMBER
            ),
            "date_out_of_range": _(
                "“%(value)s” is outside the years %(first)s to %(last)s",
                value=value,
                first=plan_excel.DATE_MIN.year,
                last=plan_excel.DATE_MAX.year,
            ),
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

    def _file_content(self):
        """The uploaded bytes; empty, oversized or non-base64 uploads are refused."""
        data = self.file or b""
        if isinstance(data, str):
            data = data.encode("ascii", "replace")
        data = re.sub(rb"\s+", b"", data)
        limit_mb = plan_excel.MAX_FILE_BYTES // (1024 * 1024)
        too_large = _(
            "The file %(file)s is larger than the limit of %(limit)s MB.", file=self._file_label(), limit=limit_mb
        )
        if len(data) > (plan_excel.MAX_FILE_BYTES + 2) // 3 * 4:  # not even decoded: it cannot fit
            raise UserError(too_large)
        try:
            content = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(
                _("The upload %(file)s could not be decoded: it is not base64 data.", file=self._file_label())
            ) from error
        if not content:
            raise UserError(_("The file %(file)s is empty.", file=self._file_label()))
        if len(content) > plan_excel.MAX_FILE_BYTES:
            raise UserError(too_large)
        return content

    def _file_error(self, error):
        """The UserError of a file plan_excel refused, naming the limit it broke."""
        file = self._file_label()
        megabytes = (error.limit or 0) // (1024 * 1024)
        messages = {
            "unknown_format": _("Import an .xlsx or .xls file."),
            "too_large": _("The file %(file)s is larger than the limit of %(limit)s MB.", file=file, limit=megabytes),
            "unpacks_too_large": _(
                "The file %(file)s unpacks to more than the limit of %(limit)s MB.", file=file, limit=megabytes
            ),
            "too_many_parts": _(
                "The file %(file)s holds more than the limit of %(limit)s parts.", file=file, limit=error.limit
            ),
            "declares_entities": _(
                "The file %(file)s declares XML entities or a DTD, which a spreadsheet never needs: it is refused.",
                file=file,
            ),
            "too_many_rows": _(
                "The file %(file)s has more than the limit of %(limit)s rows: split the plan into several files.",
                file=file,
                limit=error.limit,
            ),
            "too_slow": _(
                "Reading the file %(file)s took longer than the limit of %(limit)s seconds.",
                file=file,
                limit=error.limit,
            ),
        }
        return UserError(
            messages.get(error.message_key) or _("The file %(file)s cannot be read as a spreadsheet.", file=file)
        )

    def _read_rows(self):
        try:
            raw = plan_excel.read_plan_rows(self._file_content(), self.filename or "")
        except plan_excel.PlanFileError as error:
            raise self._file_error(error) from error
        if not raw:
            raise UserError(_("The file %(file)s has no task rows.", file=self._file_label()))
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
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        rows, problems = self._read_rows()
        resolved = self._resolve(rows, problems)
        if problems:
            listed = sorted(problems.items())[:MAX_LISTED_ROWS]
            lines = [
                _("Row %(row)s: %(problems)s", row=number, problems="; ".join(self._problem_text(p) for p in found))
                for number, found in listed
            ]
            if len(problems) > len(listed):
                lines.append(_("… and %(count)s more rows with problems.", count=len(problems) - len(listed)))
            raise UserError(_("Nothing was imported; fix these rows:") + "\n" + "\n".join(lines))
        # a constraint failing half-way (e.g. the plan was confirmed meanwhile) undoes every write
        with self.env.cr.savepoint():
            created, updated, imported = self._apply(rows, resolved)
        self.write({"state": "done", "result": self._result_html(rows, resolved, created, updated, imported)})
        return {
            "type": "ir.actions.act_window",
            "name": _("Plan imported"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_close_result(self):
        """Close the result and reload the project behind it: its Tasks button counts the new tasks."""
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def _result_html(self, rows, resolved, created, updated, imported):
        """What the import did, in the reader's language: created/updated/unchanged counts per
        phase (top-level row of the file) and the warnings the rows deserve."""
        by_code = {row["code"]: row for _n, row in rows}
        phases = {}  # top-level code -> [tasks in the file, created, updated]
        for _number, row in rows:
            top = row["code"].split(".")[0]
            counts = phases.setdefault(top, [0, 0, 0])
            counts[0] += 1
            task_id = imported[row["code"]]
            counts[1] += task_id in created
            counts[2] += task_id in updated
        parents = {code.rpartition(".")[0] for code in by_code if "." in code}
        warnings = []
        for number, row in rows:
            if row["code"] in parents:
                continue  # a phase: its dates and owners come from its tasks
            label = f"{row['code']} {row['name']}"
            if not resolved[number][1]:
                warnings.append(_("Row %(row)s: %(task)s has no owner.", row=number, task=label))
            if not (row["date_start"] and row["date_end"]):
                warnings.append(_("Row %(row)s: %(task)s has no planned dates.", row=number, task=label))
        imported_ids = set(imported.values())
        kept = self.project_id.tasks.filtered(lambda t: t.id not in imported_ids)
        if kept:
            # (no f-string inside a translated call: Odoo's term extractor cannot read one)
            kept_names = ", ".join(" ".join(filter(None, (t.wbs_code, t.name))) for t in kept[:10])
            warnings.append(
                _(
                    "%(count)s tasks of the project are not in the file and were left as they were: %(tasks)s",
                    count=len(kept),
                    tasks=kept_names + (" …" if len(kept) > 10 else ""),
                )
            )
        unchanged = len(rows) - len(created) - len(updated)
        summary = _(
            "%(rows)s rows read from %(file)s: %(created)s tasks created, %(updated)s updated, %(unchanged)s unchanged.",
            rows=len(rows),
            file=self._file_label(),
            created=len(created),
            updated=len(updated),
            unchanged=unchanged,
        )
        phase_names = {code: " ".join((code, row["name"])) for code, row in by_code.items()}
        phase_lines = [
            _(
                "%(phase)s: %(count)s tasks (%(created)s created, %(updated)s updated)",
                phase=phase_names.get(code, code),
                count=count,
                created=new,
                updated=changed,
            )
            for code, (count, new, changed) in sorted(phases.items(), key=lambda item: int(item[0]))
        ]
        html = Markup("<p>%s</p><h5>%s</h5><ul>%s</ul>") % (
            summary,
            _("Per phase"),
            Markup().join(Markup("<li>%s</li>") % line for line in phase_lines),
        )
        if warnings:
            html += Markup('<h5>%s</h5><ul class="text-warning">%s</ul>') % (
                _("Warnings (%(count)s)", count=len(warnings)),
                Markup().join(Markup("<li>%s</li>") % line for line in warnings[:MAX_LISTED_ROWS]),
            )
            if len(warnings) > MAX_LISTED_ROWS:
                html += Markup("<p>%s</p>") % _("… and %(count)s more warnings.", count=len(warnings) - MAX_LISTED_ROWS)
        else:
            html += Markup('<p class="text-success">%s</p>') % _("No warnings.")
        return html

    @api.model
    def _split_standard(self, text):
        parts = STANDARD_SEPARATOR.split(text, maxsplit=1)
        return (parts[0] or False, parts[1] or False) if len(parts) == 2 else (text or False, False)

    def _apply(self, rows, resolved):
        """Create or update tasks by WBS code and write only what changed, in batches: one create
        per level of the hierarchy (a child needs its parent's id), one write per distinct set of
        changed values, dependencies grouped by predecessor set. Returns the ids of the tasks created
        and of the tasks updated, and each WBS code of the file with its task id."""
        project = self.project_id
        # like Odoo's own import, no "Task created" note per task: the project gets one note instead
        Task = self.env["project.task"].with_context(mail_create_nolog=True)
        by_code = {task.wbs_code: task for task in project.with_context(active_test=False).tasks if task.wbs_code}
        changed = set()
        created_ids = set()
        phase_codes = {row["code"].rpartition(".")[0] for _n, row in rows if "." in row["code"]}
        new_by_depth = defaultdict(list)
        updates = defaultdict(list)
        for number, row in rows:
            department, owners = resolved[number]
            deliverable, standard = self._split_standard(row["standard"])
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
                    # a phase's dates are its tasks' (they roll up): not a change of the phase
                    and not (row["code"] in phase_codes and key in ("date_planned_start", "date_planned_end"))
                }
                if set(owners.ids) != set(task.user_ids.ids):
                    values["user_ids"] = [Command.set(owners.ids)]
                if values:
                    updates[repr(sorted(values.items()))].append((task, values))
            else:
                values["user_ids"] = [Command.set(owners.ids)]
                new_by_depth[row["code"].count(".")].append((row["code"], values))
        # the file's dates are written as they are; their successors are shifted once at the end
        # (from every task whose dates the file moved), not from each write
        old_spans = {
            task.id: (task.date_planned_start, task.date_planned_end)
            for grouped in updates.values()
            for task, values in grouped
            if "date_planned_start" in values or "date_planned_end" in values
        }
        for grouped in updates.values():
            tasks = Task.union(*(task for task, _values in grouped))
            tasks.with_context(collab_no_cascade=True).write(grouped[0][1])
            changed.update(tasks.ids)
        for depth in sorted(new_by_depth):
            level = new_by_depth[depth]
            created = Task.create(
                [
                    {
                        **values,
                        "project_id": project.id,
                        "parent_id": by_code[code.rpartition(".")[0]].id if depth else False,
                        "sequence": int(code.rpartition(".")[2]),
                    }
                    for code, values in level
                ]
            )
            for (code, _values), task in zip(level, created, strict=True):
                by_code[code] = task
            changed.update(created.ids)
            created_ids.update(created.ids)
        changed.update(self._apply_dependencies(rows, by_code))
        self._align_sequences(rows, by_code)
        if old_spans:
            project._plan_cascade(old_spans)
        if changed:
            project.message_post(
                body=_(
                    "Plan imported from %(file)s: %(count)s tasks created or updated.",
                    file=self._file_label(),
                    count=len(changed),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return created_ids, changed - created_ids, {row["code"]: by_code[row["code"]].id for _n, row in rows}

    def _apply_dependencies(self, rows, by_code):
        """Set each task's predecessors, one write per distinct set; returns the changed task ids."""
        by_predecessors = defaultdict(list)
        for _number, row in rows:
            task = by_code[row["code"]]
            predecessor_ids = frozenset(by_code[code].id for code in row["predecessors"])
            if predecessor_ids != set(task.depend_on_ids.ids):
                by_predecessors[predecessor_ids].append(task.id)
        Task = self.env["project.task"]
        for predecessor_ids, task_ids in by_predecessors.items():
            Task.browse(task_ids).write({"depend_on_ids": [Command.set(sorted(predecessor_ids))]})
        return {task_id for task_ids in by_predecessors.values() for task_id in task_ids}

    def _align_sequences(self, rows, by_code):
        """Renumber siblings whose computed code does not match the file, one write per sequence."""
        codes = {row["code"] for _n, row in rows}
        if all(by_code[code].wbs_code == code for code in codes):
            return
        by_sequence = defaultdict(list)
        for code in codes:
            by_sequence[int(code.rpartition(".")[2])].append(by_code[code].id)
        for sequence, task_ids in by_sequence.items():
            self.env["project.task"].browse(task_ids).write({"sequence": sequence})
