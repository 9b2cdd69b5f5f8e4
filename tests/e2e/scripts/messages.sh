# The messages a user acts on say what is wrong: "(N counted before)" counts
# every file that held nothing new; a directory that is missing or not
# writable is named as such (not "readonly database"); a full disk says so
# and a report beside it never claims the file "is read-only". The full
# disk part needs root (a tmpfs mounted in a private mount namespace) and
# is skipped, with a note, without it.
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
echo "$line" > a.log
echo "${line/10:00:00/11:00:00}" > b.log
gzip -c b.log > b.log.gz
collect -d m.db a.log b.log.gz 2> err || { cat err; fail "first run failed"; }
grep -q '2 files (0 counted before), 2 lines' err || { cat err; fail "first run summary"; }
# everything again: both were counted before, and the plain one on stdin too
collect -d m.db a.log b.log.gz 2> err || { cat err; fail "second run failed"; }
grep -q '2 files (2 counted before), 0 lines' err || { cat err; fail "files counted before not counted"; }
[ "$(grep -c 'was counted before; nothing new' err)" = 2 ] || { cat err; fail "no note per file"; }
collect -d m.db - < a.log 2> err || { cat err; fail "stdin run failed"; }
grep -q '1 files (1 counted before), 0 lines' err || { cat err; fail "stdin counted before not counted"; }
# a grown file is resumed, not "counted before"
echo "${line/10:00:00/12:00:00}" >> a.log
collect -d m.db a.log 2> err || { cat err; fail "grown run failed"; }
grep -q '1 files (0 counted before), 1 lines' err || { cat err; fail "grown file summary"; }
grep -q "resuming after" err || { cat err; fail "no resume note"; }
# a missing directory
expect_exit 3 collect -q -d no/such/dir/x.db a.log
expect_err "the directory 'no/such/dir' does not exist"
# a directory that is not writable, as a user who cannot write it (as_user)
dir=$(mktemp -d /tmp/odstat-msg-XXXXXX)
cp "$BIN/odstat-collect" "$BIN/odstat-report" a.log "$dir/"
chmod 755 "$dir"; chmod 644 "$dir/a.log"
mkdir "$dir/db"; chmod 777 "$dir/db"
as_user "$dir/odstat-collect" -q -d "$dir/db/p.db" "$dir/a.log" 2> err || { cat err; fail "run as user failed"; }
chmod 555 "$dir/db"
echo "${line/10:00:00/13:00:00}" > "$dir/c.log"; chmod 644 "$dir/c.log"
as_user "$dir/odstat-collect" -q -d "$dir/db/p.db" "$dir/c.log" 2> err; rc=$?
[ "$rc" = 3 ] || { cat err; fail "non-writable directory: exit $rc"; }
grep -q "the directory '$dir/db' is not writable" err || { cat err; fail "unclear message for a non-writable directory"; }
as_user "$dir/odstat-report" daily -d "$dir/db/p.db" > /dev/null 2> err || { cat err; fail "report failed"; }
! grep -q "cannot be shared" err || { cat err; fail "old message"; }
grep -q "is not writable" err || { cat err; fail "the report does not say why it reads the file as it is"; }
as_user "$dir/odstat-collect" -q -d "$dir/db/new.db" "$dir/c.log" 2> err
grep -q "the directory '$dir/db' is not writable" err || { cat err; fail "unclear message for a new database"; }
chmod 755 "$dir/db"; rm -rf "$dir"
# a full disk: a 256 KiB tmpfs filled up, in a mount namespace of its own
if ! can_mount; then
    echo "note: full-disk messages skipped (needs root and mount namespaces)"
    exit 0
fi
collect -q -d full.db a.log 2> /dev/null || fail "collect failed"
unshare -m bash -c '
    set -u; mnt=$(mktemp -d); mount -t tmpfs -o size=256k tmpfs "$mnt" || exit 9
    cp full.db "$mnt/" && cp b.log "$mnt/"
    head -c 1048576 /dev/zero > "$mnt/fill" 2> /dev/null
    "$1/odstat-report" daily -d "$mnt/full.db" > report.out 2> report.err; echo $? > report.rc
    "$1/odstat-collect" -q -d "$mnt/full.db" "$mnt/b.log" 2> collect.err; echo $? > collect.rc
    umount "$mnt"' _ "$BIN" || fail "cannot mount a tmpfs"
[ "$(cat report.rc)" = 0 ] || { cat report.err; fail "report on a full disk failed"; }
! grep -q "read-only" report.err || { cat report.err; fail "a full disk reported as read-only"; }
grep -q "is full" report.err || { cat report.err; fail "the report does not say the disk is full"; }
[ "$(cat collect.rc)" = 3 ] || { cat collect.err; fail "collect on a full disk: exit $(cat collect.rc)"; }
grep -q "is full" collect.err || { cat collect.err; fail "the collector does not say the disk is full"; }
