# The cron and deck lines of the README work on a fresh machine, where
# /var/lib/odstat and /srv/reports do not exist yet: `deck -o` makes the
# directory with its parents, and the README says `install -d` for the
# database's directory. As root, the README's own lines run verbatim with
# fresh, empty /srv, /var/lib and /var/log (tmpfs mounts in a private mount
# namespace, so the machine is not touched); without root only the deck's
# directory creation is tested, with a note.
source "$(dirname "$0")/../lib.sh"
collect -q -d demo.db --catalog "$REPO/sample-logs/catalog.csv" \
    "$REPO"/sample-logs/portal-a.access.log* 2> /dev/null
[ $? -le 1 ] || fail "collect failed"
report deck -d demo.db --period 2024Q1 -o new/nested/pack 2> err || { cat err; fail "deck into a new path failed"; }
[ -s new/nested/pack/index.html ] || fail "deck made no index.html in the new path"
touch afile
expect_exit 2 report deck -d demo.db -o afile/pack
expect_err "cannot make directory 'afile/pack'"
if ! can_mount; then
    echo "note: README cron and deck lines not run verbatim (needs root and mount namespaces)"
    exit 0
fi
# the README's lines: the deck command, install -d, and the crontab entry's command
readme=$REPO/README.md
deck=$(grep -m1 '^odstat-report deck -d /var/lib/odstat/portal.db --period last-quarter .* -o /srv/reports/latest$' "$readme")
mkdirs=$(grep -m1 '^install -d /var/lib/odstat$' "$readme")
cron=$(grep -m1 '^5 \* \* \* \*  odstat-collect ' "$readme" | sed 's/^[^a-z]*//')
[ -n "$deck" ] && [ -n "$mkdirs" ] && [ -n "$cron" ] || fail "README lines not found"
cp "$REPO"/sample-logs/portal-a.access.log access.log
cp "$REPO"/sample-logs/portal-a.access.log.1.gz access.log.1.gz
unshare -m bash -c '
    set -eu
    for d in /srv /var/lib /var/log; do mount -t tmpfs tmpfs "$d"; done
    mkdir /var/log/nginx && cp access.log access.log.1.gz /var/log/nginx/
    export PATH="$1:$PATH"
    eval "$3"; eval "$4"
    test -s /var/lib/odstat/portal.db
    odstat-report daily -d /var/lib/odstat/portal.db | wc -l > daily.lines
    eval "$2"
    ls /srv/reports/latest > pack.list' _ "$BIN" "$deck" "$mkdirs" "$cron" > ns.out 2>&1 ||
    { cat ns.out; fail "the README lines failed on fresh directories"; }
[ "$(cat daily.lines)" -gt 100 ] || fail "the cron line counted nothing"
grep -qx index.html pack.list || fail "the deck line made no pack"
