# An unreadable log (exit 1, the other files counted) and a read-only
# database (exit 3, nothing changed), run as an unprivileged user: root
# reads and writes through file permissions. Skipped (passes) only when the
# test runs as a normal user who cannot switch, since then it runs directly.
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
dir=$(mktemp -d /tmp/odstat-perm-XXXXXX)
chmod 755 "$dir"
cp "$BIN/odstat-collect" "$BIN/odstat-report" "$dir/"
echo "$line" > "$dir/ok.log"
echo "$line" > "$dir/secret.log"
chmod 644 "$dir/ok.log"; chmod 000 "$dir/secret.log"
mkdir "$dir/db"; chmod 777 "$dir/db"
as_user "$dir/odstat-collect" -q -d "$dir/db/p.db" "$dir/secret.log" "$dir/ok.log" 2> err; rc=$?
[ "$rc" -eq 1 ] || { cat err; fail "unreadable file: exit $rc, expected 1"; }
grep -q "cannot open '$dir/secret.log': Permission denied" err || { cat err; fail "no clear message"; }
[ "$(as_user "$dir/odstat-report" daily -d "$dir/db/p.db" | tail -n 1 | cut -d, -f3)" = 1 ] || fail "ok.log not counted"
# a read-only database: exit 3, and its numbers unchanged
echo "${line/10:00:00/11:00:00}" > "$dir/new.log"; chmod 644 "$dir/new.log"
before=$(as_user "$dir/odstat-report" daily -d "$dir/db/p.db")
chmod 444 "$dir/db/p.db"; chmod 755 "$dir/db"
as_user "$dir/odstat-collect" -q -d "$dir/db/p.db" "$dir/new.log" 2> err; rc=$?
[ "$rc" -eq 3 ] || { cat err; fail "read-only database: exit $rc, expected 3"; }
grep -q "p.db" err || { cat err; fail "the message does not name the database"; }
[ "$(as_user "$dir/odstat-report" daily -d "$dir/db/p.db")" = "$before" ] || fail "numbers changed"
rm -rf "$dir"
