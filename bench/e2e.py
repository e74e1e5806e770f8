#!/usr/bin/env python3
"""End-to-end benchmark: Holdfast against restic and Borg on the same data, in the same run.

Run it through bench/e2e.sh, which installs the tools first. See bench/README.md for the phases,
the data set and how to read the output. Standard library only.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shlex
import shutil
import stat
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field, asdict
from pathlib import Path

PASSWORD = "holdfast-bench-not-a-secret"
SEED = 20251123
LINUX_TARBALL = Path("/usr/src/linux-source-6.1.tar.xz")
LINUX_DIR = "linux-source-6.1"
# --small: these top-level directories of the kernel tree (plus its top-level files), about 110 MB.
SMALL_SUBDIRS = ["block", "fs", "include", "init", "ipc", "kernel", "lib", "mm"]
CHANGE_STRIDE = 100  # every 100th file in sorted-path order: 1 % of the tree
CHANGE_OFFSET = 37
OVERWRITE_BYTES = 4096
INSERT_BYTES = 100
INSERT_AT = 4096
MIB = 1 << 20

# Timed phases in the order they run. "init" is timed but never compared.
PHASES = [
    ("init", "init (not compared)"),
    ("backup1", "first backup"),
    ("backup2", "re-backup, no change"),
    ("backup3", "re-backup after 1 % change"),
    ("restore", "restore latest to empty dir"),
    ("check", "check, reading all data"),
]
PHASE_LABEL = dict(PHASES)
ALL_TOOLS = ["holdfast", "restic", "borg"]


def log(msg: str) -> None:
    now = datetime.datetime.now().strftime("%H:%M:%S")
    print(f"[{now}] {msg}", file=sys.stderr, flush=True)


def banner(msg: str) -> None:
    line = "!" * 78
    print(f"\n{line}\n!!! {msg}\n{line}\n", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Tools: each one knows its environment and the command line of every phase.
# --------------------------------------------------------------------------------------------

@dataclass
class Cmd:
    argv: list[str]
    cwd: Path | None = None


class Tool:
    name = ""
    ok_codes = (0,)

    def __init__(self, repo: Path, cache: Path, opts: argparse.Namespace):
        self.repo, self.cache, self.opts = repo, cache, opts
        self.backups = 0

    def env(self) -> dict[str, str]:
        return {}

    def prepare(self) -> str | None:
        """Untimed set-up; returns an error message when the tool cannot run at all."""
        return None

    def version(self) -> str:
        return ""

    def init(self) -> Cmd: ...
    def backup(self, src: Path, n: int) -> Cmd: ...
    def restore(self, target: Path) -> Cmd: ...
    def check(self) -> Cmd: ...
    def snapshots(self) -> Cmd: ...

    def settings(self) -> str:
        return ""

    def invalid(self, log_text: str) -> str | None:
        """A reason why a successful command's timing does not count, read from its log."""
        return None


def first_line(argv: list[str], env: dict[str, str] | None = None) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=600,
                             env={**os.environ, **(env or {})})
        text = (out.stdout or out.stderr).strip().splitlines()
        return text[0] if text and out.returncode == 0 else f"unknown (exit {out.returncode})"
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unknown ({e})"


class Restic(Tool):
    name = "restic"

    def env(self):
        return {"RESTIC_REPOSITORY": str(self.repo), "RESTIC_PASSWORD": PASSWORD,
                "RESTIC_CACHE_DIR": str(self.cache)}

    def version(self):
        return first_line(["restic", "version"])

    def settings(self):
        return (f"repository version 2, `--compression {self.opts.restic_compression}` (zstd), "
                "AES-256 + Poly1305")

    def init(self):
        return Cmd(["restic", "init", "--repository-version", "2"])

    def backup(self, src, n):
        return Cmd(["restic", "backup", "--compression", self.opts.restic_compression, str(src)])

    def restore(self, target):
        return Cmd(["restic", "restore", "latest", "--target", str(target)])

    def check(self):
        return Cmd(["restic", "check", "--read-data"])

    def snapshots(self):
        return Cmd(["restic", "snapshots"])


class Borg(Tool):
    name = "borg"
    ok_codes = (0, 1)  # 1 = warning (e.g. a file changed while read); logged, not fatal

    def env(self):
        return {"BORG_REPO": str(self.repo), "BORG_PASSPHRASE": PASSWORD,
                "BORG_BASE_DIR": str(self.cache), "BORG_RELOCATED_REPO_ACCESS_IS_OK": "yes"}

    def version(self):
        return first_line(["borg", "--version"])

    def settings(self):
        return "`-e repokey-blake2`, `--compression zstd,3`"

    def init(self):
        return Cmd(["borg", "init", "-e", "repokey-blake2", str(self.repo)])

    def backup(self, src, n):
        self.backups = n
        return Cmd(["borg", "create", "--compression", "zstd,3", f"{self.repo}::bench-{n}", str(src)])

    def restore(self, target):
        return Cmd(["borg", "extract", f"{self.repo}::bench-{self.backups}"], cwd=target)

    def check(self):
        return Cmd(["borg", "check", "--verify-data", str(self.repo)])

    def snapshots(self):
        return Cmd(["borg", "list", str(self.repo)])


class Holdfast(Tool):
    name = "holdfast"

    @property
    def bin(self) -> str:
        return str(self.opts.holdfast_bin)

    def env(self):
        return {"HOLDFAST_REPOSITORY": str(self.repo), "HOLDFAST_PASSWORD": PASSWORD,
                "HOLDFAST_CACHE_DIR": str(self.cache)}

    def prepare(self):
        if not os.access(self.bin, os.X_OK):
            return f"{self.bin} does not exist or is not executable"
        # The launcher builds the project when needed: do that now, untimed. Exit code ignored.
        log(f"holdfast: warming up {self.bin} (builds the project if needed)")
        try:
            subprocess.run([self.bin, "--version"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=3600, env={**os.environ, **self.env()})
        except (OSError, subprocess.TimeoutExpired) as e:
            return f"{self.bin} --version failed: {e}"
        return None

    def version(self):
        v = first_line([self.bin, "--version"], self.env())
        rev = first_line(["git", "-C", str(Path(self.bin).resolve().parent.parent),
                          "describe", "--always", "--dirty"])
        return f"{v} (git {rev})"

    def settings(self):
        return "defaults of `holdfast init` (encrypted, zstd)"

    def invalid(self, log_text: str) -> str | None:
        # bin/holdfast rebuilds when sources are newer than the jar: such a timing is not Holdfast's.
        if "holdfast: building" in log_text:
            return "timing includes a rebuild of the project by bin/holdfast (sources changed mid-run)"
        return None

    def init(self):
        return Cmd([self.bin, "init"])

    def backup(self, src, n):
        return Cmd([self.bin, "backup", str(src)])

    def restore(self, target):
        return Cmd([self.bin, "restore", "latest", "--target", str(target)])

    def check(self):
        return Cmd([self.bin, "check", "--read-data"])

    def snapshots(self):
        return Cmd([self.bin, "snapshots"])


TOOL_CLASSES = {"holdfast": Holdfast, "restic": Restic, "borg": Borg}


# --------------------------------------------------------------------------------------------
# Running and timing one command.
# --------------------------------------------------------------------------------------------

@dataclass
class Result:
    ok: bool
    wall: float | None = None   # seconds
    rss: int | None = None      # peak RSS, KiB
    rc: int | None = None
    note: str = ""
    log: str = ""


class Runner:
    def __init__(self, opts: argparse.Namespace):
        self.opts = opts
        self.drop_ok = not opts.no_drop_caches
        self.drop_warned = False

    def drop_caches(self) -> None:
        if not self.drop_ok:
            return
        try:
            subprocess.run(["sync"], check=True)
            with open("/proc/sys/vm/drop_caches", "w") as f:
                f.write("3\n")
        except OSError as e:
            self.drop_ok = False
            if not self.drop_warned:
                self.drop_warned = True
                log(f"WARNING: cannot drop the page cache ({e}); timing with a warm cache from now on")

    def timed(self, tool: Tool, phase: str, cmd: Cmd, logdir: Path) -> Result:
        logdir.mkdir(parents=True, exist_ok=True)
        logfile = logdir / f"{tool.name}-{phase}.log"
        timefile = logdir / f"{tool.name}-{phase}.time"
        timefile.unlink(missing_ok=True)
        self.drop_caches()
        argv = ["/usr/bin/time", "-f", "%e %M", "-o", str(timefile)] + cmd.argv
        env = {**os.environ, **tool.env()}
        start = time.monotonic()
        note = ""
        with open(logfile, "wb") as out:
            out.write(f"$ (cd {cmd.cwd or os.getcwd()}) {shlex.join(cmd.argv)}\n".encode())
            out.flush()
            try:
                proc = subprocess.Popen(argv, cwd=cmd.cwd, env=env, stdin=subprocess.DEVNULL,
                                        stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            except OSError as e:
                return Result(False, rc=None, note=f"cannot start: {e}", log=str(logfile))
            try:
                rc = proc.wait(timeout=self.opts.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
                rc, note = None, f"killed after {self.opts.timeout} s timeout"
        elapsed = time.monotonic() - start
        wall, rss = elapsed, None
        try:
            last = timefile.read_text().strip().splitlines()[-1].split()
            wall, rss = float(last[0]), int(last[1])
        except (OSError, IndexError, ValueError):
            pass
        ok = rc in tool.ok_codes
        bad = tool.invalid(Path(logfile).read_text(errors="replace")) if ok else None
        if bad:
            ok, note = False, bad
        elif ok and rc != 0:
            note = f"exit {rc} (warning, see log)"
        elif not ok and not note:
            note = f"exit {rc}"
        return Result(ok, wall, rss, rc, note, str(logfile))


# --------------------------------------------------------------------------------------------
# The data set: pristine copies made once, a working copy per run, the deterministic change.
# --------------------------------------------------------------------------------------------

def run_cmd(argv: list[str], **kw) -> None:
    subprocess.run(argv, check=True, **kw)


def ensure_linux_tree(pristine: Path) -> Path:
    tree, done = pristine / LINUX_DIR, pristine / f".{LINUX_DIR}.done"
    if done.exists() and tree.is_dir():
        return tree
    if not LINUX_TARBALL.exists():
        sys.exit(f"{LINUX_TARBALL} is missing: apt-get install -y linux-source-6.1 (bench/e2e.sh does it)")
    log(f"extracting {LINUX_TARBALL} into {pristine} (once)")
    shutil.rmtree(tree, ignore_errors=True)
    pristine.mkdir(parents=True, exist_ok=True)
    run_cmd(["tar", "-xJf", str(LINUX_TARBALL), "-C", str(pristine)])
    if not tree.is_dir():
        sys.exit(f"{LINUX_TARBALL} did not contain {LINUX_DIR}/")
    done.touch()
    return tree


HEX = bytes(b"0123456789abcdef"[i % 16] for i in range(256))


def large_block(rng: random.Random) -> bytes:
    """One MiB: 50 % incompressible, 35 % low-entropy text (~2:1 under zstd), 15 % zeros."""
    kind = rng.random()
    if kind < 0.50:
        return rng.randbytes(MIB)
    if kind < 0.85:
        return rng.randbytes(MIB).translate(HEX)
    return bytes(MIB)


def ensure_large_files(pristine: Path, count: int, size_mib: int) -> Path:
    folder, done = pristine / f"large-{count}x{size_mib}MiB", pristine / f".large-{count}x{size_mib}MiB.done"
    if done.exists() and folder.is_dir():
        return folder
    log(f"generating {count} x {size_mib} MiB files from seed {SEED} (once)")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i in range(count):
        rng = random.Random(SEED + i)
        with open(folder / f"file-{i}.bin", "wb") as f:
            for _ in range(size_mib):
                f.write(large_block(rng))
    done.touch()
    return folder


def make_working_copy(opts, pristine: Path, data: Path) -> None:
    """Lays out the initial data state: data/linux (tree or subset) and data/large."""
    tree = ensure_linux_tree(pristine)
    large = ensure_large_files(pristine, opts.large_count, opts.large_mib)
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    log(f"copying the initial data state into {data}")
    if opts.small:
        (data / "linux").mkdir()
        entries = [e for e in sorted(os.listdir(tree)) if e in SMALL_SUBDIRS or (tree / e).is_file()]
        run_cmd(["cp", "-a", "--"] + [str(tree / e) for e in entries] + [str(data / "linux")])
    else:
        run_cmd(["cp", "-a", "--", str(tree), str(data / "linux")])
    if opts.large_count > 0:
        run_cmd(["cp", "-a", "--", str(large), str(data / "large")])
    run_cmd(["sync"])


def sorted_files(root: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            p = Path(dirpath) / name
            if stat.S_ISREG(p.lstat().st_mode):
                files.append(p)
    files.sort(key=lambda p: os.fsencode(p))
    return files


def apply_change(opts, data: Path) -> str:
    """The "1 % changed" step, deterministic: same files, same bytes, every run."""
    files = sorted_files(data / "linux")
    chosen = files[CHANGE_OFFSET::CHANGE_STRIDE]
    appended = rewritten = 0
    for k, p in enumerate(chosen):
        size = p.stat().st_size
        if k % 2 == 0 or size < 16:
            with open(p, "ab") as f:
                f.write(f"\n/* holdfast-bench change {k} */\n".encode())
            appended += 1
        else:
            with open(p, "r+b") as f:
                f.seek(size // 2)
                f.write(b"HOLDFAST")
            rewritten += 1
    parts = [f"{len(chosen)} of {len(files)} tree files ({appended} appended, {rewritten} with 8 bytes "
             "rewritten in the middle; every 100th in sorted-path order)"]
    large = sorted((data / "large").glob("file-*.bin")) if (data / "large").is_dir() else []
    rng = random.Random(SEED - 1)
    if len(large) >= 1:
        size = large[0].stat().st_size
        with open(large[0], "r+b") as f:
            f.seek(size // 2)
            f.write(rng.randbytes(OVERWRITE_BYTES))
        parts.append(f"{OVERWRITE_BYTES} bytes overwritten at the middle of large/{large[0].name}")
    if len(large) >= 2:
        with open(large[1], "r+b") as f:
            f.seek(INSERT_AT)
            rest = f.read()
            f.seek(INSERT_AT)
            f.write(rng.randbytes(INSERT_BYTES))
            f.write(rest)
        del rest
        parts.append(f"{INSERT_BYTES} bytes inserted at offset {INSERT_AT} of large/{large[1].name} "
                     "(shifting the rest)")
    run_cmd(["sync"])
    return "; ".join(parts)


def describe_data(data: Path) -> dict:
    out = {}
    for part in ("linux", "large"):
        root = data / part
        if root.is_dir():
            files = sorted_files(root)
            out[part] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    return out


# --------------------------------------------------------------------------------------------
# Restore verification.
# --------------------------------------------------------------------------------------------

def find_restored_root(target: Path, src: Path) -> Path | None:
    """Tools differ in where they put the tree: TARGET/<abs path>, TARGET/<name> or TARGET."""
    want = set(os.listdir(src))
    for cand in (target / str(src).lstrip("/"), target / src.name, target):
        if cand.is_dir() and want <= set(os.listdir(cand)):
            return cand
    queue = [(target, 0)]
    while queue:
        d, depth = queue.pop(0)
        try:
            names = os.listdir(d)
        except OSError:
            continue
        if want <= set(names):
            return d
        if depth < 8:
            queue += [(d / n, depth + 1) for n in sorted(names) if (d / n).is_dir() and not (d / n).is_symlink()]
    return None


def same_content(a: Path, b: Path) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(MIB), fb.read(MIB)
            if x != y:
                return False
            if not x:
                return True


def compare_trees(src: Path, dst: Path) -> tuple[list[str], list[str]]:
    """Returns (content problems, metadata differences). Content problems fail the restore."""
    problems: list[str] = []
    meta: list[str] = []

    def listing(root: Path) -> dict[str, os.stat_result]:
        out = {}
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                p = Path(dirpath) / name
                out[os.path.relpath(p, root)] = p.lstat()
        return out

    a, b = listing(src), listing(dst)
    for rel in sorted(set(a) - set(b)):
        problems.append(f"missing: {rel}")
    for rel in sorted(set(b) - set(a)):
        problems.append(f"extra: {rel}")
    for rel in sorted(set(a) & set(b)):
        sa, sb = a[rel], b[rel]
        if stat.S_IFMT(sa.st_mode) != stat.S_IFMT(sb.st_mode):
            problems.append(f"type differs: {rel}")
            continue
        if stat.S_ISREG(sa.st_mode):
            if sa.st_size != sb.st_size:
                problems.append(f"size differs: {rel} ({sa.st_size} vs {sb.st_size})")
            elif not same_content(src / rel, dst / rel):
                problems.append(f"content differs: {rel}")
        elif stat.S_ISLNK(sa.st_mode):
            if os.readlink(src / rel) != os.readlink(dst / rel):
                problems.append(f"symlink target differs: {rel}")
        if stat.S_IMODE(sa.st_mode) != stat.S_IMODE(sb.st_mode):
            meta.append(f"mode differs: {rel} ({oct(sa.st_mode)} vs {oct(sb.st_mode)})")
        if not stat.S_ISDIR(sa.st_mode) and sa.st_mtime_ns != sb.st_mtime_ns:
            meta.append(f"mtime differs: {rel} ({sa.st_mtime_ns} vs {sb.st_mtime_ns})")
    return problems, meta


# --------------------------------------------------------------------------------------------
# "snapshots" listing latency.
# --------------------------------------------------------------------------------------------

def time_listing(tool: Tool, logdir: Path) -> tuple[float | None, str]:
    """Median wall seconds of the snapshot listing, warm cache; hyperfine when installed."""
    cmd = tool.snapshots()
    env = {**os.environ, **tool.env()}
    try:
        return _time_listing(cmd, env, tool.name, logdir)
    except (OSError, ValueError, KeyError, subprocess.TimeoutExpired) as e:
        return None, f"failed: {e}"


def _time_listing(cmd: Cmd, env: dict[str, str], name: str, logdir: Path) -> tuple[float | None, str]:
    hf = shutil.which("hyperfine")
    if hf:
        export = logdir / f"{name}-snapshots.json"
        out = subprocess.run([hf, "--warmup", "1", "--runs", "5", "--export-json", str(export),
                              "--style", "none", shlex.join(cmd.argv)],
                             env=env, capture_output=True, text=True, timeout=600)
        (logdir / f"{name}-snapshots.log").write_text(out.stdout + out.stderr)
        if out.returncode != 0:
            return None, "hyperfine: command failed"
        res = json.loads(export.read_text())["results"][0]
        return float(res["median"]), "hyperfine, median of 5 after 1 warm-up"
    times = []
    for _ in range(6):
        start = time.monotonic()
        p = subprocess.run(cmd.argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=600)
        if p.returncode != 0:
            return None, f"exit {p.returncode}"
        times.append(time.monotonic() - start)
    return statistics.median(times[1:]), "median of 5 after 1 warm-up"


# --------------------------------------------------------------------------------------------
# One run: every phase for every tool, interleaved.
# --------------------------------------------------------------------------------------------

def du_bytes(path: Path) -> int | None:
    p = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True)
    try:
        return int(p.stdout.split()[0])
    except (IndexError, ValueError):
        return None


def one_run(opts, run: int, runner: Runner, work: Path, meta: dict) -> dict:
    data = work / "data"
    make_working_copy(opts, work / "pristine", data)
    if run == 0:
        meta["data_initial"] = describe_data(data)
    logdir = work / "logs" / f"run-{run + 1}"
    shutil.rmtree(logdir, ignore_errors=True)
    names = opts.tools[run % len(opts.tools):] + opts.tools[:run % len(opts.tools)]  # rotate order
    tools: dict[str, Tool] = {}
    res: dict = {n: {"phases": {}, "failed": None, "restore": {}, "size": None, "listing": None}
                 for n in names}
    for n in names:
        repo, cache = work / "repos" / n, work / "cache" / n
        for d in (repo, cache):
            shutil.rmtree(d, ignore_errors=True)
        repo.parent.mkdir(parents=True, exist_ok=True)
        cache.mkdir(parents=True, exist_ok=True)
        tools[n] = TOOL_CLASSES[n](repo, cache, opts)
        err = tools[n].prepare()
        if err:
            res[n]["failed"] = f"prepare: {err}"
            banner(f"{n}: cannot run: {err}")
        if run == 0:
            meta["versions"][n] = tools[n].version() if not err else f"unavailable ({err})"
            meta["settings"][n] = tools[n].settings()

    def phase(ph: str, make, after=None) -> None:
        for n in names:
            r = res[n]
            if r["failed"]:
                r["phases"][ph] = asdict(Result(False, note="skipped: " + r["failed"]))
                continue
            t = tools[n]
            result = runner.timed(t, ph, make(t), logdir)
            rss = f"{result.rss / 1024:.0f} MiB" if result.rss else "?"
            log(f"run {run + 1} {ph:8} {n:8} {result.wall:8.2f} s  {rss:>9}  "
                f"{'ok' if result.ok else 'FAILED'} {result.note}")
            if not result.ok:
                banner(f"{n} {ph} FAILED ({result.note}); log: {result.log}")
                if ph in ("init", "backup1"):
                    r["failed"] = f"{ph} failed"
            r["phases"][ph] = asdict(result)
            if after:
                after(n)

    load = os.getloadavg()[0]
    meta.setdefault("load", []).append(round(load, 1))
    log(f"=== run {run + 1}/{opts.runs}, tools in order: {', '.join(names)}; load average {load:.1f}")
    phase("init", lambda t: t.init())
    phase("backup1", lambda t: t.backup(data, 1))
    phase("backup2", lambda t: t.backup(data, 2))
    change = apply_change(opts, data)
    log(f"changed: {change}")
    meta["change"] = change
    phase("backup3", lambda t: t.backup(data, 3))

    def restore_cmd(t: Tool) -> Cmd:
        target = work / "restore" / t.name
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        return t.restore(target)

    def verify_restore(n: str) -> None:
        """Untimed, right after each tool's restore. The restored trees are deleted only after the
        phase: ext4 searches for free inodes more slowly for about 30 s after many were freed
        (`recently_deleted`), so a restore that followed the deletion of another tool's tree ran up
        to half again slower, whichever tool it was."""
        target = work / "restore" / n
        if res[n]["phases"]["restore"]["ok"]:
            root = find_restored_root(target, data)
            if root is None:
                problems, meta_diff = [f"restored tree not found under {target}"], []
            else:
                log(f"verifying {n} restore ({root}) against {data}")
                problems, meta_diff = compare_trees(data, root)
            res[n]["restore"] = {"problems": len(problems), "first_problems": problems[:20],
                                 "metadata_differences": len(meta_diff), "first_metadata": meta_diff[:10]}
            if problems:
                res[n]["phases"]["restore"]["ok"] = False
                res[n]["phases"]["restore"]["note"] = f"RESTORE MISMATCH: {len(problems)} problems"
                banner(f"{n}: RESTORED TREE DIFFERS FROM THE SOURCE ({len(problems)} problems): "
                       + "; ".join(problems[:5]))
            elif meta_diff:
                log(f"{n}: restore content ok; {len(meta_diff)} metadata differences, e.g. {meta_diff[0]}")
            else:
                log(f"{n}: restore verified: identical content, modes and mtimes")

    phase("restore", restore_cmd, verify_restore)
    if not opts.keep_restores:
        shutil.rmtree(work / "restore", ignore_errors=True)

    phase("check", lambda t: t.check())
    for n in names:
        if res[n]["failed"]:
            continue
        res[n]["size"] = du_bytes(tools[n].repo)
        secs, how = time_listing(tools[n], logdir)
        res[n]["listing"] = {"seconds": secs, "how": how}
        log(f"run {run + 1} size {n:8} {res[n]['size'] or 0:>14,} B; snapshots listing "
            f"{'%.3f s' % secs if secs is not None else 'FAILED'} ({how})")
    return res


# --------------------------------------------------------------------------------------------
# Aggregation and the report.
# --------------------------------------------------------------------------------------------

def machine_info(work: Path) -> dict:
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    fs = subprocess.run(["df", "--output=fstype,source", str(work)], capture_output=True,
                        text=True).stdout.strip().splitlines()[-1:]
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": os.uname().release,
            "filesystem": " ".join(fs[0].split()) if fs else "unknown"}


def agg(runs: list[dict], tool: str, getter) -> tuple[float | None, int, int]:
    """(median of successful values, successes, failures) over runs."""
    vals, fails = [], 0
    for r in runs:
        if tool not in r:
            continue
        v = getter(r[tool])
        if v is None:
            fails += 1
        else:
            vals.append(v)
    return (statistics.median(vals) if vals and not fails else None), len(vals), fails


def phase_wall(ph):
    return lambda t: t["phases"].get(ph, {}).get("wall") if t["phases"].get(ph, {}).get("ok") else None


def phase_rss(ph):
    return lambda t: t["phases"].get(ph, {}).get("rss") if t["phases"].get(ph, {}).get("ok") else None


def peak_rss(t):
    vals = [p.get("rss") for p in t["phases"].values()]
    if not t["phases"] or not all(p.get("ok") for p in t["phases"].values()) or None in vals:
        return None
    return max(vals)


def fmt_num(v, unit_div=1.0, digits=2, fails=0):
    if fails:
        return "**FAIL**"
    if v is None:
        return "–"
    return f"{v / unit_div:.{digits}f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def fmt_ratio(r, digits=2):
    return "–" if r is None else f"{r:.{digits}f}×"


def log_tail(path: str, lines: int = 3) -> str:
    """The last lines of a failed command's log, quoted for the Problems list."""
    try:
        tail = Path(path).read_text(errors="replace").strip().splitlines()[1:][-lines:]
    except OSError:
        return ""
    return "".join(f"\n  > {line[:200]}" for line in tail)


def report(opts, meta: dict, runs: list[dict], elapsed: float) -> str:
    tools = opts.tools
    hf = "holdfast" in tools
    others = [t for t in ("restic", "borg") if t in tools]
    L = []
    L.append("# Holdfast end-to-end benchmark\n")
    L.append(f"- date: {meta['date']}; harness run time {elapsed / 60:.1f} min")
    L.append(f"- command: `{meta['command']}`")
    L.append(f"- runs: {opts.runs} (medians reported); data set: {'small' if opts.small else 'full'}; "
             f"page cache {'dropped before every timed phase' if meta['cold'] else 'WARM (could not drop)'}; "
             "phases interleaved across tools on the same data state")
    m = meta["machine"]
    L.append(f"- machine: {m['cpu']}, {m['nproc']} CPUs, {m['memory']} RAM, kernel {m['kernel']}, "
             f"work dir {opts.workdir} on {m['filesystem']}; 1-min load average at the start of each run: "
             f"{', '.join(str(x) for x in meta.get('load', []))} (above 0.5 means something else was running)")
    for t in tools:
        L.append(f"- {t}: {meta['versions'].get(t, '?')}; {meta['settings'].get(t, '')}")
    d = meta.get("data_initial", {})
    parts = []
    if "linux" in d:
        parts.append(f"Linux 6.1 source tree{' subset (' + ', '.join(SMALL_SUBDIRS) + ')' if opts.small else ''}: "
                     f"{d['linux']['files']:,} files, {d['linux']['bytes'] / MIB:,.0f} MiB")
    if "large" in d:
        parts.append(f"{d['large']['files']} large files × {opts.large_mib} MiB "
                     "(seeded: 50 % random, 35 % hex text, 15 % zeros per MiB)")
    L.append(f"- data: {'; '.join(parts)}")
    L.append(f"- change before the third backup: {meta.get('change', '?')}")
    L.append("")

    def table(title, getter, div, digits, unit):
        L.append(f"## {title}\n")
        head = "| phase | " + " | ".join(tools) + " |"
        sep = "|---|" + "---:|" * len(tools)
        if hf:
            for o in others:
                head += f" holdfast/{o} |"
                sep += "---:|"
        L.append(head)
        L.append(sep)
        for ph, label in PHASES + ([("peak", "peak over all phases")] if getter is phase_rss else []):
            g = peak_rss if ph == "peak" else getter(ph)
            cells, vals = [], {}
            for t in tools:
                v, n_ok, n_fail = agg(runs, t, g)
                vals[t] = v
                cell = fmt_num(v, div, digits, n_fail)
                each = [g(r[t]) for r in runs if t in r]
                if v is not None and len(each) > 1:
                    cell += f" ({min(each) / div:.{max(digits - 1, 0)}f}–{max(each) / div:.{max(digits - 1, 0)}f})"
                cells.append(cell)
            row = f"| {label} | " + " | ".join(cells) + " |"
            if hf:
                for o in others:
                    row += f" {fmt_ratio(ratio(vals['holdfast'], vals[o])) if ph != 'init' else '–'} |"
            L.append(row)
        L.append(f"\n{unit}\n")

    table("Wall time (seconds)", phase_wall, 1.0, 2,
          "Median over runs (min–max when several); cold page cache; `/usr/bin/time -f %e`. "
          "**FAIL** = the command failed "
          "or its restore did not match the source in at least one run (see Problems).")
    table("Peak RSS (MiB)", phase_rss, 1024.0, 0,
          "`/usr/bin/time -f %M` (the largest process), median over runs (min–max when several).")

    L.append("## Repository size after three backups\n")
    L.append("| | " + " | ".join(tools) + " |" + "".join(f" holdfast/{o} |" for o in others if hf))
    L.append("|---|" + "---:|" * (len(tools) + (len(others) if hf else 0)))
    sizes = {t: agg(runs, t, lambda r: r["size"]) for t in tools}
    row = "| bytes (`du -sb`) | " + " | ".join(
        "**FAIL**" if sizes[t][0] is None and sizes[t][2] else (f"{sizes[t][0]:,.0f}" if sizes[t][0] else "–")
        for t in tools) + " |"
    row2 = "| MiB | " + " | ".join(fmt_num(sizes[t][0], MIB, 1, sizes[t][2]) for t in tools) + " |"
    if hf:
        for o in others:
            r = fmt_ratio(ratio(sizes["holdfast"][0], sizes[o][0]))
            row += f" {r} |"
            row2 += f" {r} |"
    L += [row, row2]
    src_bytes = sum(v["bytes"] for v in d.values())
    L.append(f"\nSource data: {src_bytes:,} bytes ({src_bytes / MIB:,.1f} MiB) before the change.\n")

    L.append("## Snapshot listing (warm cache)\n")
    L.append("| command | seconds | how |")
    L.append("|---|---:|---|")
    listing = {}
    for t in tools:
        v, _, n_fail = agg(runs, t, lambda r: (r["listing"] or {}).get("seconds"))
        listing[t] = v
        how = next((r[t]["listing"]["how"] for r in runs if t in r and r[t]["listing"]), "–")
        cmd = {"holdfast": "holdfast snapshots", "restic": "restic snapshots", "borg": "borg list"}[t]
        L.append(f"| `{cmd}` | {fmt_num(v, 1.0, 3, n_fail)} | {how} |")
    L.append("")

    L.append("## Targets\n")
    L.append("| target | measured | result |")
    L.append("|---|---|---|")

    def verdict(r, limit):
        if not hf:
            return "n/a (holdfast not run)"
        if r is None:
            return "**FAIL** (no figure)"
        return "PASS" if r <= limit else "**FAIL**"

    def med(t, g):
        return agg(runs, t, g)[0] if t in tools else None

    for ph, limit, label in [("backup1", 0.5, "first backup ≤ 0.5× restic"),
                             ("restore", 0.7, "restore ≤ 0.7× restic"),
                             ("check", 0.5, "check --read-data ≤ 0.5× restic"),
                             ("backup2", 0.5, "no-change re-backup ≤ 0.5× restic")]:
        if "restic" not in tools:
            L.append(f"| {label} | – | n/a (restic not run) |")
            continue
        h, r = med("holdfast", phase_wall(ph)), med("restic", phase_wall(ph))
        q = ratio(h, r)
        L.append(f"| {label} | {fmt_ratio(q, 3)} ({fmt_num(h)} s vs {fmt_num(r)} s) | {verdict(q, limit)} |")
    for o, label in [("restic", "repository size ≤ 1.0× restic"), ("borg", "repository size ≤ borg")]:
        if o not in tools:
            L.append(f"| {label} | – | n/a ({o} not run) |")
            continue
        q = ratio(sizes.get("holdfast", (None,))[0], sizes[o][0])
        L.append(f"| {label} | {fmt_ratio(q, 3)} | {verdict(q, 1.0)} |")
    if "restic" in tools:
        h, r = med("holdfast", peak_rss), med("restic", peak_rss)
        q = ratio(h, r)
        L.append(f"| peak RSS ≤ 1.5× restic | {fmt_ratio(q, 3)} ({fmt_num(h, 1024, 0)} vs "
                 f"{fmt_num(r, 1024, 0)} MiB) | {verdict(q, 1.5)} |")
    else:
        L.append("| peak RSS ≤ 1.5× restic | – | n/a (restic not run) |")
    h = listing.get("holdfast")
    L.append(f"| `holdfast snapshots` < 0.5 s | {fmt_num(h, 1.0, 3)} s | "
             f"{verdict(h, 0.5 - 1e-9) if hf else 'n/a (holdfast not run)'} |")
    L.append("")

    probs = []
    for i, r in enumerate(runs):
        for t in tools:
            tr = r.get(t)
            if not tr:
                continue
            if tr["failed"]:
                probs.append(f"run {i + 1}, {t}: {tr['failed']}")
            for ph, p in tr["phases"].items():
                if p["note"].startswith("skipped"):
                    continue
                if not p["ok"]:
                    probs.append(f"run {i + 1}, {t} {ph}: {p['note']} (log: {p['log']}){log_tail(p['log'])}")
                elif p["note"]:
                    probs.append(f"run {i + 1}, {t} {ph}: {p['note']}")
            lst = tr.get("listing")
            if lst and lst.get("seconds") is None:
                probs.append(f"run {i + 1}, {t} snapshot listing: {lst.get('how')}")
            rv = tr.get("restore") or {}
            for pr in rv.get("first_problems", []):
                probs.append(f"run {i + 1}, {t} restore: {pr}")
            if rv.get("metadata_differences"):
                what = "content differs, and" if rv.get("problems") else "content identical, but"
                probs.append(f"run {i + 1}, {t} restore: {what} {rv['metadata_differences']} "
                             f"metadata differences, e.g. {rv['first_metadata'][0]}")
    L.append("## Problems\n")
    L += [f"- {p}" for p in probs] or ["None: every command succeeded and every restore matched the source "
                                       "(content, types, symlinks, modes, mtimes)."]
    L.append("")
    return "\n".join(L)


def parse_args(argv: list[str]) -> argparse.Namespace:
    root = Path(__file__).resolve().parent.parent
    p = argparse.ArgumentParser(description="Holdfast vs restic vs Borg, end to end (see bench/README.md)")
    p.add_argument("--tools", default="holdfast,restic,borg",
                   help="comma-separated subset of holdfast,restic,borg (default: all)")
    p.add_argument("--runs", type=int, default=1, help="repeat the whole sequence N times, report medians")
    p.add_argument("--workdir", type=Path, default=Path(os.environ.get("HOLDFAST_BENCH_DIR", "/tmp/holdfast-bench")),
                   help="work directory (default $HOLDFAST_BENCH_DIR or /tmp/holdfast-bench)")
    p.add_argument("--small", action="store_true",
                   help="quick iteration: a ~110 MB subset of the tree and 3 x 32 MiB large files")
    p.add_argument("--large-count", type=int, default=3, help="number of large binary files (default 3)")
    p.add_argument("--large-mib", type=int, default=None, help="size of each large file in MiB (default 256, 32 with --small)")
    p.add_argument("--holdfast-bin", type=Path, default=root / "bin" / "holdfast")
    p.add_argument("--restic-compression", default="auto", choices=["auto", "max"])
    p.add_argument("--timeout", type=int, default=7200, help="seconds before one command is killed")
    p.add_argument("--no-drop-caches", action="store_true", help="keep the page cache warm")
    p.add_argument("--keep-restores", action="store_true", help="keep restored trees under WORKDIR/restore")
    o = p.parse_args(argv)
    o.tools = [t.strip() for t in o.tools.split(",") if t.strip()]
    bad = [t for t in o.tools if t not in ALL_TOOLS]
    if bad or not o.tools or len(set(o.tools)) != len(o.tools):
        p.error(f"--tools: choose from {','.join(ALL_TOOLS)}")
    o.tools = [t for t in ALL_TOOLS if t in o.tools]  # fixed column order
    if o.runs < 1:
        p.error("--runs must be at least 1")
    if o.large_mib is None:
        o.large_mib = 32 if o.small else 256
    o.workdir = o.workdir.resolve()
    return o


def main(argv: list[str]) -> int:
    opts = parse_args(argv)
    if not os.path.exists("/usr/bin/time"):
        sys.exit("/usr/bin/time is missing: apt-get install -y time (bench/e2e.sh does it)")
    work = opts.workdir
    work.mkdir(parents=True, exist_ok=True)
    runner = Runner(opts)
    meta = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": "bench/e2e.sh " + shlex.join(argv), "machine": machine_info(work),
            "versions": {}, "settings": {}}
    start = time.monotonic()
    runs = []
    for run in range(opts.runs):
        runs.append(one_run(opts, run, runner, work, meta))
    meta["cold"] = runner.drop_ok
    elapsed = time.monotonic() - start
    text = report(opts, meta, runs, elapsed)
    (work / "results.md").write_text(text)
    (work / "results.json").write_text(json.dumps({"meta": meta, "runs": runs,
                                                   "options": {k: str(v) for k, v in vars(opts).items()}},
                                                  indent=2))
    print(text)
    log(f"written {work / 'results.md'} and results.json; logs under {work / 'logs'}")
    failed = any(not p["ok"] for r in runs for t in r.values() for p in t["phases"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
