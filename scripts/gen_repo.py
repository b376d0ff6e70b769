#!/usr/bin/env python3
"""Generates a synthetic strategy repository for benchmarking `tracker`.

Usage: scripts/gen_repo.py OUT_DIR --commitments N --commits M [--seed S]
           [--layout groups|flat] [--foreign F] [--large L]

Writes a new git repository in OUT_DIR (which must not exist or be empty) through
`git fast-import`, then checks out its head. The first commit adds
`strategy/strategy.yaml`, a README and N commitment files under
`strategy/<pillar>/<group>/cNNNNN.yaml` (groups of 50 files; with `--layout flat`,
all of a pillar's files in `strategy/<pillar>/`); each later commit
changes one to three commitments the way people do (a milestone done, a due date
moved, a new owner, a new milestone), and about 3% of the commits touch only the
README.

`--foreign F` adds F YAML files of another shape (deployment manifests, under
`strategy/manifests/NN/`), and half of the commits then change one of them instead of
a commitment. `--large L` adds L commitment-shaped files of about 1 MB each (a long
description), and 1% of the commits change one of them. Commit dates grow from 2020-01-01 to 2026-06-30; authors come from a small
pool, each with a fixed time zone.

The output depends only on N, M and the seed: the same arguments give the same
commit ids. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

PILLARS = [
    ("prevention", "Prevention"),
    ("detection", "Detection, reporting and removal of abuse material online"),
    ("law-enforcement", "Law-enforcement capacity"),
    ("victim-support", "Victim support"),
]
AUTHORS = [
    ("Ana Costa", "ana.costa@example.org", 60),
    ("Ben Okafor", "ben.okafor@example.org", 0),
    ("Chloe Martin", "chloe.martin@example.org", 120),
    ("Dev Raman", "dev.raman@example.org", 330),
    ("Eva Lind", "eva.lind@example.org", 60),
    ("Frank Mills", "frank.mills@example.org", -300),
]
STEP_TITLES = [
    "First step", "Second step", "Third step", "Fourth step", "Fifth step",
    "Sixth step", "Seventh step", "Eighth step", "Ninth step", "Tenth step",
]
GROUP_SIZE = 50
START = dt.datetime(2020, 1, 1, 9, 0, tzinfo=dt.timezone.utc)
END = dt.datetime(2026, 6, 30, 18, 0, tzinfo=dt.timezone.utc)
DAY_MIN = dt.date(2020, 1, 31)
DAY_MAX = dt.date(2027, 12, 31)


def tz_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    m = abs(minutes)
    return f"{sign}{m // 60:02d}{m % 60:02d}"


class Commitment:
    """One commitment's current content."""

    def __init__(self, n: int, pillar: str, path: str, rng: random.Random):
        self.id = f"c{n:05d}"
        self.title = f"Commitment {n}"
        self.pillar = pillar
        self.path = path
        self.owner = f"Unit {rng.randint(1, 40)}"
        first = DAY_MIN + dt.timedelta(days=rng.randint(0, 900))
        self.milestones: list[dict] = []
        for i in range(rng.randint(2, 3)):
            due = first + dt.timedelta(days=150 * i + rng.randint(0, 60))
            self.milestones.append({"id": f"m{i + 1}", "title": STEP_TITLES[i], "due": due, "done": None})
        self.due = max(m["due"] for m in self.milestones) + dt.timedelta(days=rng.randint(30, 365))

    def text(self) -> bytes:
        lines = [
            f"id: {self.id}",
            f"title: {self.title}",
            f"pillar: {self.pillar}",
            f"owner: {self.owner}",
            f"due: {self.due.isoformat()}",
            "milestones:",
        ]
        for m in self.milestones:
            lines.append(f"  - id: {m['id']}")
            lines.append(f"    title: {m['title']}")
            lines.append(f"    due: {m['due'].isoformat()}")
            if m["done"] is not None:
                lines.append(f"    done: {m['done'].isoformat()}")
        return ("\n".join(lines) + "\n").encode()

    def edit(self, rng: random.Random, today: dt.date) -> str:
        """Makes one realistic edit and returns a commit subject for it."""
        open_ms = [m for m in self.milestones if m["done"] is None]
        roll = rng.random()
        if open_ms and roll < 0.40:
            m = open_ms[0]
            m["done"] = today
            return f"Mark {self.id} {m['id']} done"
        if open_ms and roll < 0.65:
            m = rng.choice(open_ms)
            m["due"] = min(m["due"] + dt.timedelta(days=rng.choice([-14, 30, 45, 60, 90, 120])), DAY_MAX)
            return f"Move {self.id} {m['id']} due date"
        if roll < 0.75:
            self.due = min(self.due + dt.timedelta(days=rng.choice([30, 90, 180, 365])), DAY_MAX)
            return f"Move {self.id} due date"
        if roll < 0.85:
            self.owner = f"Unit {rng.randint(1, 40)}"
            return f"Hand {self.id} to {self.owner}"
        n = len(self.milestones) + 1
        last = max(m["due"] for m in self.milestones)
        title = STEP_TITLES[n - 1] if n <= len(STEP_TITLES) else f"Step {n}"
        due = min(max(last, today) + dt.timedelta(days=rng.randint(30, 240)), DAY_MAX)
        self.milestones.append({"id": f"m{n}", "title": title, "due": due, "done": None})
        return f"Add milestone {n} to {self.id}"


def strategy_yaml() -> bytes:
    lines = [
        "id: bench-strategy",
        "title: Synthetic strategy for benchmarks",
        "adopted: 2020-01-01",
        "pillars:",
    ]
    for pid, title in PILLARS:
        lines += [f"  - id: {pid}", f"    title: {title}"]
    return ("\n".join(lines) + "\n").encode()


def data(out: list[bytes], payload: bytes) -> None:
    out.append(b"data %d\n" % len(payload))
    out.append(payload)
    out.append(b"\n")


def commit(out: list[bytes], author: tuple, when: int, subject: str, files: list[tuple[str, bytes]], first: bool) -> None:
    name, email, tz = author
    ident = f"{name} <{email}> {when} {tz_text(tz)}\n".encode()
    out.append(b"commit refs/heads/main\n")
    out.append(b"author " + ident)
    out.append(b"committer " + ident)
    data(out, (subject + "\n").encode())
    if first:
        out.append(b"deleteall\n")
    for path, payload in files:
        out.append(f"M 100644 inline {path}\n".encode())
        data(out, payload)
    out.append(b"\n")


def manifest(i: int, version: int) -> bytes:
    """A YAML file of another shape: a deployment manifest."""
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: service-{i}\n  labels:\n"
        f"    app: service-{i}\n    tier: backend\nspec:\n  replicas: {1 + version % 5}\n"
        f"  selector:\n    matchLabels:\n      app: service-{i}\n  template:\n    spec:\n"
        f"      containers:\n        - name: app\n          image: registry.example.org/service-{i}:{version}\n"
        f"          ports:\n            - containerPort: {8000 + i % 1000}\n"
    ).encode()


def large(i: int, version: int) -> bytes:
    """A valid commitment of about 1 MB: a very long description."""
    para = f"Paragraph {version} of a long background note for large commitment {i}. " * 12
    body = "\n".join("  " + para for _ in range(1_000))
    return (
        f"id: large-{i}\ntitle: Large commitment {i}\npillar: prevention\nowner: Unit L\n"
        f"description: |\n{body}\nmilestones:\n  - id: m1\n    title: First step\n    due: 2027-06-30\n"
    ).encode()


def generate(n_commitments: int, n_commits: int, seed: int, layout: str = "groups", n_foreign: int = 0, n_large: int = 0):
    """Yields the fast-import stream in chunks."""
    rng = random.Random(seed)
    commitments: list[Commitment] = []
    for i in range(n_commitments):
        pid = PILLARS[i % len(PILLARS)][0]
        group = (i // len(PILLARS)) // GROUP_SIZE
        if layout == "flat":
            path = f"strategy/{pid}/c{i + 1:05d}.yaml"
        else:
            path = f"strategy/{pid}/group-{group:03d}/c{i + 1:05d}.yaml"
        commitments.append(Commitment(i + 1, pid, path, rng))
    foreign_path = lambda i: f"strategy/manifests/{i % 100:02d}/service-{i:05d}.yaml"
    large_path = lambda i: f"strategy/prevention/large-{i}.yaml"
    versions: dict[str, int] = {}
    span = int((END - START).total_seconds())
    step = span / max(n_commits, 1)
    readme_lines = ["# Synthetic strategy", "", "Generated for benchmarks.", ""]

    buf: list[bytes] = []
    files = [("README.md", "\n".join(readme_lines).encode()), ("strategy/strategy.yaml", strategy_yaml())]
    files += [(c.path, c.text()) for c in commitments]
    files += [(foreign_path(i), manifest(i, 0)) for i in range(n_foreign)]
    files += [(large_path(i), large(i, 0)) for i in range(n_large)]
    commit(buf, AUTHORS[0], int(START.timestamp()), f"Add the strategy with {n_commitments} commitments", files, True)
    yield b"".join(buf)
    buf = []
    for k in range(1, n_commits):
        author = AUTHORS[rng.randrange(len(AUTHORS))]
        when = int(START.timestamp() + k * step + rng.randint(0, max(int(step) // 2, 0)))
        local = dt.datetime.fromtimestamp(when, dt.timezone(dt.timedelta(minutes=author[2])))
        today = local.date()
        # Drawn only for the other shapes, so that the default one keeps its commit ids.
        roll = rng.random() if (n_large or n_foreign) else 1.0
        if n_large and roll < 0.01:
            i = rng.randrange(n_large)
            v = versions[large_path(i)] = versions.get(large_path(i), 0) + 1
            commit(buf, author, when, f"Update the background of large-{i}", [(large_path(i), large(i, v))], False)
        elif n_foreign and roll < 0.51:
            i = rng.randrange(n_foreign)
            v = versions[foreign_path(i)] = versions.get(foreign_path(i), 0) + 1
            commit(buf, author, when, f"Deploy service-{i} version {v}", [(foreign_path(i), manifest(i, v))], False)
        elif rng.random() < 0.03:
            readme_lines.append(f"- Note {k}: meeting minutes filed.")
            commit(buf, author, when, f"Update README (note {k})", [("README.md", "\n".join(readme_lines).encode() + b"\n")], False)
        else:
            r = rng.random()
            count = 1 if r < 0.80 else (2 if r < 0.95 else 3)
            picked = rng.sample(commitments, min(count, len(commitments)))
            picked.sort(key=lambda c: c.path)
            subjects = [c.edit(rng, today) for c in picked]
            subject = subjects[0] if len(subjects) == 1 else f"{subjects[0]} (and {len(subjects) - 1} more)"
            commit(buf, author, when, subject, [(c.path, c.text()) for c in picked], False)
        if len(buf) > 4000:
            yield b"".join(buf)
            buf = []
    buf.append(b"done\n")
    yield b"".join(buf)


def git_env() -> dict:
    env = dict(os.environ)
    # No user or system configuration may change the objects written.
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C", TZ="UTC")
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        env.pop(k, None)
    return env


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--commitments", type=int, required=True, metavar="N")
    ap.add_argument("--commits", type=int, required=True, metavar="M")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layout", choices=["groups", "flat"], default="groups")
    ap.add_argument("--foreign", type=int, default=0, metavar="F")
    ap.add_argument("--large", type=int, default=0, metavar="L")
    args = ap.parse_args()
    if args.commitments < 1 or args.commits < 1:
        ap.error("--commitments and --commits must be at least 1")
    out: Path = args.out_dir
    if out.exists() and any(out.iterdir()):
        ap.error(f"{out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    env = git_env()
    run = lambda *a: subprocess.run(["git", "-C", str(out), *a], env=env, check=True)
    run("init", "-q", "-b", "main")
    fi = subprocess.Popen(["git", "-C", str(out), "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE, env=env)
    assert fi.stdin is not None
    for chunk in generate(args.commitments, args.commits, args.seed, args.layout, args.foreign, args.large):
        fi.stdin.write(chunk)
    fi.stdin.close()
    if fi.wait() != 0:
        print("git fast-import failed", file=sys.stderr)
        return 1
    run("checkout", "-q", "-f", "main")
    return 0


if __name__ == "__main__":
    sys.exit(main())
