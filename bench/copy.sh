#!/usr/bin/env bash
# Copy benchmark: holdfast copy against restic copy (bench/replication.py), after installing what is
# missing exactly as bench/e2e.sh does. See bench/README.md.
#
#   bench/copy.sh --runs 3
#   bench/copy.sh --small                      # quick check of the harness
#   bench/copy.sh --holdfast-target sftp:bench@host:/srv/hf-{run} --restic-target sftp:bench@host:/srv/restic-{run}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HOLDFAST_BENCH_SCRIPT=replication.py exec "$here/e2e.sh" "$@"
