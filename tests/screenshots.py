"""Screenshots taken by tours at key steps, for docs/screenshots/ (docs/ui-tests.md; "Deciding from the
activity"): ``COLLAB_SCREENSHOTS=1 scripts/collab-env test -k <tour test>`` regenerates them.

A tour step logs ``collab-screenshot:<name>`` on the console and waits for ``body`` to carry the
class ``o_collab_shot_<name>``; the browser's console handler below captures the page
(``Page.captureScreenshot``) into ``docs/screenshots/<name>.png`` when COLLAB_SCREENSHOTS=1 — off
by default, in CI the tour just goes on — and then sets that class.
"""

import base64
import os
import re
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIGNAL = re.compile(r"collab-screenshot:([A-Za-z0-9_]+)")


def _enabled():
    return os.environ.get("COLLAB_SCREENSHOTS") == "1"


@contextmanager
def tour_screenshots():
    """Within the block, tours' ``collab-screenshot:<name>`` steps are served (see module doc)."""
    original = ChromeBrowser._handle_console

    def handle_console(browser, type, args=None, stackTrace=None, **kw):
        original(browser, type, args=args, stackTrace=stackTrace, **kw)
        text = " ".join(str(browser._from_remoteobject(arg)) for arg in args or [])
        match = SIGNAL.search(text)
        if not match:
            return
        name = match.group(1)

        def release(_future=None):
            browser._websocket_send(
                "Runtime.evaluate",
                params={"expression": f"document.body.classList.add('o_collab_shot_{name}')"},
            )

        if not _enabled():
            release()
            return

        def save(future):
            try:
                data = future.result(timeout=0)["data"]
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                (SCREENSHOTS / f"{name}.png").write_bytes(base64.b64decode(data, validate=True))
            finally:
                release()

        browser._websocket_send("Page.captureScreenshot", params={"format": "png"}, with_future=True).add_done_callback(
            save
        )

    with patch.object(ChromeBrowser, "_handle_console", handle_console):
        yield
