#!/usr/bin/env python3
"""Prune benchmark: Holdfast against restic and Borg on the same data, in the same run.

A tree changes between 20 backups (files rewritten, appended, added and deleted, mostly
incompressible data); then half the snapshots are forgotten (keep the newest 10) and the time,
peak memory and space freed of `holdfast forget --keep-last 10 --prune`, `restic forget
--keep-last 10 --prune` and `borg prune --keep-last 10` + `borg compact` are measured. Finally
5000 snapshot records are added to the Holdfast repository and `holdfast snapshots` is timed.
Run it through bench/prune.sh, which installs the tools first. Standard library only; the timing
and tool helpers are bench/e2e.py's.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import e2e  # noqa: E402  (bench/e2e.py: Runner, tools, du_bytes, log)

SEED = 20261123
MIB = 1 << 20
BACKUPS = 20
KEEP = 10


def block(rng: random.Random, size: int) -> bytes:
    """Mostly incompressible bytes, a quarter of the files text-like (compresses about 2:1)."""
    data = rng.randbytes(size)
    return data.translate(e2e.HEX) if rng.random() < 0.25 else data


def make_tree(root: Path, rng: random.Random, files: int, mib: int) -> None:
    root.mkdir(parents=True)
    for i in range(files):
        d = root / f"d{i % 8}"
        d.mkdir(exist_ok=True)
        (d / f"f{i}.bin").write_bytes(block(rng, rng.randint(mib * MIB // files // 2, 3 * mib * MIB // files // 2)))


def change_tree(root: Path, rng: random.Random, step: int) -> None:
    """About 10 % of the data changes: some files rewritten, some appended, one deleted, one added."""
    files = sorted(p for p in root.rglob("*.bin"))
    for p in rng.sample(files, max(1, len(files) // 12)):
        p.write_bytes(block(rng, p.stat().st_size))
    for p in rng.sample(files, max(1, len(files) // 20)):
        with open(p, "ab") as f:
            f.write(block(rng, 64 * 1024))
    size = statistics.mean(p.stat().st_size for p in files)
    rng.choice(files).unlink()
    (root / f"d{step % 8}" / f"new{step}.bin").write_bytes(block(rng, int(size)))


def prune_commands(tool: e2e.Tool, keep: int) -> list[e2e.Cmd]:
    if tool.name == "holdfast":
        return [e2e.Cmd([tool.bin, "forget", "--keep-last", str(keep), "--prune"])]
    if tool.name == "restic":
        return [e2e.Cmd(["restic", "forget", "--keep-last", str(keep), "--prune"])]
    return [e2e.Cmd(["borg", "prune", "--keep-last", str(keep), str(tool.repo)]),
            e2e.Cmd(["borg", "compact", str(tool.repo)])]


def run(opts) -> dict:
    work = Path(opts.workdir)
    shutil.rmtree(work, ignore_errors=True)
    logdir = work / "logs"
    runner = e2e.Runner(opts)
    tools = [e2e.TOOL_CLASSES[t](work / f"repo-{t}", work / f"cache-{t}", opts) for t in opts.tools]
    for t in tools:
        err = t.prepare()
        if err:
            sys.exit(f"{t.name}: {err}")
    src = work / "data"
    rng = random.Random(SEED)
    make_tree(src, rng, opts.files, opts.mib)
    for t in tools:
        r = runner.timed(t, "init", t.init(), logdir)
        if not r.ok:
            sys.exit(f"{t.name} init failed, see {r.log}")
    backup_seconds = {t.name: 0.0 for t in tools}
    for n in range(1, BACKUPS + 1):
        if n > 1:
            change_tree(src, rng, n)
        e2e.log(f"backup {n} of {BACKUPS}")
        for t in tools:
            r = runner.timed(t, f"backup{n}", t.backup(src, n), logdir)
            if not r.ok:
                sys.exit(f"{t.name} backup {n} failed ({r.note}), see {r.log}")
            backup_seconds[t.name] += r.wall or 0
    out = {"tools": {}, "data": {"files": opts.files, "mib": opts.mib, "backups": BACKUPS, "keep": KEEP,
                                 "rounds": opts.rounds}}
    for t in tools:
        # every round prunes a fresh copy of the state the backups left (repository and cache)
        saved = [(p, p.with_name(p.name + ".saved")) for p in (t.repo, t.cache) if p.exists()]
        for p, copy in saved:
            shutil.copytree(p, copy, symlinks=True)
        before = e2e.du_bytes(t.repo)
        walls, rsss, freed = [], [], []
        for rnd in range(opts.rounds):
            if rnd > 0:
                for p, copy in saved:
                    shutil.rmtree(p)
                    shutil.copytree(copy, p, symlinks=True)
            wall, rss = 0.0, 0
            for i, cmd in enumerate(prune_commands(t, KEEP)):
                r = runner.timed(t, f"prune{i}-round{rnd + 1}", cmd, logdir)
                if not r.ok:
                    sys.exit(f"{t.name} prune failed ({r.note}), see {r.log}")
                wall += r.wall or 0
                rss = max(rss, r.rss or 0)
            walls.append(wall)
            rsss.append(rss)
            freed.append(before - e2e.du_bytes(t.repo))
            e2e.log(f"{t.name} round {rnd + 1}: prune {wall:.2f} s, {rss / 1024:.0f} MiB, freed {freed[-1] / MIB:.1f} MiB")
        for _, copy in saved:
            shutil.rmtree(copy)
        out["tools"][t.name] = {"version": t.version(), "prune_seconds": statistics.median(walls),
                                "prune_seconds_all": walls, "peak_rss_kib": statistics.median(rsss), "peak_rss_kib_all": rsss,
                                "repo_before": before, "repo_after": before - statistics.median(freed),
                                "freed": statistics.median(freed), "backups_seconds": round(backup_seconds[t.name], 2)}
    hf = next((t for t in tools if t.name == "holdfast"), None)
    if hf and opts.snapshots > 0:
        out["snapshots"] = time_many_snapshots(hf, opts, logdir)
    return out


def time_many_snapshots(tool: e2e.Tool, opts, logdir: Path) -> dict:
    # the jar of a checkout (bin/holdfast) or of a distribution (bin/holdfast next to lib/), or HOLDFAST_JAR
    here = Path(tool.bin).resolve().parent
    candidates = [Path(os.environ["HOLDFAST_JAR"])] if os.environ.get("HOLDFAST_JAR") else []
    candidates += [here.parent / "cli" / "target" / "holdfast.jar", here.parent / "lib" / "holdfast.jar", here / "lib" / "holdfast.jar"]
    jar = next((c for c in candidates if c.is_file()), candidates[0])
    java = Path(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")) / "bin" / "java"
    helper = Path(__file__).resolve().parent / "prune" / "ManySnapshots.java"
    e2e.log(f"adding {opts.snapshots} snapshot records")
    subprocess.run([str(java), "--enable-native-access=ALL-UNNAMED", "-cp", str(jar), str(helper), str(tool.repo),
                    e2e.PASSWORD, str(opts.snapshots)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {**os.environ, **tool.env()}
    first = time.monotonic()
    subprocess.run([tool.bin, "snapshots"], env=env, stdout=subprocess.DEVNULL, check=True)
    first = time.monotonic() - first
    median, how = e2e._time_listing(tool.snapshots(), env, "holdfast-many", logdir)
    count = json.loads(subprocess.run([tool.bin, "snapshots", "--json"], env=env, capture_output=True, text=True).stdout)
    return {"count": len(count), "first_seconds": round(first, 3), "median_seconds": median, "how": how}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", default="holdfast,restic,borg")
    ap.add_argument("--workdir", default="/var/tmp/holdfast-bench-prune")
    ap.add_argument("--files", type=int, default=120, help="files in the tree (default 120)")
    ap.add_argument("--mib", type=int, default=200, help="size of the tree in MiB (default 200)")
    ap.add_argument("--snapshots", type=int, default=5000, help="snapshot records to add for the listing timing (0: skip)")
    ap.add_argument("--holdfast-bin", default=str(Path(__file__).resolve().parent.parent / "bin" / "holdfast"))
    ap.add_argument("--restic-compression", default="auto")
    ap.add_argument("--no-drop-caches", action="store_true")
    ap.add_argument("--timeout", type=int, default=3600)
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--rounds", type=int, default=1,
                    help="prune N fresh copies of the repositories the backups left and report medians (default 1)")
    opts = ap.parse_args()
    opts.tools = [t for t in opts.tools.split(",") if t]
    res = run(opts)
    report(res)
    if opts.json:
        Path(opts.json).write_text(json.dumps(res, indent=2))


def report(res: dict) -> None:
    t = res["tools"]
    print(f"\nmedians of {res['data']['rounds']} round(s); chain of {res['data']['backups']} backups of a {res['data']['mib']} MiB tree ({res['data']['files']} files, "
          f"about 10 % changed each time); forget all but the newest {res['data']['keep']}, then prune\n")
    print("| tool | prune wall | peak RSS | repository before | after | freed |")
    print("|---|---|---|---|---|---|")
    for name, v in t.items():
        print(f"| {name} | {v['prune_seconds']:.2f} s | {v['peak_rss_kib'] / 1024:.0f} MiB | {v['repo_before'] / MIB:.1f} MiB "
              f"| {v['repo_after'] / MIB:.1f} MiB | {v['freed'] / MIB:.1f} MiB |")
    if "holdfast" in t and "restic" in t:
        h, r = t["holdfast"], t["restic"]
        print(f"\nholdfast / restic: wall {h['prune_seconds'] / r['prune_seconds']:.3f}x, "
              f"peak RSS {h['peak_rss_kib'] / r['peak_rss_kib']:.3f}x, freed {h['freed'] / r['freed']:.3f}x")
    for name, v in t.items():
        print(f"{name}: {v['version']}")
    if "snapshots" in res:
        s = res["snapshots"]
        print(f"\nholdfast snapshots with {s['count']} snapshots: first (fills the list cache) {s['first_seconds']:.2f} s, "
              f"then {s['median_seconds']:.3f} s ({s['how']})")


if __name__ == "__main__":
    main()
