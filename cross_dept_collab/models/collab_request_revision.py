"""What second coordination revised between two department-review rounds of a request.

A round opens with a snapshot of what the departments are asked (the asks, their due dates, the
involved departments, the scope and the expected completion date). Restarting the review compares
the request with that snapshot; the changes are kept as data on the restart's decision-log line
and rendered at read time in the reader's language ("Marketing: due date 5 May → 8 May").
"""

from markupsafe import Markup, escape

from odoo import fields
from odoo.tools import format_date


def revision_snapshot(request):
    """What the departments are asked now, as plain data (kept on the request for the next round)."""
    return {
        "date_expected": fields.Date.to_string(request.date_expected) if request.date_expected else False,
        "scope": request.scope or "",
        "departments": {str(department.id): department.name for department in request.involved_department_ids},
        "asks": [
            {
                "id": line.id,
                "department": line.department_id.name or "",
                "description": line.description or "",
                "date_due": fields.Date.to_string(line.date_due) if line.date_due else False,
            }
            for line in request.line_ids
        ],
    }


def revision_changes(before, after):
    """The changes from snapshot ``before`` to ``after``: a list of small dicts (JSON-able)."""
    if not before:
        return []
    changes = []
    old_departments, new_departments = before.get("departments", {}), after["departments"]
    changes += [
        {"kind": "department_added", "department": name}
        for key, name in new_departments.items()
        if key not in old_departments
    ]
    changes += [
        {"kind": "department_removed", "department": name}
        for key, name in old_departments.items()
        if key not in new_departments
    ]
    old_asks = {ask["id"]: ask for ask in before.get("asks", [])}
    new_asks = {ask["id"]: ask for ask in after["asks"]}
    for ask_id, ask in new_asks.items():
        old = old_asks.get(ask_id)
        if not old:
            changes.append({"kind": "ask_added", **_ask(ask)})
            continue
        if old["department"] != ask["department"]:
            changes.append(
                {
                    "kind": "ask_department",
                    "department": ask["department"],
                    "old": old["department"],
                    "new": ask["department"],
                }
            )
        if old["description"] != ask["description"]:
            changes.append(
                {
                    "kind": "ask_description",
                    "department": ask["department"],
                    "old": old["description"],
                    "new": ask["description"],
                }
            )
        if old["date_due"] != ask["date_due"]:
            changes.append(
                {"kind": "ask_date", "department": ask["department"], "old": old["date_due"], "new": ask["date_due"]}
            )
    changes += [{"kind": "ask_removed", **_ask(ask)} for ask_id, ask in old_asks.items() if ask_id not in new_asks]
    for key in ("date_expected", "scope"):
        if before.get(key, False) != after[key]:
            changes.append({"kind": key, "old": before.get(key, False), "new": after[key]})
    return changes


def _ask(ask):
    return {"department": ask["department"], "description": ask["description"], "date_due": ask["date_due"]}


def _return_to_line(env, change):
    """ "Returned from step 4 (Sponsor Approval) to step 2 (Lead Confirmation)", in ``env``'s language."""
    # sudo: the frozen flow steps are named for whoever reads the request's log
    steps = env["collab.flow.step"].sudo().browse([s for s in (change["from_step"], change["to_step"]) if s]).exists()
    names = {step.id: step.name for step in steps}

    def step(index, step_id):
        return env._("step %(number)s (%(step)s)", number=index + 1, step=names.get(step_id, ""))

    origin = step(change["from_index"], change["from_step"])
    if change["to_index"] < 0:
        return env._("Returned from %(origin)s to the initiator", origin=origin)
    return env._(
        "Returned from %(origin)s to %(target)s", origin=origin, target=step(change["to_index"], change["to_step"])
    )


def render_changes(env, changes):
    """The changes as lines of text in ``env``'s language (user text kept as typed)."""
    none = env._("(none)")

    def day(value):
        return format_date(env, value) if value else none

    lines = []
    for change in changes or []:
        kind = change.get("kind")
        if kind == "department_added":
            lines.append(env._("Department added: %(department)s", department=change["department"]))
        elif kind == "department_removed":
            lines.append(env._("Department removed: %(department)s", department=change["department"]))
        elif kind == "ask_added":
            lines.append(
                env._(
                    "%(department)s: new ask: %(ask)s (due %(date)s)",
                    department=change["department"],
                    ask=change["description"],
                    date=day(change["date_due"]),
                )
            )
        elif kind == "ask_removed":
            lines.append(
                env._(
                    "%(department)s: ask removed: %(ask)s", department=change["department"], ask=change["description"]
                )
            )
        elif kind == "return_to":
            # a return to an earlier step (collab_request_return.py): from which step to which
            lines.append(_return_to_line(env, change))
        elif kind == "lead_department":
            # the department the PMO chose to lead (logged with its acceptance)
            lines.append(env._("Lead department: %(department)s", department=change["department"]))
        elif kind == "ask_department":
            lines.append(
                env._("Ask moved from %(old)s to %(new)s", old=change["old"] or none, new=change["new"] or none)
            )
        elif kind == "ask_description":
            lines.append(
                env._(
                    "%(department)s: ask %(old)s → %(new)s",
                    department=change["department"],
                    old=change["old"] or none,
                    new=change["new"] or none,
                )
            )
        elif kind == "ask_date":
            lines.append(
                env._(
                    "%(department)s: due date %(old)s → %(new)s",
                    department=change["department"],
                    old=day(change["old"]),
                    new=day(change["new"]),
                )
            )
        elif kind == "date_expected":
            lines.append(
                env._("Expected completion: %(old)s → %(new)s", old=day(change["old"]), new=day(change["new"]))
            )
        elif kind == "scope":
            lines.append(env._("Scope: %(old)s → %(new)s", old=change["old"] or none, new=change["new"] or none))
        elif kind == "time_limit":
            lines.append(render_time_limit(env, change))
        elif kind == "flow_step":
            # a step of the company's flow, named in the reader's language (sudo: its name only)
            name = env["collab.flow.step"].sudo().browse(change["step_id"]).exists().name or ""
            lines.append(env._("Step %(number)s: %(step)s", number=change["index"] + 1, step=name))
    return lines


def time_limit_data(flow_step, coordinator=None, blocked=None):
    """What the system did when ``flow_step``'s time limit passed, as data (kept on the decision
    log's line, rendered in each reader's language by :func:`render_time_limit`)."""
    data = {
        "kind": "time_limit",
        "step_id": flow_step.id,
        "step": flow_step.name or "",
        "hours": flow_step.time_limit_hours,
        "action": flow_step.limit_action,
    }
    if coordinator is not None:
        data["coordinator"] = coordinator.name or ""
    if blocked:
        data["blocked"] = blocked
    return data


def render_time_limit(env, change):
    """The system's decision at a flow step's time limit, in ``env``'s language."""
    # sudo: the frozen step's name (translated) is read for whoever reads the log
    step = env["collab.flow.step"].sudo().browse(change.get("step_id") or []).exists()
    actions = dict(env["collab.flow.step"]._fields["limit_action"]._description_selection(env))
    values = {
        "hours": change.get("hours") or 0,
        "step": step.name or change.get("step") or "",
        "action": actions.get(change.get("action"), change.get("action") or ""),
    }
    if change.get("blocked") == "no_lead":
        return env._(
            "The time limit of %(hours)s working hours of step %(step)s passed (%(action)s), but the system "
            "cannot accept the request without its lead department and sponsor: the coordinator decides.",
            **values,
        )
    if change.get("action") == "coordinator":
        return env._(
            "Handed to the coordinator %(user)s by the system: the time limit of %(hours)s working hours of "
            "step %(step)s passed (%(action)s).",
            user=change.get("coordinator") or "",
            **values,
        )
    return env._(
        "Decided by the system: the time limit of %(hours)s working hours of step %(step)s passed (%(action)s).",
        **values,
    )


def render_changes_html(env, changes):
    """The changes as an HTML list; every piece of user text escaped."""
    # a return to an earlier step says where from and where to, on a line of its own
    moves = [change for change in changes or [] if change.get("kind") == "return_to"]
    html = Markup("").join(Markup("<p>%s</p>") % escape(line) for line in render_changes(env, moves))
    lines = render_changes(env, [change for change in changes or [] if change.get("kind") != "return_to"])
    if not lines:
        return html
    items = Markup("").join(Markup("<li>%s</li>") % escape(line) for line in lines)
    return html + Markup("<p>%s</p><ul>%s</ul>") % (env._("Changes since the previous round:"), items)
