"""Concurrency demonstration: the last two decisions of a round taken at the same instant.

Starts the module's Odoo server with ``--workers=2`` on a fresh database of its own (demo data,
loopback only, its own port), and over XML-RPC:

1. raises N requests (``--requests``, default 60) as ``mkt_user1`` involving R&D and Sales, brings
   each to department review (coordinator accepts, the Marketing head confirms the lead), so each
   waits for exactly two approvals from two different heads (``rd_head``, ``sales_head``);
2. for each request, has both heads call ``collab.approval.action_approve`` at the same instant
   from two threads (a ``threading.Barrier``), one request after the other;
3. counts, from the database: transitions (moved to sponsor approval with exactly one
   ``reviews_complete`` in the decision log ``collab.request.decision``), stuck (still in
   department review with every approval approved), lost (an approve call that returned but whose
   approval is not approved), duplicated (more than one ``reviews_complete``), and failed calls;
4. then the same for the charter, on N more requests approved one head after the other: the
   sponsor approves each (creating its project), the project lead asks for the charter sign-off
   (Marketing, R&D and Sales heads), the Marketing head signs, and the R&D and Sales heads sign
   at the same instant; the project's ``charter_state`` must become ``confirmed`` exactly once
   (one tracked change to Confirmed);
5. the acceptance, on N more requests approved one head after the other: the sponsor approves
   each (creating its project), the project lead (the Marketing head) names a deliverable on the
   R&D and the Sales task, their owners submit them for acceptance, and the Marketing head passes
   both from two sessions at the same instant; the request must be ``accepted`` exactly once (one
   ``accepted`` in its decision log, one retrospective) — stuck: still approved with both passed;
6. two urges, on N more requests in department review whose deciders' activities are already due:
   the initiator and the coordinator call ``collab.request.action_urge`` at the same instant; each
   decider must have exactly one urge record and one "urges you to decide" notification (read by
   the decider) — duplicated: more than one, stuck: a decider left without any;
7. an urge racing a withdrawal, on N more such requests: the initiator withdraws while the
   coordinator urges; the request must be withdrawn and no decider may get "urges you to decide"
   after "you no longer need to decide" (counted as duplicated) — stuck: not withdrawn.

It prints ``transitions N stuck N lost N duplicated N`` per scenario and a ratio line
(``--scenarios`` runs some of them). The server and the database are removed at the end, also on
failure or timeout (``--timeout``).

Run it after the set-up (it reads the configuration scripts/collab-env writes in .var/odoo.conf and
uses the cached Odoo and virtualenv), with any Python 3:

    scripts/collab-env setup && python3 bench/bench_concurrency.py [--requests 60] [--port 8191]
"""

import argparse
import configparser
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = ("review", "charter", "acceptance", "urge", "urge_withdraw")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cross_dept_collab"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=60, help="requests (and projects) to race on")
    parser.add_argument("--port", type=int, default=8191, help="HTTP port (127.0.0.1)")
    parser.add_argument("--gevent-port", type=int, help="websocket port (default: the next one after --port)")
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help=f"comma-separated, among {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--config", default=str(REPO / ".var" / "odoo.conf"), help="odoo.conf of collab-env")
    parser.add_argument("--python", default=str(CACHE / "venv" / "bin" / "python"))
    parser.add_argument("--odoo-bin", default=str(CACHE / "odoo" / "odoo-bin"))
    parser.add_argument("--timeout", type=int, default=1800, help="seconds before everything is stopped")
    parser.add_argument("--keep-db", action="store_true", help="leave the database for inspection")
    return parser.parse_args()


class Bench:
    def __init__(self, args):
        self.args = args
        self.db = f"collab_concurrency_{os.getpid()}"
        self.url = f"http://127.0.0.1:{args.port}"
        self.server = None
        self.passwords = {}
        self.uids = {}
        config = configparser.ConfigParser()
        config.read(args.config)
        self.pg = dict(config["options"])
        self.log = tempfile.NamedTemporaryFile(prefix="bench_concurrency_", suffix=".log", delete=False)  # noqa: SIM115

    # server and database ------------------------------------------------------------------------

    def odoo(self, *arguments):
        return [self.args.python, self.args.odoo_bin, "-c", self.args.config, "-d", self.db, *arguments]

    def create_database(self):
        print(f"installing cross_dept_collab with demo data into {self.db} …", flush=True)
        subprocess.run(
            self.odoo("-i", "cross_dept_collab", "--stop-after-init", "--log-level=warn", "--no-http"),
            check=True,
            stdout=self.log,
            stderr=self.log,
            timeout=self.args.timeout,
        )

    def start_server(self):
        self.server = subprocess.Popen(
            self.odoo(
                f"--db-filter=^{self.db}$",
                "--workers=2",
                "--max-cron-threads=0",
                "--http-interface=127.0.0.1",
                f"--http-port={self.args.port}",
                f"--gevent-port={self.args.gevent_port or self.args.port + 1}",
                "--log-level=warn",
            ),
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,  # its own process group: stopped with its workers
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"the server stopped (exit {self.server.returncode}); see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/web/login", timeout=5):
                    return
            except OSError:
                time.sleep(1)
        raise RuntimeError(f"the server did not answer within 180 s; see {self.log.name}")

    def stop(self):
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()
        if not self.args.keep_db:
            environment = dict(os.environ, PGPASSWORD=self.pg.get("db_password", ""))
            subprocess.run(
                [
                    "dropdb",
                    "--if-exists",
                    "-h",
                    self.pg["db_host"],
                    "-p",
                    self.pg["db_port"],
                    "-U",
                    self.pg["db_user"],
                    self.db,
                ],
                env=environment,
                check=False,
            )

    # XML-RPC ------------------------------------------------------------------------------------

    def login(self, login, password=None):
        password = password or login
        uid = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common").authenticate(self.db, login, password, {})
        if not uid:
            raise RuntimeError(f"cannot log in as {login}")
        self.uids[login], self.passwords[login] = uid, password
        return uid

    def call(self, login, model, method, *arguments, **keywords):
        """One call as ``login``, on a proxy of its own (proxies are not thread-safe)."""
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        return proxy.execute_kw(
            self.db, self.uids[login], self.passwords[login], model, method, list(arguments), keywords
        )

    # scenario -------------------------------------------------------------------------------------

    def prepare_requests(self, count):
        for login in ("mkt_user1", "collab_coordinator", "collab_sponsor", "mkt_head", "rd_head", "sales_head"):
            self.login(login)
        self.login("admin", "admin")
        employees = self.call(
            "admin",
            "hr.employee",
            "search_read",
            [("user_id.login", "in", ["mkt_head", "rd_head", "sales_head"])],
            fields=["department_id", "user_id"],
        )
        department = {e["user_id"][0]: e["department_id"][0] for e in employees}
        mkt, rd, sales = (department[self.uids[login]] for login in ("mkt_head", "rd_head", "sales_head"))
        due = (date.today() + timedelta(days=30)).isoformat()
        request_ids = self.call(
            "mkt_user1",
            "collab.request",
            "create",
            [
                {
                    "title": f"Concurrency {number}",
                    "request_type": "project",
                    "initiating_department_id": mkt,
                    "involved_department_ids": [(6, 0, [rd, sales])],
                    "background": "Two heads decide at once",
                    "goal": "Exactly one transition",
                    "scope": "The last two approvals",
                    "date_expected": (date.today() + timedelta(days=90)).isoformat(),
                    "priority": "medium",
                    "sponsor_id": self.uids["collab_sponsor"],
                    "line_ids": [
                        (0, 0, {"department_id": d, "description": "Deliverable", "date_due": due}) for d in (rd, sales)
                    ],
                }
                for number in range(count)
            ],
        )
        for request_id in request_ids:
            self.call("mkt_user1", "collab.request", "action_submit", [request_id])
            self.call("collab_coordinator", "collab.request", "action_accept", [request_id], lead_department_id=mkt)
            self.call("mkt_head", "collab.request", "action_confirm_lead", [request_id])
        approvals = self.call(
            "admin",
            "collab.approval",
            "search_read",
            [("request_id", "in", request_ids), ("state", "=", "pending")],
            fields=["request_id", "approver_id"],
        )
        pairs = {}
        for approval in approvals:
            pairs.setdefault(approval["request_id"][0], []).append((approval["approver_id"][0], approval["id"]))
        login_of = {uid: login for login, uid in self.uids.items()}
        races = []
        for request_id in request_ids:
            pair = sorted(pairs.get(request_id, []))
            heads = {login_of.get(uid) for uid, _id in pair}
            if len(pair) != 2 or heads != {"rd_head", "sales_head"}:
                raise RuntimeError(f"request {request_id} does not wait for rd_head and sales_head: {pair}")
            races.append((request_id, [(login_of[uid], approval_id) for uid, approval_id in pair]))
        return races

    def race(self, model, method, deciders):
        """``deciders`` (login, record id) call ``method`` at the same instant; returns their errors."""
        return self.race_calls([(login, model, method, record_id, {}) for login, record_id in deciders])

    def race_calls(self, calls):
        """``calls`` (login, model, method, record id, keywords) made at the same instant; returns
        the errors (login, record id, message)."""
        barrier = threading.Barrier(len(calls))

        def decide(login, model, method, record_id, keywords):
            barrier.wait(timeout=60)
            try:
                self.call(login, model, method, [record_id], **keywords)
            except (xmlrpc.client.Fault, OSError) as error:
                return (login, record_id, str(getattr(error, "faultString", error)).strip().splitlines()[-1][:200])
            return None

        with ThreadPoolExecutor(len(calls)) as pool:
            results = list(pool.map(lambda call: decide(*call), calls))
        return [result for result in results if result]

    def run_approvals(self, races):
        failed = []
        for _request_id, deciders in races:
            failed += self.race("collab.approval", "action_approve", deciders)
        request_ids = [request_id for request_id, _deciders in races]
        requests = {
            r["id"]: r["state"] for r in self.call("admin", "collab.request", "read", request_ids, fields=["state"])
        }
        completions = {}
        for decision in self.call(
            "admin",
            "collab.request.decision",
            "search_read",
            [("request_id", "in", request_ids), ("action", "=", "reviews_complete")],
            fields=["request_id"],
        ):
            completions[decision["request_id"][0]] = completions.get(decision["request_id"][0], 0) + 1
        approvals = self.call(
            "admin",
            "collab.approval",
            "search_read",
            [("request_id", "in", request_ids)],
            fields=["request_id", "state"],
        )
        failed_ids = {record_id for _login, record_id, _error in failed}
        all_approved = dict.fromkeys(request_ids, True)
        for approval in approvals:
            all_approved[approval["request_id"][0]] &= approval["state"] == "approved"
        counts = {
            "transitions": sum(1 for r in request_ids if completions.get(r) == 1 and requests[r] == "sponsor_approval"),
            "stuck": sum(1 for r in request_ids if requests[r] == "department_review" and all_approved[r]),
            "lost": sum(1 for a in approvals if a["state"] != "approved" and a["id"] not in failed_ids),
            "duplicated": sum(1 for r in request_ids if completions.get(r, 0) > 1),
        }
        moved = [r for r in request_ids if requests[r] == "sponsor_approval"]
        return counts, failed, moved

    def approve_in_turn(self, races):
        """The requests of ``races`` approved by one head after the other (no race)."""
        for _request_id, deciders in races:
            for login, approval_id in deciders:
                self.call(login, "collab.approval", "action_approve", [approval_id])
        request_ids = [request_id for request_id, _deciders in races]
        states = self.call("admin", "collab.request", "read", request_ids, fields=["state"])
        return [r["id"] for r in states if r["state"] == "sponsor_approval"]

    def prepare_charters(self, request_ids):
        for request_id in request_ids:
            self.call("collab_sponsor", "collab.request", "action_sponsor_approve", [request_id])
        projects = self.call("admin", "collab.request", "read", request_ids, fields=["project_id"])
        project_ids = [p["project_id"][0] for p in projects]
        for project_id in project_ids:
            self.call("mkt_head", "project.project", "action_request_charter_signoff", [project_id])
        signoffs = self.call(
            "admin",
            "collab.signoff",
            "search_read",
            [("project_id", "in", project_ids), ("kind", "=", "charter"), ("state", "=", "pending")],
            fields=["project_id", "user_id"],
        )
        login_of = {uid: login for login, uid in self.uids.items()}
        by_project = {}
        for signoff in signoffs:
            by_project.setdefault(signoff["project_id"][0], []).append(
                (login_of.get(signoff["user_id"][0]), signoff["id"])
            )
        races = []
        for project_id in project_ids:
            signers = dict(by_project.get(project_id, []))
            if set(signers) != {"mkt_head", "rd_head", "sales_head"}:
                raise RuntimeError(f"project {project_id} is not signed by the three heads: {signers}")
            self.call("mkt_head", "collab.signoff", "action_sign", [signers["mkt_head"]])
            races.append((project_id, [("rd_head", signers["rd_head"]), ("sales_head", signers["sales_head"])]))
        return races

    def run_charters(self, races):
        failed = []
        for _project_id, signers in races:
            failed += self.race("collab.signoff", "action_sign", signers)
        project_ids = [project_id for project_id, _signers in races]
        states = {
            p["id"]: p["charter_state"]
            for p in self.call("admin", "project.project", "read", project_ids, fields=["charter_state"])
        }
        confirmations = {}
        for value in self.call(
            "admin",
            "mail.tracking.value",
            "search_read",
            [
                ("field_id.model", "=", "project.project"),
                ("field_id.name", "=", "charter_state"),
                ("mail_message_id.model", "=", "project.project"),
                ("mail_message_id.res_id", "in", project_ids),
                ("new_value_char", "=", "Confirmed"),
            ],
            fields=["mail_message_id"],
        ):
            message = self.call("admin", "mail.message", "read", [value["mail_message_id"][0]], fields=["res_id"])
            project_id = message[0]["res_id"]
            confirmations[project_id] = confirmations.get(project_id, 0) + 1
        signoffs = self.call(
            "admin",
            "collab.signoff",
            "search_read",
            [("project_id", "in", project_ids), ("kind", "=", "charter")],
            fields=["project_id", "state"],
        )
        failed_ids = {record_id for _login, record_id, _error in failed}
        all_signed = dict.fromkeys(project_ids, True)
        for signoff in signoffs:
            all_signed[signoff["project_id"][0]] &= signoff["state"] == "signed"
        counts = {
            "transitions": sum(1 for p in project_ids if states[p] == "confirmed" and confirmations.get(p, 0) == 1),
            "stuck": sum(1 for p in project_ids if states[p] == "confirming" and all_signed[p]),
            "lost": sum(1 for s in signoffs if s["state"] != "signed" and s["id"] not in failed_ids),
            "duplicated": sum(1 for p in project_ids if confirmations.get(p, 0) > 1),
        }
        return counts, failed

    def prepare_acceptances(self, request_ids):
        """The projects of ``request_ids`` (in sponsor approval) with their R&D and Sales tasks
        submitted for acceptance; returns the races (request id, [(login, acceptance id)] × 2)."""
        for request_id in request_ids:
            self.call("collab_sponsor", "collab.request", "action_sponsor_approve", [request_id])
        projects = {
            r["project_id"][0]: r["id"]
            for r in self.call("admin", "collab.request", "read", request_ids, fields=["project_id"])
        }
        tasks = self.call(
            "admin",
            "project.task",
            "search_read",
            [("project_id", "in", list(projects))],
            fields=["project_id", "user_ids", "name"],
        )
        login_of = {uid: login for login, uid in self.uids.items()}
        for task in tasks:
            # the project lead names the deliverable, the task's owner submits it
            self.call(
                "mkt_head", "project.task", "write", [task["id"]], {"deliverable": f"Deliverable of {task['name']}"}
            )
            self.call(login_of[task["user_ids"][0]], "project.task", "action_submit_for_acceptance", [task["id"]])
        acceptances = self.call(
            "admin",
            "collab.acceptance",
            "search_read",
            [("project_id", "in", list(projects)), ("result", "=", "pending")],
            fields=["project_id", "acceptor_ids"],
        )
        by_project = {}
        for acceptance in acceptances:
            if self.uids["mkt_head"] not in acceptance["acceptor_ids"]:
                raise RuntimeError(f"acceptance {acceptance['id']} is not for mkt_head: {acceptance['acceptor_ids']}")
            by_project.setdefault(acceptance["project_id"][0], []).append(acceptance["id"])
        races = []
        for project_id, request_id in projects.items():
            pending = by_project.get(project_id, [])
            if len(pending) != 2:
                raise RuntimeError(f"project {project_id} does not wait for two acceptances: {pending}")
            # the lead department's head, from two sessions at once
            races.append((request_id, [("mkt_head", acceptance_id) for acceptance_id in pending]))
        return races

    def run_acceptances(self, races):
        failed = []
        for _request_id, deciders in races:
            failed += self.race("collab.acceptance", "action_pass", deciders)
        request_ids = [request_id for request_id, _deciders in races]
        states = {
            r["id"]: (r["state"], len(r["retrospective_ids"]))
            for r in self.call("admin", "collab.request", "read", request_ids, fields=["state", "retrospective_ids"])
        }
        accepted = {}
        for decision in self.call(
            "admin",
            "collab.request.decision",
            "search_read",
            [("request_id", "in", request_ids), ("action", "=", "accepted")],
            fields=["request_id"],
        ):
            accepted[decision["request_id"][0]] = accepted.get(decision["request_id"][0], 0) + 1
        acceptance_ids = [acceptance_id for _request_id, deciders in races for _login, acceptance_id in deciders]
        results = {
            a["id"]: a["result"]
            for a in self.call("admin", "collab.acceptance", "read", acceptance_ids, fields=["result"])
        }
        failed_ids = {record_id for _login, record_id, _error in failed}
        counts = {
            "transitions": sum(1 for r in request_ids if states[r][0] == "accepted" and accepted.get(r) == 1),
            "stuck": sum(
                1
                for r, deciders in races
                if states[r][0] == "approved" and all(results[a] == "pass" for _login, a in deciders)
            ),
            "lost": sum(1 for a, result in results.items() if result != "pass" and a not in failed_ids),
            "duplicated": sum(1 for r in request_ids if accepted.get(r, 0) > 1 or states[r][1] > 1),
        }
        return counts, failed

    def prepare_urges(self, count):
        """``count`` requests in department review whose deciders' activities are already due
        (yesterday): urging moves no activity. Returns the request ids."""
        request_ids = [request_id for request_id, _deciders in self.prepare_requests(count)]
        approval_ids = self.call("admin", "collab.approval", "search", [("request_id", "in", request_ids)])
        activity_ids = self.call(
            "admin", "mail.activity", "search", [("res_model", "=", "collab.approval"), ("res_id", "in", approval_ids)]
        )
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        self.call("admin", "mail.activity", "write", activity_ids, {"date_deadline": yesterday})
        return request_ids

    def messages_to_deciders(self, request_ids, text):
        """``{(request id, decider login): [message ids]}`` of the notifications containing ``text``,
        read by each decider (a notification is readable by its recipient only)."""
        found = {}
        for login in ("rd_head", "sales_head"):
            partner = self.call("admin", "res.users", "read", [self.uids[login]], fields=["partner_id"])[0][
                "partner_id"
            ]
            for message in self.call(
                login,
                "mail.message",
                "search_read",
                [
                    ("model", "=", "collab.request"),
                    ("res_id", "in", request_ids),
                    ("body", "ilike", text),
                    ("partner_ids", "in", [partner[0]]),
                ],
                fields=["res_id"],
            ):
                found.setdefault((message["res_id"], login), []).append(message["id"])
        return found

    def run_urges(self, request_ids):
        failed = []
        for request_id in request_ids:
            failed += self.race_calls(
                [
                    ("mkt_user1", "collab.request", "action_urge", request_id, {}),
                    ("collab_coordinator", "collab.request", "action_urge", request_id, {}),
                ]
            )
        urges = {}
        for urge in self.call(
            "admin",
            "collab.request.urge",
            "search_read",
            [("request_id", "in", request_ids)],
            fields=["request_id", "user_id"],
        ):
            key = (urge["request_id"][0], urge["user_id"][0])
            urges[key] = urges.get(key, 0) + 1
        notified = self.messages_to_deciders(request_ids, "urges you to decide")
        deciders = ("rd_head", "sales_head")

        def once(request_id, login):
            return urges.get((request_id, self.uids[login])) == 1 and len(notified.get((request_id, login), [])) == 1

        counts = {
            "transitions": sum(1 for r in request_ids if all(once(r, login) for login in deciders)),
            "stuck": sum(1 for r in request_ids if any(not urges.get((r, self.uids[login])) for login in deciders)),
            "lost": 0,
            "duplicated": sum(
                1
                for r in request_ids
                if any(
                    urges.get((r, self.uids[login]), 0) > 1 or len(notified.get((r, login), [])) > 1
                    for login in deciders
                )
            ),
        }
        # the second urge of each pair is refused ("already urged"): that is the expected answer
        refused = [f for f in failed if "was already urged on" in f[2]]
        return counts, [f for f in failed if f not in refused], len(refused)

    def run_urge_withdraw(self, request_ids):
        failed = []
        for request_id in request_ids:
            failed += self.race_calls(
                [
                    ("mkt_user1", "collab.request", "action_withdraw", request_id, {"reason": "Not now"}),
                    ("collab_coordinator", "collab.request", "action_urge", request_id, {}),
                ]
            )
        states = {
            r["id"]: r["state"] for r in self.call("admin", "collab.request", "read", request_ids, fields=["state"])
        }
        urged = self.messages_to_deciders(request_ids, "urges you to decide")
        released = self.messages_to_deciders(request_ids, "you no longer need to decide")

        def urged_after(request_id):
            return any(
                urge > min(released.get((request_id, login), [float("inf")]))
                for login in ("rd_head", "sales_head")
                for urge in urged.get((request_id, login), [])
            )

        counts = {
            "transitions": sum(1 for r in request_ids if states[r] == "draft" and not urged_after(r)),
            "stuck": sum(1 for r in request_ids if states[r] != "draft"),
            "lost": 0,
            "duplicated": sum(1 for r in request_ids if urged_after(r)),
        }
        # an urge that comes after the withdrawal is refused ("cannot be urged"): the expected answer
        refused = [f for f in failed if "cannot be urged" in f[2]]
        return counts, [f for f in failed if f not in refused], len(refused)


def report(scenario, counts, failed, total):
    print(
        f"{scenario}: transitions {counts['transitions']} stuck {counts['stuck']} lost {counts['lost']} "
        f"duplicated {counts['duplicated']} (failed calls {len(failed)})"
    )
    for login, record_id, error in failed[:5]:
        print(f"  failed: {login} on {record_id}: {error}")
    ratio = counts["transitions"] / total if total else 0.0
    print(f"{scenario}: {counts['transitions']} of {total} raced rounds moved on exactly once   ratio {ratio:5.2f}")


def main():
    args = parse_args()
    bench = Bench(args)
    timer = threading.Timer(args.timeout, lambda: (print("timeout: stopping", flush=True), bench.stop(), os._exit(2)))
    timer.daemon = True
    timer.start()
    try:
        bench.create_database()
        bench.start_server()
        print(f"server with --workers=2 on {bench.url} (log {bench.log.name})", flush=True)
        scenarios = set(args.scenarios.split(","))
        if "review" in scenarios:
            races = bench.prepare_requests(args.requests)
            counts, failed, _moved = bench.run_approvals(races)
            report("department review", counts, failed, len(races))
        # each race below on requests of its own, approved one head after the other, so it does
        # not depend on how another race went
        if "charter" in scenarios:
            approved = bench.approve_in_turn(bench.prepare_requests(args.requests))
            charter_races = bench.prepare_charters(approved)
            charter_counts, charter_failed = bench.run_charters(charter_races)
            report("charter sign-off", charter_counts, charter_failed, len(charter_races))
        if "acceptance" in scenarios:
            approved = bench.approve_in_turn(bench.prepare_requests(args.requests))
            acceptance_races = bench.prepare_acceptances(approved)
            acceptance_counts, acceptance_failed = bench.run_acceptances(acceptance_races)
            report("last two acceptances", acceptance_counts, acceptance_failed, len(acceptance_races))
        if "urge" in scenarios:
            request_ids = bench.prepare_urges(args.requests)
            urge_counts, urge_failed, refused = bench.run_urges(request_ids)
            report("two urges", urge_counts, urge_failed, len(request_ids))
            print(f"two urges: {refused} of {len(request_ids)} second urges refused as already urged")
        if "urge_withdraw" in scenarios:
            request_ids = bench.prepare_urges(args.requests)
            withdraw_counts, withdraw_failed, refused = bench.run_urge_withdraw(request_ids)
            report("urge vs withdraw", withdraw_counts, withdraw_failed, len(request_ids))
            print(f"urge vs withdraw: {refused} of {len(request_ids)} urges refused after the withdrawal")
    finally:
        timer.cancel()
        bench.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
