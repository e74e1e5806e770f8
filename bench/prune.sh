#!/usr/bin/env bash
# Prune benchmark of Holdfast against restic and Borg: installs what is missing, then runs
# bench/prune.py with the same arguments.
#
#   bench/prune.sh                                  # 20 backups of a 200 MiB tree, all three tools
#   bench/prune.sh --mib 50 --snapshots 0 --tools holdfast,restic
#
# Set HOLDFAST_BENCH_NO_INSTALL=1 to skip the apt-get step.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "${HOLDFAST_BENCH_NO_INSTALL:-0}" != 1 ] && [ "$(id -u)" -eq 0 ]; then
    need=()
    command -v restic >/dev/null 2>&1 || need+=(restic)
    command -v borg >/dev/null 2>&1 || need+=(borgbackup)
    [ -x /usr/bin/time ] || need+=(time)
    command -v python3 >/dev/null 2>&1 || need+=(python3)
    if [ "${#need[@]}" -gt 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=600 install -y "${need[@]}" ||
            { apt-get -o DPkg::Lock::Timeout=600 update && apt-get -o DPkg::Lock::Timeout=600 install -y "${need[@]}"; }
    fi
fi
exec python3 "$here/prune.py" "$@"
