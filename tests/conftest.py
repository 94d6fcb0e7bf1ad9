"""pytest-odoo glue for the top-level ``tests/`` folder.

Odoo's test classes only get ``test_tags``/``test_module`` when they live inside an addon
(``odoo.addons.<module>.tests``). Ours live at the top of the repository, so the collection hook
below gives every Odoo test class the attributes it would have had in the module; the module is
already installed, so they run as ``post_install`` tests.

The session also fails when any test was skipped: a browser test silently skipped (missing
Chromium or websocket-client) must not pass as green.
"""

import pytest

MODULE = "cross_dept_collab"


def pytest_collection_modifyitems(session, config, items):
    from odoo.tests.common import BaseCase

    for item in items:
        cls = getattr(item, "cls", None)
        if cls is None or not issubclass(cls, BaseCase) or cls.__dict__.get("_collab_tagged"):
            continue
        if getattr(cls, "test_tags", None) is None:
            cls.test_tags = {"standard", "post_install"}
        cls.test_module = MODULE
        cls.test_class = cls.__name__
        cls.test_sequence = getattr(cls, "test_sequence", 0)
        cls._collab_tagged = True


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) were skipped; skipped tests are not allowed "
            "(a skipped browser test usually means Chromium or websocket-client is missing).",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
