#!/usr/bin/env python3
"""Copy benchmark: `holdfast copy` against `restic copy`, on the data set of bench/e2e.py.

Each tool backs the data up once into a source repository (untimed), then, per run, copies it
into a fresh target repository that shares the source's chunker parameters (timed: "copy"),
copies again when nothing is new (timed: "copy again"), and Holdfast also copies into a target
with its own chunker parameters, which re-chunks every file (timed: "re-chunking copy", no restic
counterpart: restic copies blobs as they are). Targets are local directories by default; give
--holdfast-target / --restic-target (with {run} in them) to copy to SFTP or S3 instead.
Run it through bench/copy.sh, which installs the tools first. Standard library only.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import e2e  # noqa: E402  (data set, timing and machine description are shared)

PHASES = [("copy", "copy (shared chunker params)"), ("again", "copy again, nothing new"),
          ("rechunk", "re-chunking copy (own chunker params)")]


def holdfast_env(opts, src: Path) -> dict[str, str]:
    return {"HOLDFAST_PASSWORD": e2e.PASSWORD, "HOLDFAST_FROM_PASSWORD": e2e.PASSWORD,
            "HOLDFAST_FROM_REPOSITORY": str(src), "HOLDFAST_CACHE_DIR": str(opts.workdir / "cache" / "holdfast")}


def restic_env(opts, src: Path) -> dict[str, str]:
    return {"RESTIC_PASSWORD": e2e.PASSWORD, "RESTIC_FROM_PASSWORD": e2e.PASSWORD,
            "RESTIC_FROM_REPOSITORY": str(src), "RESTIC_CACHE_DIR": str(opts.workdir / "cache" / "restic")}


class Timed:
    """Runs one command under /usr/bin/time after dropping the page cache (e2e.Runner)."""

    def __init__(self, opts):
        self.runner = e2e.Runner(opts)

    def run(self, name: str, phase: str, argv: list[str], env: dict[str, str], logdir: Path) -> e2e.Result:
        tool = type("T", (e2e.Tool,), {"name": name, "env": lambda self: env})(Path("."), Path("."), None)
        r = self.runner.timed(tool, phase, e2e.Cmd(argv), logdir)
        e2e.log(f"{name} {phase}: {'ok' if r.ok else 'FAILED (' + r.note + ')'} {r.wall if r.wall is not None else '-'} s")
        return r


def untimed(argv: list[str], env: dict[str, str], log: Path) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        out.write(f"$ {' '.join(argv)}\n".encode())
        out.flush()
        rc = subprocess.run(argv, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT).returncode
    if rc != 0:
        sys.exit(f"{' '.join(argv)} failed (exit {rc}); see {log}")


def remove(location: str) -> None:
    if "://" not in location and not location.startswith(("sftp:", "s3:", "rest:")):
        shutil.rmtree(location, ignore_errors=True)


def prepare_sources(opts, data: list[Path]) -> dict[str, Path]:
    """Source repositories with one snapshot of the data, made once per work directory."""
    srcs = {}
    logs = opts.workdir / "logs" / "setup"
    for tool in opts.tools:
        src = opts.workdir / "sources" / tool
        srcs[tool] = src
        if (src / ".done").exists():
            continue
        shutil.rmtree(src, ignore_errors=True)
        e2e.log(f"{tool}: source repository with one backup of the data (untimed, once)")
        if tool == "holdfast":
            env = holdfast_env(opts, src) | {"HOLDFAST_REPOSITORY": str(src)}
            untimed([str(opts.holdfast_bin), "init"], env, logs / "holdfast.log")
            untimed([str(opts.holdfast_bin), "backup"] + [str(d) for d in data], env, logs / "holdfast.log")
        else:
            env = {k: v for k, v in restic_env(opts, src).items() if "FROM" not in k} | {"RESTIC_REPOSITORY": str(src)}
            untimed(["restic", "init", "--repository-version", "2"], env, logs / "restic.log")
            untimed(["restic", "backup", "--compression", "auto"] + [str(d) for d in data], env, logs / "restic.log")
        (src / ".done").touch()
    return srcs


def one_run(opts, run: int, timed: Timed, srcs: dict[str, Path]) -> dict:
    logdir = opts.workdir / "logs" / f"run-{run}"
    res: dict[str, dict] = {}
    order = opts.tools[run % len(opts.tools):] + opts.tools[:run % len(opts.tools)]
    for tool in order:
        res[tool] = {}
        target = (opts.holdfast_target if tool == "holdfast" else opts.restic_target).format(run=run)
        remove(target)
        if tool == "holdfast":
            env = holdfast_env(opts, srcs[tool]) | {"HOLDFAST_REPOSITORY": target}
            hf = str(opts.holdfast_bin)
            untimed([hf, "init", "--copy-chunker-params", "--from", str(srcs[tool])], env, logdir / "holdfast-init.log")
            for phase in ("copy", "again"):
                res[tool][phase] = vars(timed.run(tool, phase, [hf, "copy"], env, logdir))
            if opts.verify:
                untimed([hf, "check", "--read-data"], env, logdir / "holdfast-verify.log")
            remove(target)
            rechunk = target.rstrip("/") + "-rechunk"
            remove(rechunk)
            env = env | {"HOLDFAST_REPOSITORY": rechunk}
            untimed([hf, "init"], env, logdir / "holdfast-init.log")
            res[tool]["rechunk"] = vars(timed.run(tool, "rechunk", [hf, "copy"], env, logdir))
            if opts.verify:
                untimed([hf, "check", "--read-data"], env, logdir / "holdfast-verify.log")
            remove(rechunk)
        else:
            env = restic_env(opts, srcs[tool]) | {"RESTIC_REPOSITORY": target}
            untimed(["restic", "init", "--repository-version", "2", "--copy-chunker-params"], env, logdir / "restic-init.log")
            for phase in ("copy", "again"):
                res[tool][phase] = vars(timed.run(tool, phase, ["restic", "copy"], env, logdir))
            if opts.verify:
                untimed(["restic", "check", "--read-data"], env, logdir / "restic-verify.log")
            remove(target)
    return res


def median_of(runs: list[dict], tool: str, phase: str) -> tuple[float | None, float | None, float | None, bool]:
    vals = [r[tool][phase]["wall"] for r in runs if tool in r and phase in r[tool] and r[tool][phase]["ok"]]
    failed = any(tool in r and phase in r[tool] and not r[tool][phase]["ok"] for r in runs)
    if not vals:
        return None, None, None, failed
    return statistics.median(vals), min(vals), max(vals), failed


def report(opts, meta: dict, runs: list[dict]) -> str:
    lines = [f"# Copy benchmark, {meta['date']}", "",
             f"Data: {meta['data']}. Machine: {meta['machine']}. Load average at start: {meta['load']}.",
             f"Targets: holdfast `{opts.holdfast_target}`, restic `{opts.restic_target}`. Runs: {len(runs)}."
             + (" Page cache dropped before each timed command." if not opts.no_drop_caches else " Warm cache."), "",
             "| phase | holdfast (s) | restic (s) | holdfast/restic |", "|---|---|---|---|"]
    for phase, label in PHASES:
        cells = []
        for tool in ("holdfast", "restic"):
            m, lo, hi, failed = median_of(runs, tool, phase)
            if tool not in opts.tools or (tool == "restic" and phase == "rechunk"):
                cells.append("—")
            elif failed:
                cells.append("FAIL")
            else:
                cells.append(f"{m:.2f} ({lo:.2f}–{hi:.2f})" if len(runs) > 1 else f"{m:.2f}")
        h, r = median_of(runs, "holdfast", phase)[0], median_of(runs, "restic", phase)[0]
        ratio = f"{h / r:.2f}" if h and r and phase != "rechunk" else "—"
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {ratio} |")
    h, r = median_of(runs, "holdfast", "copy")[0], median_of(runs, "restic", "copy")[0]
    if h and r:
        lines += ["", f"Target copy ≤ 0.5× restic: {'PASS' if h / r <= 0.5 else 'FAIL'} ({h / r:.2f})"]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tools", default="holdfast,restic")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--workdir", type=Path, default=Path(os.environ.get("HOLDFAST_COPY_BENCH_DIR", "/tmp/holdfast-copy-bench")))
    p.add_argument("--pristine", type=Path, help="where the data set is kept (default WORKDIR/pristine; reuse bench/e2e.py's)")
    p.add_argument("--small", action="store_true")
    p.add_argument("--large-count", type=int, default=3)
    p.add_argument("--large-mib", type=int)
    p.add_argument("--holdfast-bin", type=Path, default=Path(__file__).resolve().parent.parent / "bin" / "holdfast")
    p.add_argument("--holdfast-target", help="target location, {run} is replaced (default WORKDIR/targets/holdfast)")
    p.add_argument("--restic-target", help="target location, {run} is replaced (default WORKDIR/targets/restic)")
    p.add_argument("--verify", action="store_true", help="check --read-data every target after its copy (untimed)")
    p.add_argument("--timeout", type=int, default=7200)
    p.add_argument("--no-drop-caches", action="store_true")
    o = p.parse_args(argv)
    o.tools = [t for t in o.tools.split(",") if t]
    o.large_mib = o.large_mib or (32 if o.small else 256)
    o.pristine = o.pristine or o.workdir / "pristine"
    o.holdfast_target = o.holdfast_target or str(o.workdir / "targets" / "holdfast")
    o.restic_target = o.restic_target or str(o.workdir / "targets" / "restic")
    return o


def main(argv: list[str]) -> int:
    opts = parse_args(argv)
    opts.workdir.mkdir(parents=True, exist_ok=True)
    tree = e2e.ensure_linux_tree(opts.pristine)
    data = [tree / d for d in e2e.SMALL_SUBDIRS] if opts.small else [tree]
    if opts.large_count > 0:
        data.append(e2e.ensure_large_files(opts.pristine, opts.large_count, opts.large_mib))
    if "holdfast" in opts.tools:
        subprocess.run([str(opts.holdfast_bin), "--version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    srcs = prepare_sources(opts, data)
    meta = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "data": ("Linux 6.1 source subset" if opts.small else "Linux 6.1 source tree")
                    + (f" + {opts.large_count} × {opts.large_mib} MiB large files" if opts.large_count else ""),
            "machine": f"{os.cpu_count()} CPUs", "load": os.getloadavg()[0]}
    timed = Timed(opts)
    runs = [one_run(opts, n, timed, srcs) for n in range(1, opts.runs + 1)]
    text = report(opts, meta, runs)
    (opts.workdir / "copy-results.md").write_text(text)
    (opts.workdir / "copy-results.json").write_text(json.dumps({"meta": meta, "runs": runs}, indent=1, default=str))
    print(text)
    return 1 if any(not v["ok"] for r in runs for t in r.values() for v in t.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
