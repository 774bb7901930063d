"""Run the benchmarks on SQLite and, when reachable, on PostgreSQL; print one JSON document."""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("SOSTECI_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
SUITES = ("territory", "registry", "cases", "indicators", "pages", "import", "collect")


def suite_command(suite: str, args: argparse.Namespace) -> list[str]:
    if suite == "territory":
        return [sys.executable, "-m", "bench.territory", "--repeat", str(args.repeat)]
    if suite == "import":
        return [sys.executable, "-m", "bench.register_import"]
    if suite == "collect":
        return [sys.executable, "-m", "bench.collect", "--clients", str(args.clients), "--workers", str(args.workers)]
    if suite == "cases":
        return [sys.executable, "-m", "bench.cases", "--scale", str(args.scale), "--queries", str(args.queries)]
    if suite == "pages":
        return [sys.executable, "-m", "bench.pages", "--scale", str(args.scale), "--repeat", str(args.repeat)]
    if suite == "indicators":
        return [sys.executable, "-m", "bench.indicators", "--scale", str(args.scale), "--repeat", str(args.repeat)]
    return [sys.executable, "-m", "bench.registry", "--scale", str(args.scale), "--queries", str(args.queries)]


def run_child(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run one suite in a child process; its progress (stderr) goes through, its last stdout line is the result."""
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.PIPE, text=True
        )
        tail: collections.deque[str] = collections.deque(maxlen=1)
        for line in process.stderr or ():
            sys.stderr.write(line)
            if line.strip():
                tail.append(line.strip())
        status = process.wait()
        out.seek(0)
        stdout = out.read()
    if status != 0:
        return {"error": list(tail) or ["failed"]}
    figures: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return figures


def sqlite(command: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        env = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "SOSTECI_SQLITE_PATH": f"{folder}/bench.sqlite3"}
        os.environ.pop("DATABASE_URL", None)
        return {"backend": "sqlite", **run_child(command, env)}


def postgresql(command: list[str]) -> dict[str, Any]:
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return {"backend": "postgresql", "skipped": "psycopg missing"}
    name = f"sosteci_bench_{os.getpid()}_{int(time.time())}"
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        return {"backend": "postgresql", "skipped": f"not reachable: {exc}".splitlines()[0]}
    try:
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        return {
            "backend": "postgresql",
            **run_child(command, {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": url}),
        }
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suite", choices=[*SUITES, "all"], default="all")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--repeat", type=int, default=20, help="Territory: repetitions of each query per unit.")
    parser.add_argument("--scale", type=float, default=1.0, help="Registry, cases: share of the national register.")
    parser.add_argument(
        "--queries", type=int, default=200, help="Registry: name searches per supervisor; cases: requests per page."
    )
    parser.add_argument("--clients", type=int, default=16, help="Collect: concurrent Collect-like clients.")
    parser.add_argument("--workers", type=int, default=3, help="Collect: gunicorn worker processes.")
    args = parser.parse_args()
    documents = []
    for suite in SUITES if args.suite == "all" else (args.suite,):
        command = suite_command(suite, args)
        results = []
        if args.backend in {"sqlite", "all"}:
            results.append(sqlite(command))
        if args.backend in {"postgresql", "all"}:
            results.append(postgresql(command))
        documents.append({"benchmark": suite, "results": results})
    output = documents[0] if len(documents) == 1 else {"benchmarks": documents}
    print(json.dumps(output, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
