#!/usr/bin/env python3
"""Scaling check for the hostile inputs of issue 18 (item 5) and the did-you-mean crash
(item 1): each case is generated at n and at 8n, run through the release binary, and the
ratio of the times printed. Linear work gives a ratio near 8 (less where start-up counts);
quadratic work gives near 64. Not part of `cargo test`: timings belong to a quiet machine,
never to an assertion.

    cargo build --release
    python3 tests/scaling/run.py [--bin target/release/rolelint] [--runs 3] [--scale 1.0] [CASE...]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def person(pid, roles="[]", reports_to=None, extra=""):
    s = f"  - id: {pid}\n    roles: {roles}\n"
    if reports_to:
        s += f"    reports_to: {reports_to}\n"
    return s + extra


def org(products="", teams="", backlogs="", people=""):
    out = "version: 1\n"
    for key, body in (("products", products), ("teams", teams), ("backlogs", backlogs), ("people", people)):
        out += f"{key}:\n{body}" if body else f"{key}: []\n"
    return out


def write(d, name, text):
    p = os.path.join(d, name)
    with open(p, "w") as f:
        f.write(text)
    return p


# Each case: (name, base n, builder(dir, n) -> argv after the binary).

def dangling(d, n):
    # n references to one missing id, next to 9,000 ids one edit from it (the crash).
    people = "".join(person(f"ghost-{i:04d}") for i in range(9000))
    teams = "  - id: t\n    members: [" + ", ".join(["ghost-00011"] * n) + "]\n"
    return ["check", "--format", "json", write(d, "a.org.yaml", org(teams=teams, people=people))]


def dangling_distinct(d, n):
    # n distinct missing ids, each one or two edits from many of n ids.
    people = "".join(person(f"p{i:06d}") for i in range(n))
    teams = "  - id: t\n    members: [" + ", ".join(f"q{i:06d}" for i in range(n)) + "]\n"
    return ["check", "--format", "json", write(d, "a.org.yaml", org(teams=teams, people=people))]


def cycle(d, n):
    people = "".join(person(f"p{i}", reports_to=f"p{(i + 1) % n}") for i in range(n))
    return ["check", "--color", "never", write(d, "a.org.yaml", org(people=people))]


def many_pos(d, n):
    products = "  - id: prod\n    managers: [pm]\n"
    backlogs = "".join(f"  - id: b{i}\n    product: prod\n    owner: po{i}\n" for i in range(n))
    people = person("pm", "[product-manager]") + "".join(person(f"po{i}", "[product-owner]") for i in range(n))
    return ["check", "--color", "never", write(d, "a.org.yaml", org(products=products, backlogs=backlogs, people=people))]


def classify_bullet(d, n):
    return ["classify", "--no-config", write(d, "bullet.txt", "vision " * n + "\n")]


def stacked_yaml(d, n):
    people = "".join("  # rolelint: ignore[T001] -- stacked\n" for _ in range(n)) + person("p", "[product-owner]")
    return ["check", "--format", "json", write(d, "a.org.yaml", org(people=people))]


def stacked_html(d, n):
    text = "# Product Owner\n\n" + "<!-- rolelint: ignore[J002] -- stacked -->\n" * n + "\n- Own the backlog\n"
    return ["check", "--format", "json", write(d, "a.jd.md", text)]


def unknown_code(d, n):
    people = "".join(f"  - id: p{i}  # rolelint: ignore[ZZZ999] -- trailing\n    roles: []\n" for i in range(n))
    return ["check", "--format", "json", write(d, "a.org.yaml", org(people=people))]


def config_errors(d, n):
    cfg = write(d, "rolelint.yaml", "".join(f"unknown_key_{i}: 1\n" for i in range(n)))
    o = write(d, "a.org.yaml", org(people=person("p")))
    return ["check", "--color", "never", "--config", cfg, o]


def vocabulary_anywhere(d, n):
    # An entry without `\b`, tried at every byte, that could run on to the end.
    cfg = write(d, "rolelint.yaml", "vocabulary:\n  strategic: ['x+y']\n")
    return ["classify", "--config", cfg, write(d, "bullet.txt", "x" * n + "y\n")]


def many_teams(d, n):
    teams = "".join(f"  - id: t{i}\n    members: [alice]\n" for i in range(n))
    backlogs = "  - id: b\n    teams: [" + ", ".join(f"t{i}" for i in range(0, n, 2)) + "]\n    owner: alice\n"
    people = person("alice", "[product-owner]")
    return ["check", "--format", "json", write(d, "a.org.yaml", org(teams=teams, backlogs=backlogs, people=people))]


def many_files(d, n):
    paths = []
    for i in range(n):
        paths.append(write(d, f"f{i}.org.yaml", org(people=person(f"p{i}"))))
    return ["check", "--format", "json", "--no-config"] + paths


CASES = [
    ("dangling-same-id", 12_500, dangling),
    ("dangling-distinct-ids", 5_000, dangling_distinct),
    ("reports-to-cycle-human", 12_500, cycle),
    ("product-with-many-pos-human", 6_250, many_pos),
    ("classify-many-matches", 125_000, classify_bullet),
    ("stacked-yaml-suppressions", 12_500, stacked_yaml),
    ("stacked-html-suppressions", 12_500, stacked_html),
    ("trailing-unknown-code", 12_500, unknown_code),
    ("config-many-errors", 12_500, config_errors),
    ("vocabulary-without-boundary", 31_250, vocabulary_anywhere),
    ("person-in-many-teams", 25_000, many_teams),
    ("files-on-command-line", 2_500, many_files),
]


def timed(argv, runs):
    best = None
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dt = time.perf_counter() - t
        if r.returncode not in (0, 1, 2):
            sys.exit(f"{argv[1]} exited {r.returncode} (crash?)")
        best = dt if best is None else min(best, dt)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/rolelint")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    print("| case | n | 8n | s at n | s at 8n | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, base, build in CASES:
        if a.cases and name not in a.cases:
            continue
        n = max(1, int(base * a.scale))
        times = []
        for size in (n, 8 * n):
            with tempfile.TemporaryDirectory() as d:
                argv = [binary] + build(d, size)
                times.append(timed(argv, a.runs))
        print(f"| {name} | {n:,} | {8 * n:,} | {times[0]:.3f} | {times[1]:.3f} | {times[1] / times[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
