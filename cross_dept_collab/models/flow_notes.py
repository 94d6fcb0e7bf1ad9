"""The notes of an approval path (why a decider was substituted), kept as data and rendered for
each reader (a plain module: the path's resolution and the request's path both read it)."""


def render_note(env, code, params):
    """A note of the path (why a decider was substituted) in ``env``'s language: the path keeps
    notes as ``(code, params)`` so that each reader reads them in their own language."""
    _ = env._
    texts = {
        "lead_later": lambda: _("The lead department is chosen at the PMO review."),
        "no_head": lambda: _("%(department)s has no head: the coordinator %(user)s reviews for it.", **params),
        "no_job_holder": lambda: _("Nobody above the initiator holds the position %(job)s.", **params),
        "no_manager": lambda: _("The initiator has no manager."),
        "departed": lambda: _("%(user)s has left: %(stand_in)s decides instead.", **params),
        "initiator_skipped": lambda: _("%(initiator)s initiated the request and does not decide it.", **params),
        "initiator_stand_in": lambda: _(
            "%(initiator)s initiated the request and may not decide it: %(user)s decides instead.", **params
        ),
        "skipped": lambda: _("Nobody to decide: the step is skipped."),
        "coordinator": lambda: _("Nobody to decide: the coordinator %(user)s decides.", **params),
        "approved_at": lambda: _(
            "Approved at step %(number)s (%(step)s): the same deciders decided it just before.", **params
        ),
    }
    return texts[code]()
