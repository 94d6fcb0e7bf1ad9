import datetime

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .plan_scheduling import DATE_MAX, DATE_MIN

COORDINATOR_GROUP = "cross_dept_collab.group_collab_coordinator"
# free texts an operation takes (reasons, feedback, comments, notes): at most this many characters
TEXT_ARG_MAX = 10_000


class CollabWorkflowGuard(models.AbstractModel):
    """The one server-side lock of every workflow in the module.

    A user's ``create``/``write`` (RPC, the web client, an import) may not touch the fields that
    belong to the workflow — states, decisions, deciders, numbers, rounds, parent links, computed
    statuses — and may edit the other fields only in the states where the form offers them. The
    ``action_*`` methods check who may act, then write as superuser (``self.env.su``): that is the
    only way past the guard; no context key lifts it. Views' ``readonly`` is decoration.

    A model declares, as class attributes:

    - ``_collab_workflow_fields``: fields only the workflow changes;
    - ``_collab_create_fields``: workflow fields a user may still give when creating (a parent
      link, the initiator), checked further by ``_collab_check_create_values``;
    - ``_collab_edit_states``: states in which the other fields may be edited (``None``: any);
    - ``_collab_parent_field``: for a child (a request's ask, a change's line…), the parent whose
      editability the child follows for create, write and unlink.
    """

    _name = "collab.workflow.guard"
    _description = "Collaboration workflow guard"

    _collab_workflow_fields = ()
    _collab_create_fields = ()
    _collab_edit_states = None
    _collab_state_field = "state"
    _collab_parent_field = None
    # fields that name who decides or answers (sponsor, approver, reporter …): the coordinator's
    _collab_coordinator_fields = ()
    # titles a list, a kanban card or a phone screen must show: capped (characters)
    _collab_max_lengths = {}
    # chatter, activities, followers and ORM bookkeeping stay writable whatever the state
    _collab_free_prefixes = ("message_", "activity_", "website_message", "rating_")
    _collab_free_fields = ("write_date", "write_uid", "display_name", "__last_update")

    # ------------------------------------------------------------------------------------------
    # ORM entry points
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._collab_guard_create(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and vals:
            self._collab_guard_write(vals)
        return super().write(vals)

    def unlink(self):
        if not self.env.su and self._collab_parent_field:
            self[self._collab_parent_field]._collab_check_editable(self._collab_parent_field)
        return super().unlink()

    # ------------------------------------------------------------------------------------------
    # The checks
    # ------------------------------------------------------------------------------------------
    def _collab_field_labels(self, fnames):
        return ", ".join(self._fields[fname]._description_string(self.env) for fname in fnames)

    def _collab_is_free(self, fname):
        return fname in self._collab_free_fields or fname.startswith(self._collab_free_prefixes)

    def _collab_check_problems(self, problems_of, headline):
        """Refuse a step at once for every record that is not ready for it: one ``ValidationError``
        listing, under ``headline(record)``, what ``problems_of(record)`` (a list of texts) finds."""
        messages = []
        for record in self:
            problems = problems_of(record)
            if problems:
                messages.append(headline(record) + "\n" + "\n".join(f"- {problem}" for problem in problems))
        if messages:
            raise ValidationError("\n\n".join(messages))

    def _collab_refuse(self, fnames):
        raise UserError(
            _(
                "%(fields)s of %(model)s change only through its buttons (the workflow), not by editing.",
                fields=self._collab_field_labels(fnames),
                model=self._collab_model_label(),
            )
        )

    def _collab_model_label(self):
        """The model's name in the reader's language (its ``ir.model`` record; ``_description`` is
        the English one)."""
        # sudo: only the model's translated name is read
        return self.env["ir.model"].sudo()._get(self._name).name or self._description

    def _collab_check_lengths(self, vals):
        for fname, limit in self._collab_max_lengths.items():
            value = vals.get(fname)
            if isinstance(value, str) and len(value) > limit:
                raise ValidationError(
                    _(
                        "%(field)s is too long: at most %(limit)s characters (%(length)s given).",
                        field=self._fields[fname]._description_string(self.env),
                        limit=limit,
                        length=len(value),
                    )
                )

    def _collab_guard_create(self, vals):
        self._collab_check_lengths(vals)
        defaults = None
        refused = []
        for fname in self._collab_workflow_fields:
            if fname not in vals or fname in self._collab_create_fields:
                continue
            value = vals[fname]
            if not value:
                continue
            if defaults is None:
                defaults = self.default_get(list(self._collab_workflow_fields))
            if fname in defaults and defaults[fname] == value:
                continue
            refused.append(fname)
        if refused:
            self._collab_refuse(refused)
        self._collab_check_create_values(vals)
        if self._collab_parent_field and vals.get(self._collab_parent_field):
            parent = self[self._collab_parent_field].browse(vals[self._collab_parent_field])
            parent._collab_check_editable(self._collab_parent_field)

    def _collab_guard_write(self, vals):
        self._collab_check_lengths(vals)
        refused = [
            fname for fname in self._collab_workflow_fields if fname in vals and not self._collab_unchanged(fname, vals)
        ]
        if refused:
            self._collab_refuse(refused)
        self._collab_check_write_values(vals)
        edited = [fname for fname in vals if fname in self._fields and not self._collab_is_free(fname)]
        if edited:
            self._collab_check_editable(edited)
            if self._collab_parent_field:
                self[self._collab_parent_field]._collab_check_editable(self._collab_parent_field)

    def _collab_unchanged(self, fname, vals):
        """The web client may send back a value it did not change; that is not an edit."""
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return False
        new = vals[fname]
        return all(field.convert_to_write(record[fname], record) == new for record in self)

    def _collab_check_editable(self, fnames=None):
        """Refuse editing records that are not in an editable state for the current user."""
        if self.env.su or not self:
            return
        states = self._collab_editable_states()
        if states is None:
            return
        locked = self.filtered(lambda r: r[self._collab_state_field] not in states)
        if locked:
            record = locked[0]
            state = dict(self._fields[self._collab_state_field]._description_selection(self.env)).get(
                record[self._collab_state_field], record[self._collab_state_field]
            )
            raise UserError(
                _(
                    "%(record)s is %(state)s: it can no longer be edited.",
                    record=record.display_name,
                    state=state,
                )
            )

    def _collab_editable_states(self):
        """States in which the current user may edit; hook for role-dependent states."""
        return self._collab_edit_states

    def _collab_check_create_values(self, vals):
        """Hook: further checks of the workflow values a user gives when creating."""

    def _collab_check_write_values(self, vals):
        """Further checks of a user's write; by default, only the coordinator changes
        ``_collab_coordinator_fields``."""
        chosen = [f for f in self._collab_coordinator_fields if f in vals and not self._collab_unchanged(f, vals)]
        if chosen:
            self._collab_require_coordinator(chosen)

    @api.model
    def _collab_is_coordinator(self):
        return self.env.su or self.env.user.has_group(COORDINATOR_GROUP)

    def _collab_require_coordinator(self, fnames):
        if not self._collab_is_coordinator():
            raise AccessError(
                _(
                    "Only the coordinator can set %(fields)s of %(model)s.",
                    fields=self._collab_field_labels(fnames),
                    model=self._collab_model_label(),
                )
            )

    # ------------------------------------------------------------------------------------------
    # Serialising the "is the round complete?" decision
    # ------------------------------------------------------------------------------------------
    def _collab_lock(self):
        """Serialise the transactions that decide for these (parent) records.

        The row is updated, not only locked: a concurrent transaction that read the siblings
        before we committed then fails to serialise on it and Odoo retries the whole call, which
        reads the siblings again — so two simultaneous last decisions make exactly one transition.
        """
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date WHERE id IN %s",
                    SQL.identifier(self._table),
                    tuple(self.ids),
                )
            )

    # ------------------------------------------------------------------------------------------
    # Arguments of public methods: RPC callers may send anything
    # ------------------------------------------------------------------------------------------
    @api.model
    def _collab_text_arg(self, value, label):
        """A free-text argument: None or a string (stripped) of at most ``TEXT_ARG_MAX``
        characters; anything else is refused."""
        if value is None or value is False:
            return None
        if not isinstance(value, str):
            raise UserError(_("%(argument)s must be a text.", argument=label))
        value = value.strip()
        if len(value) > TEXT_ARG_MAX:
            raise UserError(
                _(
                    "%(argument)s is too long: at most %(limit)s characters (%(length)s given).",
                    argument=label,
                    limit=TEXT_ARG_MAX,
                    length=len(value),
                )
            )
        return value

    @api.model
    def _collab_choice_arg(self, value, choices, label):
        """One of ``choices`` (the keys of a selection or of a dict): anything else is refused."""
        if not isinstance(value, str) or value not in choices:
            raise UserError(
                _(
                    "%(argument)s must be one of: %(choices)s.",
                    argument=label,
                    choices=", ".join(str(choice) for choice in choices),
                )
            )
        return value

    @api.model
    def _collab_form_action(self, record, **extra):
        """The window action opening ``record``'s form: the "Open …" buttons of the module."""
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
            **extra,
        }

    def _collab_records_arg(self, records, single=True):
        """The records a public method is called on (RPC may send none, or several to a method
        that acts on one): refused with a UserError instead of ``ensure_one``'s ValueError."""
        if not records:
            raise UserError(_("There is no %(model)s to act on: it may have been deleted.", model=records._description))
        if single and len(records) > 1:
            raise UserError(
                _(
                    "This acts on one %(model)s at a time (%(count)s given).",
                    model=records._description,
                    count=len(records),
                )
            )
        return records

    @api.model
    def _collab_date_arg(self, value, label):
        """A date argument (a date or an ISO string) within 1900–2200."""
        if value is None or value is False:
            return None
        try:
            date = fields.Date.to_date(value)
        except (TypeError, ValueError):
            date = None
        if not date:
            raise UserError(_("%(argument)s must be a date such as 2026-12-31.", argument=label))
        check_date_bounds(self.env, date, label)
        return date

    @api.model
    def _collab_record_arg(self, model, value, label):
        """A record id (or a record) of ``model`` that exists; anything else is refused."""
        if isinstance(value, models.BaseModel):
            value = value.id if len(value) == 1 and value._name == model else None
        if value is None or value is False:
            return self.env[model]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0 or value > 2**31 - 1:
            raise UserError(_("%(argument)s must be the id of a record.", argument=label))
        record = self.env[model].browse(value)
        if not record.exists():
            raise UserError(_("%(argument)s: there is no record with id %(id)s.", argument=label, id=value))
        return record


def text_to_html(text):
    """Plain text a person typed, as HTML to show: escaped (never markup), line breaks kept."""
    if not text:
        return Markup("")
    return Markup("<p>%s</p>") % Markup("<br/>").join(escape(line) for line in str(text).splitlines())


def check_date_bounds(env, value, label):
    """Dates a person can mean: 1900–2200 (a year 9999 breaks timelines and silences reminders)."""
    if not value:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            env._(
                "%(field)s must be between %(start)s and %(end)s (got %(value)s).",
                field=label,
                start=DATE_MIN,
                end=DATE_MAX,
                value=value,
            )
        )
