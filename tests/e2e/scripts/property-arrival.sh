# SPEC v2 §2.1/§2.5 (issues 11 and 12): the daily CSV is a function of the
# set of lines, whatever the order they arrive in, as long as every line is
# on time. For several seeds: generate two servers' logs (3 days, out-of-order
# lines, browser-UA scrapers), cut them into pieces, ingest the pieces with
# odstat-collect in on-time run orders, and compare `odstat-report daily
# --format csv` with the reference implementation over the whole set, byte
# for byte. Scenarios:
#   sanity     default genlog log (no disorder, no scrapers), one run
#   single     the v2 logs, one run over both files
#   newest     older days whole, in order; the newest day in 30-min pieces,
#              shuffled within blocks of 90 min (within W = 2 h of each other)
#   backfill   whole days (both servers), newest first
#   twice      one run; again the same file, its gzip copy; a file twice in a run
#   servers    20-min pieces, server B's run an hour behind server A's
#   networks   one run with --robot-networks (IPv4 + IPv6) and --max-requests 60
#   lw90m      as servers, with --late-window 90m
#   lw3d       2-hour pieces of both servers in random order, --late-window 3d
#
# Alone:  bash tests/e2e/scripts/property-arrival.sh BINDIR [SEED...]
#   (or PROPERTY_SEEDS="1 2 3"); ONLY=name runs one scenario;
#   PROPERTY_GENLOG="..." replaces the genlog options "--disorder 60
#   --scrapers 10" (PROPERTY_GENLOG= : plain in-order logs without scrapers). A failure
#   prints the seed, the scenario, its run order and the first differences;
#   run alone, the work directory is kept for a look.
set -u
standalone=0
if [ $# -ge 1 ]; then
    # alone: BINDIR as the argument, a work directory of our own
    BIN=$(cd "$1" && pwd) || exit 2
    shift
    REPO=$(cd "$(dirname "$0")/../../.." && pwd)
    standalone=1
    cd "$(mktemp -d)" || exit 2
fi
: "${BIN:?usage: property-arrival.sh BINDIR [SEED...]}"   # else from run-scripts.sh
source "$REPO/tests/e2e/lib.sh"
seeds=${*:-${PROPERTY_SEEDS:-101 202 303}}

# ---- a small deterministic RNG (31-bit LCG), so failures reproduce -------
rng_state=1
rng_seed() { rng_state=$(( ($1 * 2654435761 + 12345) % 2147483648 )); }
rng_below() {   # rng_below N -> $REPLY in [0, N)
    rng_state=$(( (rng_state * 1103515245 + 12345) % 2147483648 ))
    REPLY=$(( (rng_state >> 8) % $1 ))
}
# shuffle NAME: Fisher-Yates on the array NAME, with the RNG above
shuffle() {
    local -n arr=$1
    local i j tmp
    for (( i = ${#arr[@]} - 1; i > 0; i-- )); do
        rng_below $((i + 1)); j=$REPLY
        tmp=${arr[i]}; arr[i]=${arr[j]}; arr[j]=$tmp
    done
}

# ---- cutting a log into time pieces --------------------------------------
# cut.py SECONDS PREFIX FILE: writes PREFIX.NNNNN, one file per slot of
# SECONDS of local time counted from 2024-03-04 00:00 (slot of a line = the newest timestamp seen so far
# in the file, so pieces are contiguous line ranges, as a log cut by time
# is); prints the names in slot order. Unparsable lines stay with the piece
# they are in.
cat > cut.py <<'EOF'
import re, sys
from datetime import datetime
size, prefix, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ts = re.compile(rb"\[(\d\d/[A-Za-z]{3}/\d{4}:\d\d:\d\d:\d\d) ")
origin = int(datetime(2024, 3, 4).timestamp()) // size
newest, out, names = None, {}, []
pending = []
for line in open(path, "rb"):
    m = ts.search(line)
    t = None
    if m:
        try:
            t = int(datetime.strptime(m.group(1).decode(), "%d/%b/%Y:%H:%M:%S")
                    .replace(tzinfo=None).timestamp())
        except ValueError:
            t = None
    if t is not None and (newest is None or t > newest):
        newest = t
    if newest is None:
        pending.append(line)
        continue
    k = newest // size - origin
    if k not in out:
        names.append("%s.%05d" % (prefix, k))
        out[k] = open(names[-1], "wb")
        out[k].writelines(pending)
        pending = []
    out[k].write(line)
for f in out.values():
    f.close()
print("\n".join(names))
EOF
# cut SECONDS PREFIX FILE: as cut.py, and checks that the pieces, in
# order, are the file byte for byte (no line lost or doubled)
cut() {
    local names
    names=$(TZ=UTC LC_ALL=C python3 cut.py "$@") || fail "cut.py $*"
    # shellcheck disable=SC2086
    cat $names | cmp -s - "$3" || fail "the pieces of $3 are not the file"
    printf '%s\n' "$names"
}

# ---- one scenario: runs in a fresh database, compared with the reference --
failed=()
runs=()         # one element per run: the files of that run, blank-separated
# scenario NAME REFCSV [COLLECT OPTIONS...]: executes "${runs[@]}"
scenario() {
    local name=$1 refcsv=$2; shift 2
    [ -n "${ONLY:-}" ] && [ "$ONLY" != "$name" ] && return 0
    local db=$name.$seed.db i=0 rc why=
    rm -f "$db" "$db"-*
    printf '%s\n' "${runs[@]}" > "order.$name.$seed"
    for r in "${runs[@]}"; do
        i=$((i + 1))
        # shellcheck disable=SC2086
        "$BIN/odstat-collect" -q -d "$db" "$@" $r > run.out 2> run.err; rc=$?
        if [ "$rc" -ge 2 ]; then
            why="run $i ($r) exited $rc: $(head -n 1 run.err)"
            break
        fi
    done
    if [ -z "$why" ]; then
        "$BIN/odstat-report" daily -d "$db" --format csv > "got.$name.$seed" 2> report.err ||
            why="odstat-report failed: $(head -n 1 report.err)"
    fi
    if [ -z "$why" ] && ! cmp -s "got.$name.$seed" "$refcsv"; then
        why="daily CSV differs from the reference ($(diff "got.$name.$seed" "$refcsv" | grep -c '^[<>]') lines)"
    fi
    if [ -z "$why" ]; then
        echo "ok   seed $seed $name (${#runs[@]} runs)"
        return 0
    fi
    failed+=("$name/$seed")
    {
        echo "FAIL seed $seed scenario $name: $why"
        echo "  collect options: ${*:-(none)}"
        echo "  run order (${#runs[@]} runs; all in order.$name.$seed):"
        printf '    %s\n' "${runs[@]:0:12}"
        [ "${#runs[@]}" -gt 12 ] && echo "    ..."
        if [ -f "got.$name.$seed" ] && [ "$name" != single ] && [ -f "got.single.$seed" ]; then
            if cmp -s "got.$name.$seed" "got.single.$seed"; then
                echo "  (it equals the collector's own one-run output: the order did not matter)"
            else
                echo "  (it also differs from the collector's own one-run output: the order mattered)"
            fi
        fi
        if [ -f "got.$name.$seed" ]; then
            echo "  diff got ref (first lines):"
            diff "got.$name.$seed" "$refcsv" | head -n 8 | sed 's/^/    /'
        fi
    } >&2
}

printf '198.51.100.0/25\n# a provider, IPv6\n2001:db8:c10d::/48\n' > networks.txt

for seed in $seeds; do
    rng_seed "$seed"
    rm -f A.* B.*
    # Two servers behind one balancer, 3 days, lines up to 60 s out of order,
    # browser-UA scrapers (robots.txt readers, heavy session-hours).
    # shellcheck disable=SC2206
    g=(--start 2024-03-04 --days 3 ${PROPERTY_GENLOG---disorder 60 --scrapers 10})
    genlog --seed "$seed" --server 0 --lines 30000 "${g[@]}" > A || fail "genlog A"
    genlog --seed $((seed + 1)) --server 1 --lines 12000 "${g[@]}" > B || fail "genlog B"
    reference A B > ref.$seed.csv || fail "reference failed on seed $seed"
    [ "$(wc -l < ref.$seed.csv)" -gt 100 ] || fail "reference gave too few rows"
    ref=ref.$seed.csv

    # sanity: a default log (what the current collector is known to count)
    genlog --seed "$seed" --lines 20000 --days 2 --start 2024-05-01 > C
    reference C > refC.$seed.csv
    runs=("C"); scenario sanity refC.$seed.csv

    runs=("A B"); scenario single "$ref"

    mapfile -t dA < <(cut 86400 A.d A); mapfile -t dB < <(cut 86400 B.d B)
    [ "${#dA[@]}" -eq 3 ] && [ "${#dB[@]}" -eq 3 ] || fail "expected 3 days per server"

    # (i) the older days whole and in order, the newest day in 30-min
    # pieces shuffled within blocks of three (90 min: within W of each other)
    runs=("${dA[0]} ${dB[0]}" "${dA[1]} ${dB[1]}")
    mapfile -t nA < <(cut 1800 A.n "${dA[2]}"); mapfile -t nB < <(cut 1800 B.n "${dB[2]}")
    for (( b = 96; b < 144; b += 3 )); do      # slots 96-143: the third day
        block=()
        for (( k = b; k < b + 3; k++ )); do
            p=$(printf '%05d' "$k")
            [ -f "A.n.$p" ] && block+=("A.n.$p")
            [ -f "B.n.$p" ] && block+=("B.n.$p")
        done
        [ "${#block[@]}" -gt 0 ] || continue
        shuffle block
        runs+=("${block[@]}")
    done
    scenario newest "$ref"

    # (ii) backfill: whole days, newest first
    runs=("${dA[2]} ${dB[2]}" "${dA[1]} ${dB[1]}" "${dA[0]} ${dB[0]}")
    scenario backfill "$ref"

    # (iii) the same content again: the file, its gzip copy, a file twice
    gzip -c A > A.1.gz
    runs=("A B" "A" "A.1.gz" "B B")
    scenario twice "$ref"

    # (iv) two servers in separate runs, B an hour (3 pieces) behind A
    mapfile -t sA < <(cut 1200 A.s A); mapfile -t sB < <(cut 1200 B.s B)
    lag=3
    runs=()
    for (( k = 0; k < 216 + lag; k++ )); do
        p=$(printf '%05d' "$k"); q=$(printf '%05d' $((k - lag)))
        [ -f "A.s.$p" ] && runs+=("A.s.$p")
        [ "$k" -ge "$lag" ] && [ -f "B.s.$q" ] && runs+=("B.s.$q")
    done
    scenario servers "$ref"
    servers_runs=("${runs[@]}")

    # robot networks and a lower --max-requests, one run
    reference --robot-networks networks.txt --max-requests 60 A B > refN.$seed.csv
    runs=("A B"); scenario networks refN.$seed.csv --robot-networks networks.txt --max-requests 60

    # --late-window parsing: 90m with B an hour behind (pieces at most
    # 81 min older than the newest line), 3d with 2-hour pieces in any order
    runs=("${servers_runs[@]}")
    scenario lw90m "$ref" --late-window 90m
    mapfile -t wA < <(cut 7200 A.w A); mapfile -t wB < <(cut 7200 B.w B)
    runs=("${wA[@]}" "${wB[@]}")
    shuffle runs
    scenario lw3d "$ref" --late-window 3d
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "property-arrival: ${#failed[@]} failed: ${failed[*]}" >&2
    [ "$standalone" = 1 ] && echo "work directory kept: $PWD" >&2
    exit 1
fi
echo "property-arrival: all scenarios equal the reference (seeds: $seeds)"
[ "$standalone" = 1 ] && rm -rf "$PWD"
exit 0
