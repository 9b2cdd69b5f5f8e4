# pg.sh - a throwaway PostgreSQL cluster for the tests (sourced).
#
#   pg_start      initdb in a temporary directory, start a server on a Unix
#                 socket there (no TCP); as root the cluster belongs to
#                 'nobody'. Returns 1 (with the reason in $pg_why) when no
#                 server can be started.
#   pg_newdb NAME creates database NAME and prints its URI
#   pg_stop       stops the server and removes the directory
#
# ODSTAT_PG_BIN overrides where initdb and pg_ctl are looked for; PG_SETTINGS
# replaces the server settings (default -c fsync=off: a test server).
pg_dir=${pg_dir:-}
pg_why=${pg_why:-}

pg_bindir() {
	local d
	for d in "${ODSTAT_PG_BIN:-}" /usr/lib/postgresql/*/bin; do
		[ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
	return 1
}

pg_as() {
	if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

pg_start() {
	local bin
	bin=$(pg_bindir) || { pg_why="no initdb/pg_ctl (install the Debian package postgresql)"; return 1; }
	pg_bin=$bin
	pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/odstat-pg.XXXXXX") || { pg_why="no temporary directory"; return 1; }
	chmod 755 "$pg_dir"
	[ "$(id -u)" = 0 ] && chown nobody "$pg_dir"
	pg_user=$(pg_as id -un)
	if ! pg_as "$bin/initdb" -D "$pg_dir/data" -U "$pg_user" --auth=trust --locale=C.UTF-8 \
		-E UTF8 >"$pg_dir/initdb.log" 2>&1; then
		pg_why="initdb failed: $(tail -n 3 "$pg_dir/initdb.log" | tr '\n' ' ')"
		rm -rf "$pg_dir"; pg_dir=; return 1
	fi
	if ! pg_as "$bin/pg_ctl" -D "$pg_dir/data" -w -t 60 -l "$pg_dir/server.log" \
		-o "-k $pg_dir -c listen_addresses= ${PG_SETTINGS:--c fsync=off} -c max_connections=40" start \
		>"$pg_dir/pg_ctl.log" 2>&1; then
		pg_why="the server did not start: $(tail -n 3 "$pg_dir/server.log" | tr '\n' ' ')"
		rm -rf "$pg_dir"; pg_dir=; return 1
	fi
	return 0
}

pg_newdb() {
	"$pg_bin/createdb" -h "$pg_dir" -U "$pg_user" "$1" || return 1
	echo "postgresql://$pg_user@/$1?host=$pg_dir"
}

pg_stop() {
	[ -n "$pg_dir" ] || return 0
	pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$pg_dir"
	pg_dir=
}
