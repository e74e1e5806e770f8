#!/usr/bin/env bash
# End-to-end benchmark of Holdfast against restic and Borg: installs what is missing, then runs
# bench/e2e.py with the same arguments. See bench/README.md.
#
#   bench/e2e.sh                          # all three tools, full data set, one run
#   bench/e2e.sh --tools restic,borg --small
#   bench/e2e.sh --runs 3 --workdir /var/tmp/hfb
#
# Set HOLDFAST_BENCH_NO_INSTALL=1 to skip the apt-get step.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# apt-get, waiting for the dpkg/apt locks when another install is running.
apt_get() {
    local tries=0
    until apt-get -o DPkg::Lock::Timeout=600 "$@"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 30 ]; then
            say "apt-get $* kept failing"; return 1
        fi
        say "apt-get $* failed (lock busy?), retrying in 10 s"
        sleep 10
    done
}

install_missing() {
    local need=()
    command -v restic >/dev/null 2>&1 || need+=(restic)
    command -v borg >/dev/null 2>&1 || need+=(borgbackup)
    [ -x /usr/bin/time ] || need+=(time)
    [ -f /usr/src/linux-source-6.1.tar.xz ] || need+=(linux-source-6.1)
    command -v python3 >/dev/null 2>&1 || need+=(python3)
    command -v xz >/dev/null 2>&1 || need+=(xz-utils)
    if [ "${#need[@]}" -gt 0 ]; then
        say "installing: ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        if ! apt_get install -y "${need[@]}"; then
            apt_get update
            apt_get install -y "${need[@]}"
        fi
    fi
    if ! command -v hyperfine >/dev/null 2>&1; then
        # Optional: without it the listing is timed with a loop of 5 runs.
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y hyperfine \
            >/dev/null 2>&1 || say "hyperfine not installed; timing the listing with a loop"
    fi
}

if [ "${HOLDFAST_BENCH_NO_INSTALL:-0}" != 1 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        install_missing
    else
        say "not root: skipping apt-get (and the page cache cannot be dropped)"
    fi
fi

exec python3 "$here/${HOLDFAST_BENCH_SCRIPT:-e2e.py}" "$@"
