"""Benchmark: N simulated users on a real server with two workers, next to stock task lists.

Run with the project's virtualenv and configuration (it needs no running server):

    ~/.cache/cross_dept_collab/venv/bin/python bench/bench_load.py --config .var/odoo.conf --users 20

It creates a database of its own (``collab_bench_load_<pid>``, dropped at the end), installs the
module without demo data, seeds N department heads — each with pending reviews, tasks to report on
and a 200-task project — then starts ``odoo-bin --workers=2`` on 127.0.0.1 (bounded by
``--limit-time-real`` and stopped by this script). N threads log in over JSON-RPC and, for
``--seconds``, repeat the mixed workload as the web client asks it:

- *My Approvals*: ``web_search_read`` of the user's pending ``collab.approval`` (80 rows);
- the request form: ``web_read`` of one of them;
- approve it (``action_approve``);
- post progress: create a ``collab.progress.update`` on one of the user's tasks;
- open the project plan: ``web_search_read`` of 80 tasks with the WBS list's fields;
- and, next to it, stock Odoo's task list: ``web_search_read`` of 80 tasks with ``view_task_tree2``'s fields.

It prints requests/s, p50/p95 of each step, the errors (must be 0) and the ratio of the plan's p95
to the stock list's p95.
"""

import argparse
import configparser
import http.cookiejar
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psycopg2

ODOO = Path(os.environ.get("ODOO_DIR", Path.home() / ".cache/cross_dept_collab/odoo"))
PENDING_PER_USER = 60
TASKS_PER_PROJECT = 200

SEED = r"""
import datetime
from odoo import Command
n = int(__USERS__)
group = env.ref("cross_dept_collab.group_collab_department_lead")
company = env.company
heads, departments = [], []
for i in range(n):
    user = env["res.users"].create({"name": f"Load head {i}", "login": f"load_{i}", "password": f"load_{i}",
                                    "groups_id": [Command.link(group.id)]})
    department = env["hr.department"].create({"name": f"Load department {i}"})
    department.manager_id = env["hr.employee"].create({"name": user.name, "user_id": user.id, "department_id": department.id})
    heads.append(user)
    departments.append(department)
sponsor = env.ref("base.user_admin")
sponsor.groups_id = [Command.link(env.ref("cross_dept_collab.group_collab_sponsor").id)]
company.collab_default_sponsor_id = sponsor
env.flush_all()
cr = env.cr
cr.execute('''INSERT INTO collab_request (company_id, initiator_id, initiating_department_id, lead_department_id, sponsor_id,
                                          name, title, request_type, priority, state, review_round, date_request,
                                          create_date, write_date, create_uid, write_uid)
              SELECT %s, %s, %s, %s, %s, 'LOAD' || n, 'Load request ' || n, 'project', '1', 'department_review', 1,
                     current_date, now(), now(), %s, %s FROM generate_series(1, %s) AS n RETURNING id''',
           [company.id, sponsor.id, departments[0].id, departments[0].id, sponsor.id, env.uid, env.uid, n * __PENDING__])
request_ids = [r[0] for r in cr.fetchall()]
cr.execute('''INSERT INTO collab_approval (request_id, company_id, department_id, approver_id, round, state, date_asked,
                                           deadline, create_date, write_date, create_uid, write_uid)
              SELECT r.id, %s, (%s)[1 + (row_number() OVER ()) %% %s], (%s)[1 + (row_number() OVER ()) %% %s], 1, 'pending',
                     now(), now() + interval '3 days', now(), now(), %s, %s FROM unnest(%s) AS r(id)''',
           [company.id, [d.id for d in departments], n, [u.id for u in heads], n, env.uid, env.uid, request_ids])
cr.execute('''INSERT INTO collab_request_involved_department_rel (request_id, department_id)
              SELECT request_id, department_id FROM collab_approval WHERE request_id = ANY(%s)''', [request_ids])
projects = env["project.project"].create([{"name": f"Load plan {i}", "collab_request_id": request_ids[i],
                                           "privacy_visibility": "employees"} for i in range(n)])
today = datetime.date.today()
env["project.task"].with_context(mail_create_nolog=True, tracking_disable=True).create([
    {"name": f"Load task {k}", "project_id": project.id, "user_ids": [Command.set(heads[i].ids)],
     "collab_department_id": departments[i].id, "date_planned_start": today,
     "date_planned_end": today + datetime.timedelta(days=30 + k % 30)}
    for i, project in enumerate(projects) for k in range(__TASKS__)])
env.cr.commit()
print("seeded", len(request_ids), "requests")
"""

PLAN_FIELDS = [
    "wbs_code", "name", "parent_id", "collab_department_id", "user_ids", "date_planned_start",
    "date_planned_end", "depend_on_ids", "deliverable", "collab_progress", "slack_days", "is_critical", "collab_status",
]  # fmt: skip
STOCK_FIELDS = [
    "name", "project_id", "milestone_id", "partner_id", "user_ids", "company_id", "activity_ids",
    "date_deadline", "tag_ids", "stage_id", "priority", "state",
]  # fmt: skip
APPROVAL_FIELDS = ["display_name", "request_id", "department_id", "approver_id", "deadline", "state"]
REQUEST_FIELDS = ["name", "title", "state", "initiator_id", "initiating_department_id", "goal", "scope", "approval_ids"]


def spec(model_fields):
    relational = {
        "parent_id", "collab_department_id", "user_ids", "depend_on_ids", "project_id", "milestone_id",
        "partner_id", "company_id", "activity_ids", "tag_ids", "stage_id", "request_id", "department_id",
        "approver_id", "initiator_id", "initiating_department_id", "approval_ids",
    }  # fmt: skip
    return {name: ({"fields": {"display_name": {}}} if name in relational else {}) for name in model_fields}


class Client:
    def __init__(self, url, db, login):
        self.url, self.db, self.login = url, db, login
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.uid = self.rpc("/web/session/authenticate", {"db": db, "login": login, "password": login})["uid"]

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=60) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise RuntimeError(answer["error"].get("data", {}).get("message") or answer["error"])
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}", {"model": model, "method": method, "args": args, "kwargs": kwargs}
        )


def user_loop(client, deadline, timings, errors, lock):
    rng = random.Random(client.uid)
    project = client.call(
        "project.project", "search", [("name", "like", "Load plan"), ("task_ids.user_ids", "in", client.uid)], limit=1
    )
    tasks = client.call("project.task", "search", [("user_ids", "in", client.uid)], limit=50)

    def step(name, function):
        start = time.perf_counter()
        try:
            return function()
        except Exception as error:  # every failure is counted and shown
            with lock:
                errors.append(f"{name}: {error}")
            return None
        finally:
            with lock:
                timings.setdefault(name, []).append(time.perf_counter() - start)

    while time.perf_counter() < deadline:
        mine = [("approver_id", "=", client.uid), ("state", "=", "pending")]
        page = step(
            "my approvals list",
            lambda d=mine: client.call("collab.approval", "web_search_read", d, spec(APPROVAL_FIELDS), limit=80),
        )
        if page and page["records"]:
            approval = rng.choice(page["records"])
            request_id = approval["request_id"]["id"]
            step(
                "request form",
                lambda r=request_id: client.call("collab.request", "web_read", [r], spec(REQUEST_FIELDS)),
            )
            step("approve", lambda a=approval["id"]: client.call("collab.approval", "action_approve", [a], "OK"))
        task_id = rng.choice(tasks)
        step(
            "post progress",
            lambda t=task_id: client.call(
                "collab.progress.update", "create", [{"task_id": t, "progress": rng.randint(1, 90), "summary": "Load"}]
            ),
        )
        domain = [("project_id", "in", project)]
        step(
            "project plan (WBS list)",
            lambda d=domain: client.call(
                "project.task", "web_search_read", d, spec(PLAN_FIELDS), limit=80, order="wbs_code"
            ),
        )
        step(
            "stock task list",
            lambda d=domain: client.call(
                "project.task", "web_search_read", d, spec(STOCK_FIELDS), limit=80, order="wbs_code"
            ),
        )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=".var/odoo.conf")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    config = configparser.ConfigParser()
    config.read(args.config)
    options = config["options"]
    db = f"collab_bench_load_{os.getpid()}"
    odoo_bin = [sys.executable, str(ODOO / "odoo-bin")]
    base = ["-c", args.config, "-d", db, "--log-level=warn"]
    connection = {
        "host": options.get("db_host"),
        "port": options.get("db_port"),
        "user": options.get("db_user"),
        "password": options.get("db_password"),
        "dbname": "postgres",
    }
    server = None
    try:
        subprocess.run(
            [*odoo_bin, *base, "-i", "cross_dept_collab", "--without-demo=all", "--stop-after-init"], check=True
        )
        seed = SEED.replace("__USERS__", str(args.users)).replace("__PENDING__", str(PENDING_PER_USER))
        seed = seed.replace("__TASKS__", str(TASKS_PER_PROJECT))
        subprocess.run([odoo_bin[0], odoo_bin[1], "shell", *base, "--no-http"], input=seed, text=True, check=True)
        port = free_port()
        server = subprocess.Popen(
            [*odoo_bin, *base, f"--db-filter=^{db}$", "--workers=2", "--max-cron-threads=0",
             "--http-interface=127.0.0.1", f"--http-port={port}", f"--limit-time-real={args.seconds + 120}"]
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        for _attempt in range(120):
            try:
                urllib.request.urlopen(url + "/web/health", timeout=2).read()
                break
            except OSError:
                time.sleep(1)
        clients = [Client(url, db, f"load_{i}") for i in range(args.users)]
        timings, errors, lock = {}, [], threading.Lock()
        start = time.perf_counter()
        deadline = start + args.seconds
        threads = [threading.Thread(target=user_loop, args=(c, deadline, timings, errors, lock)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        total = sum(len(values) for values in timings.values())
        print(
            f"{args.users} users, {elapsed:.0f} s, server --workers=2: {total / elapsed:.1f} requests/s, errors {len(errors)}"
        )
        p95 = {}
        for name, values in timings.items():
            values.sort()
            p95[name] = values[int(0.95 * (len(values) - 1))]
            print(
                f"{name:26s} n={len(values):5d}  p50 {statistics.median(values) * 1000:7.0f} ms  p95 {p95[name] * 1000:7.0f} ms"
            )
        for error in errors[:10]:
            print("error:", error)
        ratio = p95["project plan (WBS list)"] / p95["stock task list"]
        print(f"project plan p95 / stock task list p95:   ratio {ratio:5.2f}")
    finally:
        if server:
            server.terminate()
            server.wait(30)
        conn = psycopg2.connect(**connection)
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.close()


if __name__ == "__main__":
    main()
