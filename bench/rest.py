#!/usr/bin/env python3
"""Backup and restore through a Holdfast repository server (rest: on loopback) against a local repository.

    python3 bench/rest.py [--runs 3] [--workdir /var/tmp/hf-rest] [--data DIR]

Without --data, the data set is the --small subset of the Linux 6.1 source tree that bench/e2e.py
uses (apt-get install linux-source-6.1), extracted once into the work directory. Each run starts
from an empty repository: first backup, then a full restore into an empty directory, both with a
warm page cache for the source. The server runs as a separate process (holdfast serve) with a
self-signed certificate, and the client uses an append-only user for the backup and a read-only
user for the restore. Prints a Markdown table of medians.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOLDFAST = ROOT / "bin" / "holdfast"
TARBALL = Path("/usr/src/linux-source-6.1.tar.xz")
SUBDIRS = ["block", "fs", "include", "init", "ipc", "kernel", "lib", "mm"]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def data_set(work: Path) -> Path:
    target = work / "data"
    if (target / ".complete").exists():
        return target / "linux-source-6.1"
    if not TARBALL.exists() and os.geteuid() == 0:
        log("installing linux-source-6.1")
        subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "linux-source-6.1"],
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), check=False)
    if not TARBALL.exists():
        sys.exit(f"{TARBALL} is missing: apt-get install -y linux-source-6.1, or pass --data DIR")
    log(f"extracting {', '.join(SUBDIRS)} of {TARBALL} (once)")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(TARBALL) as t:
        def members():
            for m in t:
                parts = m.name.split("/")
                if len(parts) >= 2 and (parts[1] in SUBDIRS or (len(parts) == 2 and m.isfile())):
                    yield m
        t.extractall(target, members=members(), filter="tar")
    (target / ".complete").touch()
    return target / "linux-source-6.1"


def run(env, *args, check=True):
    t0 = time.monotonic()
    p = subprocess.run([str(HOLDFAST), *args], env=env, capture_output=True, text=True)
    dt = time.monotonic() - t0
    if check and p.returncode != 0:
        sys.exit(f"holdfast {' '.join(args)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return dt


def start_server(env, repo: Path, conf: Path):
    p = subprocess.Popen([str(HOLDFAST), "serve", "-r", str(repo), "--listen", "127.0.0.1:0", "--config-dir", str(conf)],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = fingerprint = None
    for line in p.stdout:
        m = re.search(r"TLS certificate (SHA256:[0-9a-f]{64})", line)
        if m:
            fingerprint = m.group(1)
        m = re.search(r"listening on https://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = m.group(1)
            break
    if port is None:
        p.kill()
        sys.exit("holdfast serve did not start")
    return p, port, fingerprint


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workdir", default="/var/tmp/hf-rest-bench")
    ap.add_argument("--data", default=None)
    o = ap.parse_args()
    work = Path(o.workdir)
    work.mkdir(parents=True, exist_ok=True)
    data = Path(o.data) if o.data else data_set(work)
    env = dict(os.environ, HOLDFAST_PASSWORD="bench-not-a-secret", HOLDFAST_CACHE_DIR=str(work / "cache"))
    env.pop("HOLDFAST_REPOSITORY", None)
    run(env, "--version")  # builds the jar and its start-up cache when needed
    conf = work / "server"
    shutil.rmtree(conf, ignore_errors=True)
    for user, role in (("backup", "append"), ("reader", "read")):
        run(dict(env, HOLDFAST_NEW_PASSWORD=user + "-pw"), "serve", "--add-user", user, "--role", role, "--config-dir", str(conf))
    size = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
    files = sum(1 for f in data.rglob("*") if f.is_file())
    log(f"data set {data}: {files} files, {size / 2**20:.0f} MiB")
    times = {k: [] for k in ("local backup", "rest backup", "local restore", "rest restore")}
    for r in range(o.runs):
        for kind in ("local", "rest"):
            repo = work / f"{kind}-repo"
            out = work / "restore"
            shutil.rmtree(repo, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(work / "cache", ignore_errors=True)
            server = None
            e = dict(env)
            if kind == "local":
                loc, read_loc = str(repo), str(repo)
            else:
                server, port, fp = start_server(env, repo, conf)
                loc = f"rest:https://backup@127.0.0.1:{port}/"
                read_loc = f"rest:https://reader@127.0.0.1:{port}/"
                e.update(HOLDFAST_REST_FINGERPRINT=fp, HOLDFAST_REST_PASSWORD="backup-pw")
            try:
                run(e, "init", "-r", loc)
                times[f"{kind} backup"].append(run(e, "backup", "-r", loc, str(data)))
                shutil.rmtree(work / "cache", ignore_errors=True)
                if kind == "rest":
                    e["HOLDFAST_REST_PASSWORD"] = "reader-pw"
                times[f"{kind} restore"].append(run(e, "restore", "latest", "-r", read_loc, "--target", str(out)))
            finally:
                if server:
                    server.terminate()
                    server.wait(30)
            log(f"run {r + 1} {kind}: backup {times[kind + ' backup'][-1]:.2f} s, restore {times[kind + ' restore'][-1]:.2f} s")
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"| phase | local (s) | rest: on loopback (s) | rest / local |")
    print(f"|---|---:|---:|---:|")
    for phase in ("backup", "restore"):
        lo, re_ = med[f"local {phase}"], med[f"rest {phase}"]
        print(f"| {phase} | {lo:.2f} | {re_:.2f} | {re_ / lo:.2f}× |")
    print(f"\n{files} files, {size / 2**20:.0f} MiB; {o.runs} runs, medians; all runs: "
          + "; ".join(f"{k} " + ", ".join(f"{x:.2f}" for x in v) for k, v in times.items()))


if __name__ == "__main__":
    main()
