#!/usr/bin/env python3
"""Remote-repository benchmark: backup straight to SFTP and to S3, and restore from S3, Holdfast
against restic, in the same run, on servers started on loopback (bench/servers.py: a real OpenSSH
sshd and S3Proxy). Run it through bench/remote.sh, which installs what is missing.

Prints a Markdown table of medians and ratios to stdout and WORKDIR/remote-results.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import e2e  # noqa: E402  (data set: the Linux source tree)
import servers  # noqa: E402

PASSWORD = "holdfast-bench-not-a-secret"
PHASES = [("sftp-backup", "backup to SFTP"), ("s3-backup", "backup to S3"), ("s3-restore", "restore from S3")]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def drop_caches() -> None:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        pass


def timed(argv: list[str], env: dict[str, str], logfile: Path, cwd: Path | None = None) -> float:
    drop_caches()
    start = time.monotonic()
    with open(logfile, "wb") as out:
        out.write((" ".join(argv) + "\n").encode())
        out.flush()
        rc = subprocess.run(argv, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, cwd=cwd).returncode
    wall = time.monotonic() - start
    if "holdfast: building" in logfile.read_text(errors="replace"):
        raise RuntimeError(f"bin/holdfast rebuilt the project during a timed command (sources changed mid-run); see {logfile}")
    if rc != 0:
        raise RuntimeError(f"{argv[0]} failed (exit {rc}); see {logfile}")
    return wall


def untimed(argv: list[str], env: dict[str, str], logfile: Path) -> None:
    with open(logfile, "wb") as out:
        rc = subprocess.run(argv, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL).returncode
    if rc != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} failed (exit {rc}); see {logfile}")


class Holdfast:
    name = "holdfast"

    def __init__(self, binary: str, cache: Path):
        self.bin, self.cache = binary, cache

    def env(self, s3: servers.S3Proxy) -> dict[str, str]:
        return {"HOLDFAST_PASSWORD": PASSWORD, "HOLDFAST_CACHE_DIR": str(self.cache), **s3.env()}

    def cmd(self, repo: str, extra: list[str], *args: str) -> list[str]:
        return [self.bin, *args, "-r", repo, *extra]


class Restic:
    name = "restic"

    def __init__(self, cache: Path):
        self.cache = cache

    def env(self, s3: servers.S3Proxy) -> dict[str, str]:
        return {"RESTIC_PASSWORD": PASSWORD, "RESTIC_CACHE_DIR": str(self.cache), **s3.env()}

    def cmd(self, repo: str, extra: list[str], *args: str) -> list[str]:
        a = list(args)
        if a[0] == "init":
            a += ["--repository-version", "2"]
        if a[0] == "backup":
            a = ["backup", "--compression", "auto", *a[1:]]
        return ["restic", "-r", repo, *extra, *a]


def same_tree(a: Path, b: Path) -> bool:
    return subprocess.run(["diff", "-rq", "--no-dereference", str(a), str(b)], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def tree_bytes(root: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(root):
        for f in files:
            p = os.path.join(dirpath, f)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def prepare_data(work: Path, small: bool) -> Path:
    tree = e2e.ensure_linux_tree(work / "pristine")
    data = work / ("data-small" if small else "data-full") / "linux"
    if not data.exists():
        data.parent.mkdir(parents=True, exist_ok=True)
        if small:
            data.mkdir()
            for entry in sorted(tree.iterdir()):
                if entry.is_file() and not entry.is_symlink():
                    shutil.copy2(entry, data / entry.name)
                elif entry.name in e2e.SMALL_SUBDIRS:
                    subprocess.run(["cp", "-a", str(entry), str(data / entry.name)], check=True)
        else:
            subprocess.run(["cp", "-a", str(tree), str(data)], check=True)
    return data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--small", action="store_true", help="the block fs include init ipc kernel lib mm part of the tree (about 100 MiB)")
    ap.add_argument("--workdir", type=Path, default=Path(os.environ.get("HOLDFAST_BENCH_DIR", "/tmp/holdfast-bench")))
    ap.add_argument("--holdfast-bin", default=str(Path(__file__).resolve().parent.parent / "bin/holdfast"))
    opts = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on kill, too
    work = opts.workdir.resolve()
    data = prepare_data(work, opts.small)
    size = tree_bytes(data)
    log(f"data set: {data} ({size / 2**20:.0f} MiB)")
    subprocess.run([opts.holdfast_bin, "--version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    remote = work / "remote"
    shutil.rmtree(remote, ignore_errors=True)
    times: dict[str, dict[str, list[float]]] = {p: {"holdfast": [], "restic": []} for p, _ in PHASES}
    ok = True
    with servers.Sshd(remote / "sshd") as ssh, servers.S3Proxy(remote / "s3") as s3:
        for run in range(1, opts.runs + 1):
            logs = remote / f"logs/run-{run}"
            logs.mkdir(parents=True, exist_ok=True)
            tools = [Holdfast(opts.holdfast_bin, remote / f"cache/holdfast-{run}"), Restic(remote / f"cache/restic-{run}")]
            if run % 2 == 0:
                tools.reverse()
            for tool in tools:
                env = tool.env(s3)
                sftp_repo = ssh.holdfast_location(str(remote / f"sftp/{tool.name}-{run}")) if tool.name == "holdfast" \
                    else ssh.restic_location(str(remote / f"sftp/{tool.name}-{run}"))
                sftp_extra = ssh.holdfast_args() if tool.name == "holdfast" else ssh.restic_args()
                s3_repo = s3.holdfast_location(f"bench/{tool.name}-{run}")
                untimed(tool.cmd(sftp_repo, sftp_extra, "init"), env, logs / f"{tool.name}-sftp-init.log")
                t = timed(tool.cmd(sftp_repo, sftp_extra, "backup", str(data)), env, logs / f"{tool.name}-sftp-backup.log")
                times["sftp-backup"][tool.name].append(t)
                log(f"run {run}: {tool.name} backup to SFTP {t:.1f} s")
                untimed(tool.cmd(s3_repo, [], "init"), env, logs / f"{tool.name}-s3-init.log")
                t = timed(tool.cmd(s3_repo, [], "backup", str(data)), env, logs / f"{tool.name}-s3-backup.log")
                times["s3-backup"][tool.name].append(t)
                log(f"run {run}: {tool.name} backup to S3 {t:.1f} s")
                target = remote / f"restore/{tool.name}-{run}"
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir(parents=True)
                t = timed(tool.cmd(s3_repo, [], "restore", "latest", "--target", str(target)), env,
                          logs / f"{tool.name}-s3-restore.log")
                times["s3-restore"][tool.name].append(t)
                restored = target / str(data).lstrip("/")
                same = same_tree(data, restored)
                ok &= same
                log(f"run {run}: {tool.name} restore from S3 {t:.1f} s{'' if same else ' -- RESTORED TREE DIFFERS'}")
                shutil.rmtree(target, ignore_errors=True)
    table = report(times, size, opts, data)
    print(table)
    (work / "remote-results.md").write_text(table)
    (work / "remote-results.json").write_text(json.dumps(times, indent=1))
    return 0 if ok else 1


def report(times, size, opts, data) -> str:
    mib = size / 2**20
    lines = [f"Data: `{data}` ({mib:.0f} MiB), {opts.runs} runs, medians (min–max); servers on loopback.", "",
             "| phase | holdfast | restic | holdfast / restic | target |", "|---|---|---|---|---|"]
    for phase, label in PHASES:
        h, r = times[phase]["holdfast"], times[phase]["restic"]
        mh, mr = statistics.median(h), statistics.median(r)
        if phase == "s3-restore":
            lines.append(f"| {label} | {mib / mh:.1f} MiB/s ({mh:.1f} s; {min(h):.1f}–{max(h):.1f}) | "
                         f"{mib / mr:.1f} MiB/s ({mr:.1f} s; {min(r):.1f}–{max(r):.1f}) | "
                         f"{mr / mh:.2f}× the throughput | ≥ 2× |")
        else:
            lines.append(f"| {label} | {mh:.1f} s ({min(h):.1f}–{max(h):.1f}) | {mr:.1f} s ({min(r):.1f}–{max(r):.1f}) | "
                         f"{mh / mr:.2f}× the time | ≤ 0.5× |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
