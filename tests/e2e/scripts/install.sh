# make install puts the programs, the three man pages and the bash
# completion under PREFIX (here inside DESTDIR), and make uninstall takes
# every one of them away again. The man pages render without macro
# warnings; --version, -V and every report command's --help work; the
# completion completes commands and option values.
source "$(dirname "$0")/../lib.sh"
root=$PWD/root
make -s -C "$REPO" install-files DESTDIR="$root" PREFIX=/opt/odstat BINDIR="$BIN" > make.out 2>&1 ||
    { cat make.out; fail "make install-files failed"; }
for f in bin/odstat-collect bin/odstat-report share/man/man1/odstat-collect.1 \
         share/man/man1/odstat-report.1 share/man/man5/odstat-files.5 \
         share/bash-completion/completions/odstat-collect \
         share/bash-completion/completions/odstat-report; do
    [ -e "$root/opt/odstat/$f" ] || fail "make install did not install $f"
done
for page in "$root"/opt/odstat/share/man/man*/*; do
    out=$(groff -k -man -Tutf8 -P-cbou -Wall -wmac -wchar "$page" 2>&1 > rendered) ||
        fail "groff failed on $page"
    [ -z "$out" ] || fail "$(basename "$page"): $out"
    grep -q "EXIT STATUS\|DESCRIPTION" rendered || fail "$(basename "$page") renders empty"
done
# the exit codes are in both programs' pages and help
for p in collect report; do
    grep -q '^\.B 3$' "$root/opt/odstat/share/man/man1/odstat-$p.1" || fail "odstat-$p.1 lacks exit code 3"
done
"$root/opt/odstat/bin/odstat-collect" --help | grep -q "3 database error" || fail "collect --help lacks exit codes"
# --version and -V, one version everywhere
v=$("$root/opt/odstat/bin/odstat-collect" --version | head -n 1)
[ "$v" = "$("$root/opt/odstat/bin/odstat-collect" -V | head -n 1)" ] || fail "-V differs from --version"
[ "${v#odstat-collect }" = "$("$root/opt/odstat/bin/odstat-report" --version | head -n 1 | cut -d' ' -f2)" ] ||
    fail "the two programs show different versions"
grep -q "\"odstat ${v#odstat-collect }\"" "$root/opt/odstat/share/man/man1/odstat-report.1" ||
    fail "the man pages name another version than $v"
# every command of the overview has a help page of its own, with exit codes
commands=$(report --help | awk '/^commands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }')
[ "$(echo "$commands" | wc -l)" -ge 9 ] || fail "commands not found in --help"
for c in $commands; do
    report "$c" --help > help.out 2>&1 || fail "$c --help failed"
    head -n 1 help.out | grep -q "^usage: odstat-report $c " || { cat help.out; fail "$c --help"; }
    grep -q "exit codes" help.out || fail "$c --help lacks the exit codes"
    grep -q "^\.B $c\$" "$root/opt/odstat/share/man/man1/odstat-report.1" || fail "odstat-report.1 lacks $c"
done
report top --help | grep -q -- "--cumulative" || fail "top --help lacks its own options"
! report top --help | grep -q -- "--interval" || fail "top --help lists trend's options"
# bash completion: commands (as odstat-report lists them) and option values
compl=$root/opt/odstat/share/bash-completion/completions/odstat-report
got=$(PATH="$BIN:$PATH" bash -c 'source "$1"
    COMP_WORDS=(odstat-report st); COMP_CWORD=1; _odstat_report; echo "${COMPREPLY[*]}"
    COMP_WORDS=(odstat-report top --format m); COMP_CWORD=3; _odstat_report; echo "${COMPREPLY[*]}"
    COMP_WORDS=(odstat-collect -f w); COMP_CWORD=2; _odstat_collect; echo "${COMPREPLY[*]}"' _ "$compl")
[ "$got" = $'status\nmd\nw3c' ] || fail "completion gave: $got"
# uninstall leaves nothing of odstat behind
make -s -C "$REPO" uninstall DESTDIR="$root" PREFIX=/opt/odstat > make.out 2>&1 ||
    { cat make.out; fail "make uninstall failed"; }
left=$(find "$root" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"
