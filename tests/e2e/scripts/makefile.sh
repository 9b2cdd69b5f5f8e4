# The Makefile on a fresh machine: reading it runs no pkg-config (ISA-L and
# the libraries are looked up when a build needs them, so a first root
# `make demo` finds ISA-L once deps has installed pkg-config, and prints no
# "pkg-config: command not found"); demo installs only the build packages,
# before it compiles anything; the test targets install the test tools.
source "$(dirname "$0")/../lib.sh"
printf '#!/bin/sh\necho "$MAKELEVEL $*" >> "%s/pkg-config.log"\nexit 1\n' "$PWD" > fake-pkg-config
chmod +x fake-pkg-config
: > pkg-config.log
m() { env -u MAKEFLAGS -u MAKELEVEL make --no-print-directory -C "$REPO" -n PKG_CONFIG="$PWD/fake-pkg-config" "$@"; }
m deps > deps.out 2>&1 || { cat deps.out; fail "make -n deps failed"; }
[ ! -s pkg-config.log ] || { cat pkg-config.log; fail "reading the Makefile ran pkg-config"; }
for p in build-essential pkg-config zlib1g-dev libsqlite3-dev libmaxminddb-dev libpcre2-dev libisal-dev; do
    grep -qw -- "$p" deps.out || fail "make deps does not install $p"
done
for p in libcmocka-dev clang python3 librsvg2-bin; do
    ! grep -qw -- "$p" deps.out || fail "make deps (and so make demo) installs the test tool $p"
done
m test-deps > test-deps.out 2>&1 || { cat test-deps.out; fail "make -n test-deps failed"; }
for p in libcmocka-dev clang python3 librsvg2-bin sqlite3; do
    grep -qw -- "$p" test-deps.out || fail "make test-deps does not install $p"
done
# demo: the package check comes first, the build in a make of its own after it
m demo > demo.out 2>&1
first_check=$(grep -n 'dpkg -s' demo.out | head -n 1 | cut -d: -f1)
submake=$(grep -n -E '^make( .*)? all$' demo.out | head -n 1 | cut -d: -f1)
first_cc=$(grep -n -- '-c -o ' demo.out | head -n 1 | cut -d: -f1)
[ -n "$first_check" ] && [ -n "$submake" ] && [ "$first_check" -lt "$submake" ] ||
    { head -n 20 demo.out; fail "make demo does not build in a make of its own after deps"; }
[ -z "$first_cc" ] || [ "$submake" -lt "$first_cc" ] ||
    { head -n 20 demo.out; fail "make demo compiles before it installs the packages"; }
! awk '$1 == 0' pkg-config.log | grep -q . ||
    { cat pkg-config.log; fail "make demo ran pkg-config before its own make"; }
