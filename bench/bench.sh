#!/usr/bin/env bash
# bench.sh BINDIR - the collector's speed beside zcat (and GoAccess and
# ISA-L's igzip when installed), on generated 1M- and 5M-line gzip logs of
# realistic portal traffic. A benchmark, not a test: it asserts nothing.
# Logs are made once by sample-logs/genlog and kept in build/bench/.
set -euo pipefail
bindir=$(cd "${1:?usage: bench.sh BINDIR}" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
work="$repo/build/bench"
mkdir -p "$work"
cd "$work"
[ -x genlog ] || cc -std=c11 -O2 -o genlog "$repo/sample-logs/genlog.c" -lz
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench needs GNU time (apt-get install time)"; exit 2; }

# run NAME CMD...: wall seconds and peak RSS (KiB) of CMD, best of 3; each
# try starts from an empty bench.db, or from a copy of $TEMPLATE when set
run() {
    local name=$1; shift
    local best="" rss=0
    for _ in 1 2 3; do
        rm -f bench.db bench.db-wal bench.db-shm
        if [ -n "${TEMPLATE:-}" ]; then cp "$TEMPLATE" bench.db; fi
        "$TIME" -f "%e %M" -o t.out "$@" > /dev/null 2>> bench.err
        read -r secs kib < t.out
        if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$kib; fi
    done
    echo "$name|$best|$rss"
}

report() {   # report LINES BYTES: the table of the results in results.txt
    local lines=$1 bytes=$2 zcat_s
    zcat_s=$(awk -F'|' '$1 == "zcat" {print $2}' results.txt)
    printf '%-28s %8s %8s %12s %9s %9s\n' tool seconds x_zcat lines/s MB/s peak_MB
    while IFS='|' read -r name secs kib; do
        awk -v n="$name" -v s="$secs" -v k="$kib" -v z="$zcat_s" -v l="$lines" -v b="$bytes" \
            'BEGIN { if (s <= 0) s = 0.001;
                     printf "%-28s %8.2f %8.2f %12.0f %9.1f %9.1f\n", n, s, s / z, l / s, b / s / 1e6, k / 1024 }'
    done < results.txt
}

for lines in 1000000 5000000; do
    log="portal-${lines}.log"
    if [ ! -f "$log.gz" ]; then
        echo "generating $log.gz ..."
        ./genlog --seed 8 --lines "$lines" --days 30 --gzip > "$log.gz.tmp" && mv "$log.gz.tmp" "$log.gz"
    fi
    [ -f "$log" ] || zcat "$log.gz" > "$log"
    bytes=$(stat -c %s "$log")
    echo
    echo "== $lines lines: $((bytes / 1000000)) MB, $(( $(stat -c %s "$log.gz") / 1000000 )) MB gzip"
    : > results.txt
    run zcat zcat "$log.gz" >> results.txt
    if command -v igzip > /dev/null; then run "igzip -dc" igzip -dc "$log.gz" >> results.txt; fi
    run "odstat-collect gzip" "$bindir/odstat-collect" -q -d bench.db "$log.gz" >> results.txt
    run "odstat-collect gzip -j1" "$bindir/odstat-collect" -q -j 1 -d bench.db "$log.gz" >> results.txt
    run "odstat-collect gzip -j0" "$bindir/odstat-collect" -q -j 0 -d bench.db "$log.gz" >> results.txt
    run "odstat-collect plain" "$bindir/odstat-collect" -q -d bench.db "$log" >> results.txt
    if command -v goaccess > /dev/null; then
        # every panel off but those a dataset count needs
        run "goaccess (few panels)" goaccess "$log" --log-format=COMBINED --no-global-config \
            --ignore-panel=VISITORS --ignore-panel=OS --ignore-panel=BROWSERS \
            --ignore-panel=VISIT_TIMES --ignore-panel=VIRTUAL_HOSTS --ignore-panel=REFERRERS \
            --ignore-panel=REFERRING_SITES --ignore-panel=KEYPHRASES --ignore-panel=STATUS_CODES \
            --ignore-panel=REMOTE_USER --ignore-panel=CACHE_STATUS --ignore-panel=GEO_LOCATION \
            --ignore-panel=MIME_TYPE --ignore-panel=TLS_TYPE --ignore-panel=NOT_FOUND \
            --ignore-panel=HOSTS -o "$work/goaccess.json" >> results.txt
    fi
    report "$lines" "$bytes"
done
# two files at once: the second file inflates in parallel
echo
echo "== two 1M-line gzip files in one run"
cp portal-1000000.log.gz second.log.gz
./genlog --seed 9 --lines 1000000 --days 30 --gzip > second.log.gz
: > results.txt
run zcat zcat portal-1000000.log.gz second.log.gz >> results.txt
run "odstat-collect 2 files" "$bindir/odstat-collect" -q -d bench.db portal-1000000.log.gz second.log.gz >> results.txt
run "odstat-collect 2 files -j1" "$bindir/odstat-collect" -q -j 1 -d bench.db portal-1000000.log.gz second.log.gz >> results.txt
report 2000000 $(( 2 * $(stat -c %s portal-1000000.log) ))
# a national catalog: resource URLs of the file hosts as download rules
echo
if [ ! -f national-catalog.csv ] || [ ! -f filehost-1000000.log ] || [ ! -f filehost-twin.log ]; then
    echo "generating a national catalog and a 1M-line file host log ..."
    python3 "$repo/bench/gen-catalog.py" --datasets 53000 --catalog national-catalog.csv \
        --log filehost-1000000.log --twin-log filehost-twin.log --lines 1000000
fi
rm -f catalog.db catalog.db-wal catalog.db-shm
"$TIME" -f "%e %M" -o t.out "$bindir/odstat-collect" -q -d catalog.db --catalog national-catalog.csv 2>> bench.err
read -r secs kib < t.out
urls=$(sqlite3 catalog.db "SELECT COUNT(*) FROM resource_url")
echo "== national catalog: $(sqlite3 catalog.db "SELECT COUNT(*) FROM dataset") datasets, $urls resource URLs;" \
     "import $secs s, $((kib / 1024)) MB peak"
bytes=$(stat -c %s filehost-1000000.log)
: > results.txt
run zcat cat filehost-1000000.log >> results.txt
run "odstat-collect, no catalog" "$bindir/odstat-collect" -q -d bench.db filehost-1000000.log >> results.txt
TEMPLATE=catalog.db run "odstat-collect, catalog URLs" "$bindir/odstat-collect" -q -d bench.db filehost-1000000.log >> results.txt
# the lookup alone: every catalog URL probed, none of the host's
TEMPLATE=catalog.db run "catalog, --host elsewhere" "$bindir/odstat-collect" -q --host elsewhere.example -d bench.db filehost-1000000.log >> results.txt
# the same events through the built-in rules (CKAN URLs), for the cost of counting them
run "same events by rules" "$bindir/odstat-collect" -q -d bench.db filehost-twin.log >> results.txt
echo "(x_zcat here is x cat: the log is plain)"
report 1000000 "$bytes"

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
