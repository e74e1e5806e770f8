#!/usr/bin/env bash
# Remote-repository benchmark (backup to SFTP and S3, restore from S3; Holdfast against restic):
# installs what is missing, then runs bench/remote.py with the same arguments.
#
#   bench/remote.sh --small --runs 3      # the kernel subset (about 100 MiB)
#   bench/remote.sh --runs 3              # the whole Linux source tree (1.26 GB)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "${HOLDFAST_BENCH_NO_INSTALL:-0}" != 1 ] && [ "$(id -u)" -eq 0 ]; then
    need=()
    command -v restic >/dev/null 2>&1 || need+=(restic)
    [ -x /usr/sbin/sshd ] || need+=(openssh-server)
    command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
    [ -f /usr/src/linux-source-6.1.tar.xz ] || need+=(linux-source-6.1)
    command -v xz >/dev/null 2>&1 || need+=(xz-utils)
    command -v diff >/dev/null 2>&1 || need+=(diffutils)
    if [ "${#need[@]}" -gt 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=600 install -y "${need[@]}" ||
            { apt-get update && apt-get -o DPkg::Lock::Timeout=600 install -y "${need[@]}"; }
    fi
fi
exec python3 "$here/remote.py" "$@"
