"""A bounded load test (issue 13): gunicorn on a free local port, serving the app as in
production but with DEBUG off on the benchmark's database, driven by a few threads with
http.client, as several logged-in case managers. Two mixes, one after the other: only the
minimal view, then a realistic one of reads, searches and writes."""

import datetime
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Of the realistic mix: reads of the pages a case manager opens all day, searches of the four
# kinds, and writes (a case note, the record of a contact).
MIX = {"read": 0.65, "search": 0.25, "write": 0.10}
# The mixed load's target (issue 13): at least this share of the minimal view's requests/s.
MIN_SHARE = 0.10
WARM_UP = 2  # seconds of each mix, untimed


@dataclass(frozen=True)
class Request:
    kind: str  # read, search, write, minimal
    method: str
    path: str
    body: str = ""
    expect: int = 200  # a write that worked redirects; one that failed shows its form again


@dataclass(frozen=True)
class Visitor:
    """One logged-in case manager: the cookies and header that say so, and what they request."""

    headers: dict
    requests: dict[str, list[Request]]  # by kind


def visitors(count: int, *, exclude) -> list[Visitor]:
    """`count` case managers with open cases (not `exclude`, whose pages the benchmark times and
    whose data the writes must not change), logged in by sessions made here."""
    from django.conf import settings
    from django.db.models import Count, Q
    from django.test import Client as Browser
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.crypto import get_random_string
    from django.utils.http import urlencode

    from accounts.models import User
    from benchmarks.pages import search_terms
    from careplans.models import CarePlan
    from cases.models import Case

    managers = (
        User.objects.annotate(
            open_cases=Count("primary_cases", filter=Q(primary_cases__status="active"))
        )
        .filter(open_cases__gte=2)
        .exclude(pk=exclude.pk)
        .order_by("-open_cases", "id")[:count]
    )
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    found = []
    for manager in managers:
        cases = Case.objects.filter(primary_case_manager=manager, status="active").order_by("id")
        # Read one case, write notes on another: the case page read keeps its size.
        read, write = cases.select_related("client")[:2]
        plan = CarePlan.objects.filter(case=read).order_by("-number").first()
        person = read.client
        browser = Browser()
        browser.force_login(manager)
        secret = get_random_string(32)
        session = browser.cookies[settings.SESSION_COOKIE_NAME].value
        search = reverse("clients:search")
        reads = [
            reverse("cases:caseload"),
            reverse("clients:detail", args=[person.pk]),
            reverse("cases:detail", args=[read.pk]),
            reverse("careplans:my_tasks"),
            reverse("reminders:notifications"),
            reverse("reminders:bell"),
        ]
        if plan:
            reads.append(reverse("careplans:detail", args=[plan.pk]))
        note = {
            "contact_type": "phone",
            "occurred_at": yesterday.strftime("%Y-%m-%dT%H:%M"),
            "narrative": "Load test: phoned the client to check in.",
            "action": "save",
        }
        requests = {
            "read": [Request("read", "GET", path) for path in reads],
            "search": [
                Request("search", "GET", f"{search}?{urlencode({'q': q})}")
                for q, _, _ in search_terms(person).values()
            ],
            "write": [
                Request(
                    "write",
                    "POST",
                    reverse("cases:note_add", args=[write.pk]),
                    urlencode(note),
                    expect=302,
                )
            ],
            "minimal": [Request("minimal", "GET", reverse("bench_minimal"))],
        }
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={secret}"
        found.append(Visitor({"Cookie": cookie, "X-CSRFToken": secret}, requests))
    return found


@contextmanager
def gunicorn(*, workers: int):
    """gunicorn serving benchmarks.wsgi on a free local port, with this process's environment
    (its DATABASE_URL and settings); yields the port, and stops it whatever happens."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "benchmarks.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--preload",  # the app imported once, before the workers fork
        "--timeout=30",
        "--log-level=warning",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # gunicorn, from this virtualenv, with arguments built here.
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_until_up(port, server)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}): its errors are above")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def drive(
    port: int, visitors: list[Visitor], mix: dict[str, float], *, seconds: float, threads: int
) -> dict:
    """`threads` threads, each as one of the visitors in turn, requesting what `mix` weighs
    (kind: share) for `seconds`; returns requests/s, p50 and p95 in ms and the errors."""
    deadline = time.monotonic() + seconds
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(n: int):
        rng = random.Random(n)  # noqa: S311 (a mix to draw, the same every run, no secret)
        visitor = visitors[n % len(visitors)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        kinds, weights = list(mix), list(mix.values())
        mine, failed = [], []
        while time.monotonic() < deadline:
            request = rng.choice(visitor.requests[rng.choices(kinds, weights)[0]])
            headers = dict(visitor.headers)
            if request.body:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            began = time.perf_counter()
            try:
                connection.request(request.method, request.path, request.body or None, headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as e:
                connection.close()
                failed.append(f"{request.method} {request.path}: {e}")
                continue
            mine.append((time.perf_counter() - began) * 1000)
            if status != request.expect:
                failed.append(f"{request.method} {request.path}: {status}")
        connection.close()
        with lock:
            times.extend(mine)
            errors.extend(failed)

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(times),
        "req_s": len(times) / elapsed,
        "p50": statistics.median(times) if times else None,
        "p95": statistics.quantiles(times, n=20)[-1] if len(times) > 1 else None,
        "errors": len(errors),
        "first_errors": errors[:5],
    }


def run(*, exclude, seconds: float, workers: int, threads: int, users: int = 8) -> dict:
    """The minimal view alone, then the realistic mix, on one gunicorn; and their ratio."""
    people = visitors(users, exclude=exclude)
    if not people:
        raise RuntimeError("No case manager with two open cases to log in as.")
    with gunicorn(workers=workers) as port:
        measured = []
        for mix in ({"minimal": 1}, MIX):
            # Untimed first: each worker's first requests import and connect.
            drive(port, people, mix, seconds=min(WARM_UP, seconds / 4), threads=threads)
            measured.append(drive(port, people, mix, seconds=seconds, threads=threads))
        minimal, mixed = measured
    return {
        "seconds": seconds,
        "workers": workers,
        "threads": threads,
        "users": len(people),
        "mix": MIX,
        "minimal": minimal,
        "mixed": mixed,
        "ratio": mixed["req_s"] / minimal["req_s"] if minimal["req_s"] else 0.0,
    }
