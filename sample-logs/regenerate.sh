#!/usr/bin/env bash
# Builds genlog in a temporary directory and regenerates every committed
# sample file byte for byte. With an argument, writes the files there instead
# (to compare with the committed ones: cmp, or diff -r).
#   usage: sample-logs/regenerate.sh [OUTDIR]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -o "$tmp/genlog" "$here/genlog.c" -lz
genlog=$tmp/genlog

# Server A: one stream over 2024-03-04..06 (Mon-Wed), cut at local midnight
# the way logrotate cuts it; the current file ends at 06:00 on the 6th.
a=(--seed 20240304 --server 0 --start 2024-03-04 --days 3 --lines 36000)
"$genlog" "${a[@]}" --until 2024-03-05 --gzip >"$out/portal-a.access.log.2.gz"
"$genlog" "${a[@]}" --since 2024-03-05 --until 2024-03-06 --gzip >"$out/portal-a.access.log.1.gz"
"$genlog" "${a[@]}" --since 2024-03-06 --until 2024-03-06T06:00 >"$out/portal-a.access.log"

# Server B, behind the same load balancer: its rotated file of 2024-03-05.
b=(--seed 20240305 --server 1 --start 2024-03-04 --days 3 --lines 30000)
"$genlog" "${b[@]}" --since 2024-03-05 --until 2024-03-06 --gzip >"$out/portal-b.access.log.1.gz"

"$genlog" --catalog >"$out/catalog.csv"
