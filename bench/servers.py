"""Loopback servers for benchmarks of remote repositories: a real OpenSSH sshd and S3Proxy.

Reusable by any bench script (standard library only):

    with servers.Sshd(workdir / "sshd") as ssh, servers.S3Proxy(workdir / "s3") as s3:
        ssh.holdfast_location("/srv/repo"), ssh.holdfast_args(), ssh.restic_args(...)
        s3.holdfast_location("bucket/prefix"), s3.env()

Each server keeps its configuration, keys and data under its own directory and is stopped when the
`with` block ends.
"""
from __future__ import annotations

import getpass
import os
import socket
import subprocess
import time
from pathlib import Path

S3PROXY_VERSION = "2.7.0"
S3_ACCESS_KEY = "holdfast-bench-access"
S3_SECRET_KEY = "holdfast-bench-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, proc: subprocess.Popen, what: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {timeout} s; see {log}")


def stop(proc: subprocess.Popen | None) -> None:
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Sshd:
    """Debian's /usr/sbin/sshd on a loopback port, with a client key and a known_hosts for it."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.user = getpass.getuser()
        self.key = self.dir / "client_ed25519"
        self.known_hosts = self.dir / "known_hosts"

    def __enter__(self) -> "Sshd":
        self.dir.mkdir(parents=True, exist_ok=True)
        for key in (self.dir / "host_ed25519", self.key):
            if not key.exists():
                subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        (self.dir / "authorized_keys").write_text((self.dir / "client_ed25519.pub").read_text())
        Path("/run/sshd").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        host_key = (self.dir / "host_ed25519.pub").read_text().strip()
        self.known_hosts.write_text(f"[127.0.0.1]:{self.port} {host_key}\n")
        config = self.dir / "sshd_config"
        config.write_text("\n".join([
            f"Port {self.port}", "ListenAddress 127.0.0.1",
            f"HostKey {self.dir / 'host_ed25519'}", f"PidFile {self.dir / 'sshd.pid'}",
            f"AuthorizedKeysFile {self.dir / 'authorized_keys'}", "StrictModes no",
            "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no",
            "PermitRootLogin yes", "MaxStartups 100", "MaxSessions 100", "LogLevel ERROR",
            "Subsystem sftp internal-sftp", ""]))
        log = self.dir / "sshd.log"
        self.proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(config)],
                                     stdout=open(log, "wb"), stderr=subprocess.STDOUT)
        wait_for(self.port, self.proc, "sshd", log)
        return self

    def __exit__(self, *exc) -> None:
        stop(self.proc)

    def holdfast_location(self, path: str) -> str:
        return f"sftp://{self.user}@127.0.0.1:{self.port}{path}"

    def holdfast_args(self) -> list[str]:
        return ["--ssh-key", str(self.key), "-o", f"sftp.known-hosts={self.known_hosts}"]

    def restic_location(self, path: str) -> str:
        return f"sftp:{self.user}@127.0.0.1:{path}"

    def restic_args(self) -> list[str]:
        command = (f"ssh {self.user}@127.0.0.1 -p {self.port} -i {self.key} -o IdentitiesOnly=yes "
                   f"-o UserKnownHostsFile={self.known_hosts} -o StrictHostKeyChecking=yes -s sftp")
        return ["-o", f"sftp.command={command}"]


def s3proxy_jar() -> Path:
    """The S3Proxy jar from the local Maven repository, fetched with mvn when missing."""
    m2 = Path(os.environ.get("HOME", "/root")) / ".m2/repository"
    jar = m2 / f"org/gaul/s3proxy/{S3PROXY_VERSION}/s3proxy-{S3PROXY_VERSION}-jar-with-dependencies.jar"
    if not jar.exists():
        subprocess.run(["mvn", "-q", "-B", "dependency:get",
                        f"-Dartifact=org.gaul:s3proxy:{S3PROXY_VERSION}:jar:jar-with-dependencies"], check=True)
    return jar


def java() -> str:
    for j in (os.environ.get("JAVA_HOME", ""), "/usr/lib/jvm/temurin-25-jdk-amd64", "/usr/lib/jvm/temurin-25-jdk-arm64"):
        if j and os.access(f"{j}/bin/java", os.X_OK):
            return f"{j}/bin/java"
    return "java"


class S3Proxy:
    """S3Proxy with its filesystem back end and AWS V4 authentication on a loopback port."""

    def __init__(self, directory: Path, heap: str = "1g"):
        self.dir = directory
        self.heap = heap
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def __enter__(self) -> "S3Proxy":
        data = self.dir / "data"
        data.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        props = self.dir / "s3proxy.properties"
        props.write_text("\n".join([
            f"s3proxy.endpoint=http://127.0.0.1:{self.port}", "s3proxy.authorization=aws-v2-or-v4",
            f"s3proxy.identity={S3_ACCESS_KEY}", f"s3proxy.credential={S3_SECRET_KEY}",
            "jclouds.provider=filesystem-nio2", f"jclouds.identity={S3_ACCESS_KEY}",
            f"jclouds.credential={S3_SECRET_KEY}", f"jclouds.filesystem.basedir={data}", ""]))
        log = self.dir / "s3proxy.log"
        self.proc = subprocess.Popen([java(), f"-Xmx{self.heap}", "-jar", str(s3proxy_jar()), "--properties", str(props)],
                                     stdout=open(log, "wb"), stderr=subprocess.STDOUT)
        wait_for(self.port, self.proc, "S3Proxy", log)
        return self

    def __exit__(self, *exc) -> None:
        stop(self.proc)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def holdfast_location(self, bucket_and_prefix: str) -> str:
        return f"s3:{self.endpoint}/{bucket_and_prefix}"

    def restic_location(self, bucket_and_prefix: str) -> str:
        return f"s3:{self.endpoint}/{bucket_and_prefix}"

    def env(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": S3_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY}
