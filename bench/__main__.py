"""Run every benchmark on SQLite and, when reachable, on PostgreSQL; print one JSON document."""

from __future__ import annotations

import argparse
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


def run_child(env: dict[str, str], repeat: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.territory", "--repeat", str(repeat)]
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:] or ["failed"]}
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def sqlite(repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        env = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "SOSTECI_SQLITE_PATH": f"{folder}/bench.sqlite3"}
        env.pop("DATABASE_URL", None)
        os.environ.pop("DATABASE_URL", None)
        return {"backend": "sqlite", **run_child(env, repeat)}


def postgresql(repeat: int) -> dict[str, Any]:
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
            **run_child({"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": url}, repeat),
        }
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="Repetitions of each query per unit.")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="all")
    args = parser.parse_args()
    results = []
    if args.backend in {"sqlite", "all"}:
        results.append(sqlite(args.repeat))
    if args.backend in {"postgresql", "all"}:
        results.append(postgresql(args.repeat))
    print(json.dumps({"benchmark": "territory", "results": results}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
