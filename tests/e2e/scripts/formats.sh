# Every log format gives the same daily CSV for the same requests
# (tests/e2e/formats/README.md works out expected.csv by hand); `common`
# has no user agent, so robots and scripts count as people there
# (expected.common.csv). -f auto finds each format by itself.
source "$(dirname "$0")/../lib.sh"
fx="$REPO/tests/e2e/formats"
run_format() {   # run_format NAME FORMAT FILE EXPECTED
    rm -f "f-$1.db"*
    collect -q -d "f-$1.db" -f "$2" "$fx/$3" 2> err || { cat err; fail "$1: collect failed"; }
    report daily -d "f-$1.db" | cmp -s - "$fx/$4" || {
        diff <(report daily -d "f-$1.db") "$fx/$4" | head; fail "$1 differs from $4"; }
}
run_format combined combined requests.combined.log expected.csv
run_format vhost vhost_combined requests.vhost.log expected.csv
run_format w3c w3c requests.w3c.log expected.csv
run_format json json requests.json.log expected.csv
run_format custom "$(cat "$fx/requests.custom.fmt")" requests.custom.log expected.csv
run_format common common requests.common.log expected.common.csv
run_format vhost-noport vhost_combined requests.vhost-noport.log expected.csv
run_format w3c-quoted w3c requests.w3c-quoted.log expected.csv
run_format cloudfront cloudfront requests.cloudfront.log expected.csv
run_format alb alb requests.alb.log expected.csv
run_format s3 s3 requests.s3.log expected.csv
run_format caddy json requests.caddy.log expected.csv
run_format traefik json requests.traefik.log expected.csv
run_format matomo json requests.matomo.log expected.csv
run_format json-map "$(cat "$fx/requests.json-map.fmt")" requests.json-map.log expected.csv
# no user-agent field: detection by UA is off, robots and scripts are people
run_format w3c-noua w3c requests.w3c-noua.log expected.common.csv
run_format iis iis requests.iis.log expected.common.csv
run_format haproxy haproxy requests.haproxy.log expected.common.csv
for f in combined vhost w3c json; do
    rm -f a.db*
    collect -d a.db -f auto "$fx/requests.$f.log" 2> err || { cat err; fail "auto $f failed"; }
    grep -q "log format" err || { cat err; fail "auto did not say which format it chose for $f"; }
    report daily -d a.db | cmp -s - "$fx/expected.csv" || fail "auto on $f differs"
done
# W3C resumed after a mid-file #Fields change, in three runs
total=$(wc -l < "$fx/requests.w3c.log")
for cut in 3 $((total / 2)) $((total - 2)); do
    rm -f w.db* part.log
    head -n "$cut" "$fx/requests.w3c.log" > part.log
    collect -q -d w.db -f w3c part.log 2>/dev/null
    cp "$fx/requests.w3c.log" part.log
    collect -q -d w.db -f w3c part.log 2>/dev/null
    report daily -d w.db | cmp -s - "$fx/expected.csv" || fail "w3c resumed after line $cut differs"
done
expect_exit 2 collect -q -d x.db -f '%h %Q' "$fx/requests.combined.log"
# auto on a file no format fits: a clear error, exit 1, the other file counted
head -c 3000 /dev/urandom | base64 > noise.log
expect_exit 1 collect -q -d n.db -f auto noise.log "$fx/requests.combined.log"
expect_err "'noise.log': no known log format fits"
report daily -d n.db | cmp -s - "$fx/expected.csv" || fail "the good file was not counted"
# -f auto finds every named format by itself
for f in vhost-noport:vhost_combined w3c-quoted:w3c cloudfront:cloudfront alb:alb s3:s3 \
         caddy:json traefik:json matomo:json w3c-noua:w3c iis:iis haproxy:haproxy; do
    file=${f%%:*} name=${f#*:}
    rm -f a.db*
    expect_exit 0 collect -d a.db -f auto "$fx/requests.$file.log"
    expect_err "requests.$file.log': log format $name"
done
# a file that mostly fails the format given: what it looks like, exit 1, not read
cp "$fx/requests.common.log" x.log
expect_exit 1 collect -q -d m.db -f combined x.log
expect_err "'x.log' looks like common, not combined: use -f common"
expect_err " 0 lines"
cp "$fx/requests.combined.log" y.log
expect_exit 1 collect -q -d m.db -f w3c y.log
expect_err "'y.log' looks like combined, not w3c: use -f combined"
# -f common reads combined lines (the fields after the bytes are ignored)
expect_exit 0 collect -q -d m2.db -f common y.log
# under auto: a first line over 4 KiB and leading probe lines ("-" 400)
# do not make detection give up
{ printf '203.0.113.9 - - [01/Mar/2024:09:00:00 +0000] "GET /static/x.js HTTP/1.1" 200 5 "-" "%s"\n' \
      "Mozilla/5.0 $(head -c 6000 /dev/zero | tr '\0' 'x')"
  for i in $(seq 1 40); do
      echo '198.51.100.7 - - [01/Mar/2024:09:00:01 +0000] "-" 400 0 "-" "-"'; done
  cat "$fx/requests.combined.log"; } > probes.log
expect_exit 0 collect -d p.db -f auto probes.log
expect_err "'probes.log': log format combined"
expect_err "request 40"
report daily -d p.db | cmp -s - "$fx/expected.csv" || fail "auto with probes and a long first line differs"
# when nothing fits, the error names what was tried
expect_exit 1 collect -q -d n2.db -f auto noise.log
expect_err "(tried cloudfront, w3c, iis, json, alb, s3, haproxy, vhost_combined, combined, common)"
# a W3C line with a field more or less than its #Fields is a field-count
# reject, not a timestamp one; lines of blanks are blank lines
{ echo "#Fields: date time c-ip cs-method cs-uri-stem sc-status"
  echo "2024-03-01 10:00:00 203.0.113.5 GET /dataset/1 200"
  echo "2024-03-01 10:00:01 203.0.113.5 GET /dataset/1 200 extra"
  echo "   "
  printf '\t \n'
  echo "2024-03-01 10:00:02 203.0.113.5 GET /dataset/2"; } > fc.log
expect_exit 0 collect -d fc.db -f w3c fc.log
expect_err "'fc.log':3: rejected line (field count)"
expect_err "'fc.log':6: rejected line (field count)"
expect_err "2 rejected (format 0, timestamp 0, status 0, request 0, too long 0, field count 2)"
[ "$(sqlite3 fc.db 'SELECT rejected_format, rejected_timestamp, rejected_fields, site FROM runs')" = '0|0|2|default' ] ||
    fail "the run's record: $(sqlite3 fc.db 'SELECT * FROM runs')"
# a JSON key map that lacks a needed field is a usage error
expect_exit 2 collect -q -d u.db -f 'json:addr=ip,time=ts' "$fx/requests.json.log"
expect_err "lacks addr, time, status or a request"
expect_exit 2 collect -q -d u.db -f 'json:address=ip' "$fx/requests.json.log"
expect_err "'address=ip' is not FIELD=PATH"
