"""Submissions per second from concurrent ODK-Collect-like clients against a real server (gunicorn).

Child process of `python -m bench --suite collect`: prepares the database (territory, an agent with a collect
password, the household-visit form), starts gunicorn on it, drives it with CLIENTS clients (processes with
keep-alive connections, Digest authentication with nc counting like Collect), each sending household visits with
3 children and re-sending some (as Collect does after a lost answer), then checks in the database that nothing
was lost or duplicated, and times the background processing of what was received. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
USERNAME, PASSWORD, REALM = "agent_bench", "mot-de-passe-bench-26", "SOSTECI"
FORM_ID, VERSION = "sosteci_visite_menage", "2026112301"
LOCALITY = "CI260401001"


def md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def instance(instance_id: str) -> bytes:
    children = "".join(
        f"<child><family_name>KOUASSI</family_name><given_names>{given}</given_names><sex>{sex}</sex>"
        f"<dob_known>yes</dob_known><date_of_birth>{dob}</date_of_birth><birth_certificate>yes</birth_certificate>"
        "<nationality>CI</nationality><lives_with_parents>both</lives_with_parents>"
        "<relation_to_head>child</relation_to_head><schooling>enrolled</schooling><attends_school>yes</attends_school>"
        "<night_work>no</night_work><apprenticeship>no</apprenticeship>"
        f"<activity><code>CACAO</code><hours>{hours}</hours></activity><hazardous_tasks>{hazard}</hazardous_tasks>"
        "<indicators/><injured_at_work>no</injured_at_work></child>"
        for given, sex, dob, hours, hazard in (
            ("Aya", "F", "2012-03-01", 10, "H_MACHETTE"),
            ("Yao", "M", "2015-06-01", 4, ""),
            ("Ahou", "F", "2018-01-15", 0, ""),
        )
    )
    return (
        f'<?xml version="1.0"?><data id="{FORM_ID}" version="{VERSION}">'
        "<start>2026-11-20T09:00:00.000+00:00</start><end>2026-11-20T09:30:00.000+00:00</end>"
        f"<consent>yes</consent><locality>{LOCALITY}</locality><gps>5.78 -6.61 120 8</gps>"
        "<household><head_family_name>Kouassi</head_family_name><head_given_names>Konan</head_given_names>"
        "<head_sex>M</head_sex><head_phone>0707123456</head_phone><size>7</size><main_crops>cacao</main_crops>"
        f"</household>{children}<meta><instanceID>{instance_id}</instanceID></meta></data>"
    ).encode()


class Client:
    """One Collect-like client on a keep-alive connection."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.nonce, self.nc = "", 0

    def authorization(self, method: str, uri: str) -> dict[str, str]:
        if not self.nonce:
            return {}
        self.nc += 1
        nc, cnonce = f"{self.nc:08x}", uuid.uuid4().hex[:16]
        ha1, ha2 = md5(f"{USERNAME}:{REALM}:{PASSWORD}"), md5(f"{method}:{uri}")
        response = md5(f"{ha1}:{self.nonce}:{nc}:{cnonce}:auth:{ha2}")
        return {
            "Authorization": f'Digest username="{USERNAME}", realm="{REALM}", nonce="{self.nonce}", '
            f'uri="{uri}", algorithm=MD5, response="{response}", qop=auth, nc={nc}, '
            f'cnonce="{cnonce}"'
        }

    def send(self, method: str, uri: str, body: bytes = b"", headers: dict[str, str] | None = None) -> int:
        for _attempt in range(2):
            self.connection.request(
                method, uri, body=body or None, headers={**(headers or {}), **self.authorization(method, uri)}
            )
            response = self.connection.getresponse()
            response.read()
            challenge = response.getheader("WWW-Authenticate", "")
            if response.status == 401 and 'nonce="' in challenge:
                self.nonce, self.nc = challenge.split('nonce="', 1)[1].split('"', 1)[0], 0
                continue
            return response.status
        return 401

    def submit(self, instance_id: str) -> int:
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="xml_submission_file"; '
            f'filename="submission.xml"\r\nContent-Type: text/xml\r\n\r\n'
        ).encode()
        body += instance(instance_id) + f"\r\n--{boundary}--\r\n".encode()
        return self.send(
            "POST", "/openrosa/submission", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )


def client_run(args: tuple[int, int, int, float]) -> dict[str, Any]:
    """The clients of one process, each in its own thread and connection."""
    port, first, threads, count, resend_share = args  # type: ignore[misc]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        runs = list(pool.map(lambda i: one_client(port, i, count, resend_share), range(first, first + threads)))
    return {
        "statuses": _merge([r["statuses"] for r in runs]),
        "latencies": [x for r in runs for x in r["latencies"]],
        "sent": [x for r in runs for x in r["sent"]],
    }


def _merge(counts: list[dict[int, int]]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for count in counts:
        for key, n in count.items():
            merged[key] = merged.get(key, 0) + n
    return merged


def one_client(port: int, index: int, count: int, resend_share: float) -> dict[str, Any]:
    client = Client(port)
    client.send("HEAD", "/openrosa/submission")
    statuses: dict[int, int] = {}
    latencies, sent = [], []
    for n in range(count):
        instance_id = f"uuid:{index:02d}-{n:06d}-{uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        status = client.submit(instance_id)
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
        sent.append(instance_id)
        if n % int(1 / resend_share) == 0:  # Collect re-sends when an answer is lost
            status = client.submit(instance_id)
            statuses[status] = statuses.get(status, 0) + 1
    return {"statuses": statuses, "latencies": latencies, "sent": sent}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from sosteci.access.models import User
    from sosteci.access.roles import Role
    from sosteci.collect.auth import ha1_for
    from sosteci.collect.models import CollectCredential, XForm
    from sosteci.territory.models import AdminUnit

    call_command("migrate", verbosity=0)
    if not AdminUnit.objects.filter(pcode=LOCALITY).exists():
        call_command("load_territory", "--json", stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123
    user, _ = User.objects.get_or_create(
        username=USERNAME, defaults={"role": Role.AGENT, "jurisdiction": AdminUnit.objects.get(pcode=LOCALITY)}
    )
    CollectCredential.objects.update_or_create(user=user, defaults={"realm": REALM, "ha1": ha1_for(USERNAME, PASSWORD)})
    XForm.objects.get_or_create(
        form_id=FORM_ID,
        version=VERSION,
        defaults={"title": "Visite ménage", "xml": "<h:html/>", "md5": "md5:" + "0" * 32, "media": ["localites.csv"]},
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--per-client", type=int, default=250)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--resend", type=float, default=0.05, help="Share of submissions sent twice.")
    args = parser.parse_args()
    prepare()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "b" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        started = time.perf_counter()
        processes = min(4, args.clients)
        per_process = args.clients // processes
        with multiprocessing.Pool(processes) as pool:
            results = pool.map(
                client_run,
                [(port, p * per_process, per_process, args.per_client, args.resend) for p in range(processes)],
            )
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from sosteci.collect.models import Submission
    from sosteci.collect.processing import process

    sent = [i for r in results for i in r["sent"]]
    statuses: dict[str, int] = {}
    for r in results:
        for status, n in r["statuses"].items():
            statuses[str(status)] = statuses.get(str(status), 0) + n
    latencies = [x for r in results for x in r["latencies"]]
    stored = set(Submission.objects.filter(instance_id__in=sent).values_list("instance_id", flat=True))
    duplicated = Submission.objects.values("instance_id").annotate(n=Count("id")).filter(n__gt=1).count()
    requests = sum(statuses.values())
    figures: dict[str, Any] = {
        "vendor": connection.vendor,
        "clients": args.clients,
        "gunicorn_workers": args.workers,
        "submissions": len(sent),
        "requests": requests,
        "statuses": statuses,
        "seconds": round(elapsed, 2),
        "submissions_per_s": round(len(sent) / elapsed, 1),
        "requests_per_s": round(requests / elapsed, 1),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.5) * 1000, 1),
            "p95": round(percentile(latencies, 0.95) * 1000, 1),
            "max": round(max(latencies) * 1000, 1),
        },
        "lost": len(set(sent) - stored),
        "duplicated": duplicated,
    }
    sample = list(Submission.objects.filter(status=Submission.Status.RECEIVED).values_list("pk", flat=True)[:500])
    started = time.perf_counter()
    for pk in sample:
        process(pk)
    spent = time.perf_counter() - started
    figures["processing"] = {
        "sample": len(sample),
        "per_s": round(len(sample) / spent, 1) if spent else None,
        "processed": Submission.objects.filter(pk__in=sample, status=Submission.Status.PROCESSED).count(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
