# odstat - build, test and install. Plain GNU make; libraries via pkg-config.
#
#   make            build odstat-collect and odstat-report here
#   make demo       install the build packages, build, ingest sample-logs/
#                   into ./odstat.db and print tables
#   make deps       install the Debian packages that build and run odstat
#   make test-deps  install those and the packages the tests need
#   make test       unit tests (cmocka) and end-to-end tests of the binaries,
#                   on SQLite and on a throwaway PostgreSQL cluster (skipped
#                   when none can be started, unless ODSTAT_REQUIRE_PG=1)
#   make check      the same tests again under AddressSanitizer and UBSan
#   make install PREFIX=/usr/local   programs, man pages, bash completion
#   make uninstall PREFIX=/usr/local

SHELL    := /bin/bash
CC       ?= cc
PREFIX   ?= /usr/local
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
BUILD    ?= build/release
BINDIR   ?= .
PKG_CONFIG ?= pkg-config

# Debian packages, by what needs them: adding one is a one-word edit here.
# Build-required and build-optional ones are installed by `make deps` (and
# so by `make demo`), test ones by `make test-deps` (and the test targets).
DEB_BUILD    := build-essential pkg-config zlib1g-dev libsqlite3-dev libmaxminddb-dev \
                libpcre2-dev libbz2-dev liblzma-dev libzstd-dev libpq-dev
DEB_OPTIONAL := libisal-dev libxlsxwriter-dev
DEB_TEST     := libcmocka-dev python3 sqlite3 util-linux clang libclang-rt-14-dev \
                libxml2-utils librsvg2-bin groff-base python3-openpyxl poppler-utils \
                bzip2 xz-utils zstd python3-jsonschema postgresql libreoffice-calc-nogui

# ISA-L's igzip inflates gzip about five times faster than zlib. It is used
# when pkg-config finds libisal (Debian: libisal-dev); `make ISAL=0` builds
# the zlib-only collector. Only collector/read/gzip_isal.c depends on the choice.
# Looked up when first used, once, not when this file is read: `make demo`
# installs pkg-config first and builds in a make of its own.
ifndef ISAL
ISAL = $(eval ISAL := $(shell $(PKG_CONFIG) --exists libisal 2> /dev/null && echo 1 || echo 0))$(ISAL)
endif
# libxlsxwriter (Debian: libxlsxwriter-dev) writes --format xlsx and the
# deck's workbook; without it, or with `make XLSX=0`, xlsx is refused with
# a message. Only report/xlsx.c depends on the choice; looked up once, when
# first needed, like ISA-L.
ifndef XLSX
XLSX = $(eval XLSX := $(shell $(PKG_CONFIG) --exists xlsxwriter 2> /dev/null && echo 1 || echo 0))$(XLSX)
endif
# libbz2 has no pkg-config file on Debian 12: then plain -lbz2 (looked up
# once, when first needed, like ISA-L).
BZ2_PKG   = $(eval BZ2_PKG := $(shell $(PKG_CONFIG) --exists bzip2 2> /dev/null && echo bzip2))$(BZ2_PKG)
PKGS      = zlib sqlite3 libpq libpcre2-8 libmaxminddb liblzma libzstd $(BZ2_PKG) \
            $(if $(filter 1,$(ISAL)),libisal) $(if $(filter 1,$(XLSX)),xlsxwriter)

WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-missing-field-initializers
OPT      ?= -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ifeq ($(SAN),1)
OPT      := -O1 -g $(SAN_FLAGS)
endif
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS))
CPPFLAGS += -Icommon -Icollector -Icollector/formats -Icollector/read -Icollector/import -Ireport
ALL_CFLAGS = $(WARN) $(OPT) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) $(if $(BZ2_PKG),,-lbz2) -lpthread -lm $(LDLIBS)

COMMON_SRC    := $(wildcard common/*.c common/dbi/*.c)
COLLECTOR_SRC := $(filter-out collector/main.c,$(wildcard collector/*.c collector/*/*.c))
REPORT_SRC    := $(filter-out report/main.c,$(wildcard report/*.c))
GEN_SRC       := $(BUILD)/gen/sql_migrations.c $(BUILD)/gen/agent_lists.c
MIGRATIONS    := $(sort $(wildcard sql/[0-9]*.sql))
PG_MIGRATIONS := $(sort $(wildcard sql/pg/[0-9]*.sql))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
COMMON_OBJ    := $(call obj,$(COMMON_SRC)) $(BUILD)/obj/gen/sql_migrations.o
COLLECTOR_OBJ := $(call obj,$(COLLECTOR_SRC)) $(BUILD)/obj/gen/agent_lists.o
REPORT_OBJ    := $(call obj,$(REPORT_SRC))

UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all test check unit unit-run e2e e2e-run demo deps test-deps install install-files \
        uninstall clean fuzz fuzz-run fuzz-short bench FORCE
.SECONDARY:
all: $(BINDIR)/odstat-collect $(BINDIR)/odstat-report

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/sql_migrations.c: $(MIGRATIONS) $(PG_MIGRATIONS) $(BUILD)/tools/embed
	@mkdir -p $(@D)
	@[ "$(notdir $(MIGRATIONS))" = "$(notdir $(PG_MIGRATIONS))" ] || { \
	    echo "every sql/NNN_name.sql needs its PostgreSQL twin sql/pg/NNN_name.sql:"; \
	    echo "  sql/:    $(notdir $(MIGRATIONS))"; echo "  sql/pg/: $(notdir $(PG_MIGRATIONS))"; exit 1; }
	$(BUILD)/tools/embed sql_migrations $(MIGRATIONS) > $@.tmp
	$(BUILD)/tools/embed sql_pg_migrations $(PG_MIGRATIONS) >> $@.tmp
	mv $@.tmp $@

$(BUILD)/gen/agent_lists.c: data/machine-agents.txt data/counter-robots/COUNTER_Robots_list.txt \
                            data/extra-robots.txt $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed agents_machine_lists data/machine-agents.txt > $@.tmp
	$(BUILD)/tools/embed agents_robot_lists data/counter-robots/COUNTER_Robots_list.txt \
	    data/extra-robots.txt >> $@.tmp
	mv $@.tmp $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(OPT) -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# gzip_isal.o is rebuilt when ISAL changes: the flag file is rewritten
# only when its content differs.
$(BUILD)/isal-flag: FORCE
	@mkdir -p $(@D); echo $(ISAL) | cmp -s - $@ || echo $(ISAL) > $@
FORCE:
$(BUILD)/obj/collector/read/gzip_isal.o: $(BUILD)/isal-flag
$(BUILD)/obj/collector/read/gzip_isal.o: CPPFLAGS += $(if $(filter 1,$(ISAL)),-DODSTAT_HAVE_ISAL)
$(BUILD)/xlsx-flag: FORCE
	@mkdir -p $(@D); echo $(XLSX) | cmp -s - $@ || echo $(XLSX) > $@
$(BUILD)/obj/report/xlsx.o: $(BUILD)/xlsx-flag
$(BUILD)/obj/report/xlsx.o: CPPFLAGS += $(if $(filter 1,$(XLSX)),-DODSTAT_HAVE_XLSX)

$(BUILD)/libcommon.a: $(COMMON_OBJ)
	$(AR) rcs $@ $^
$(BUILD)/libcollector.a: $(COLLECTOR_OBJ)
	$(AR) rcs $@ $^
$(BUILD)/libreport.a: $(REPORT_OBJ)
	$(AR) rcs $@ $^

$(BINDIR)/odstat-collect: $(BUILD)/obj/collector/main.o $(BUILD)/libcollector.a $(BUILD)/libcommon.a
	@mkdir -p $(@D)
	$(CC) $(OPT) -o $@ $^ $(LDLIBS_ALL)

$(BINDIR)/odstat-report: $(BUILD)/obj/report/main.o $(BUILD)/libreport.a $(BUILD)/libcommon.a
	@mkdir -p $(@D)
	$(CC) $(OPT) -o $@ $^ $(LDLIBS_ALL)

# Unit tests link the module libraries, their shared helpers
# (tests/unit/support: a test's directory and database) and cmocka.
UNIT_SUPPORT := $(call obj,$(wildcard tests/unit/support/*.c))
$(BUILD)/obj/tests/unit/%.o: CPPFLAGS += -Itests/unit/support
$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(UNIT_SUPPORT) $(BUILD)/libcollector.a \
                  $(BUILD)/libreport.a $(BUILD)/libcommon.a
	@mkdir -p $(@D)
	$(CC) $(OPT) -o $@ $^ $(LDLIBS_ALL) $(shell $(PKG_CONFIG) --libs cmocka)

# The test targets first install what the tests need, then build and run
# in a make of their own: it looks for libraries once they are installed.
unit: test-deps
	$(MAKE) unit-run
unit-run: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; (cd tests/unit && ../../$$t); done

e2e: test-deps
	$(MAKE) e2e-run
e2e-run: all $(BUILD)/tests/test_dbi
	python3 tests/reference/test_ref.py
	bash tests/e2e/run-cases.sh $(abspath $(BINDIR))
	bash tests/e2e/run-scripts.sh $(abspath $(BINDIR))
	ODSTAT_TEST_DBI=$(abspath $(BUILD)/tests/test_dbi) bash tests/e2e/run-pg.sh $(abspath $(BINDIR))

# libFuzzer targets (clang): the line parser, the rule matcher, the log
# formats, the catalog importers and the catalog URL matcher. `make fuzz`
# runs each for FUZZ_SECONDS; `make test` includes a short run.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 10
FUZZ_FLAGS    = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) $(PKG_CFLAGS)
FUZZ_LOGLINE := collector/formats/logline.c common/civil.c
FUZZ_RULES   := collector/rules.c collector/target.c common/msg.c common/status.c common/textfile.c
FUZZ_FORMATS := $(wildcard collector/formats/*.c) common/civil.c common/msg.c \
                common/status.c
FUZZ_CATALOG := $(wildcard collector/import/*.c) collector/doi.c common/pubid.c collector/urlmap.c collector/rules.c collector/target.c \
                common/db.c common/dbi.c common/dbi/sqlite.c common/dbi/pg.c common/siphash.c \
                common/json.c common/civil.c common/msg.c common/status.c \
                common/textfile.c common/version.c $(BUILD)/gen/sql_migrations.c
FUZZ_URLMAP  := collector/urlmap.c collector/target.c common/db.c common/dbi.c common/dbi/sqlite.c common/dbi/pg.c common/siphash.c common/msg.c common/status.c \
                common/version.c $(BUILD)/gen/sql_migrations.c
FUZZ_TARGETS := logline rules formats catalog urlmap

build/fuzz/fuzz_logline: tests/fuzz/fuzz_logline.c $(FUZZ_LOGLINE)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^
build/fuzz/fuzz_rules: tests/fuzz/fuzz_rules.c $(FUZZ_RULES)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^
build/fuzz/fuzz_formats: tests/fuzz/fuzz_formats.c $(FUZZ_FORMATS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^
build/fuzz/fuzz_catalog: tests/fuzz/fuzz_catalog.c $(FUZZ_CATALOG)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(PKG_LIBS)

build/fuzz/fuzz_urlmap: tests/fuzz/fuzz_urlmap.c $(FUZZ_URLMAP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(PKG_LIBS)

fuzz: test-deps
	$(MAKE) fuzz-run
fuzz-run: $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
	@set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p build/fuzz/corpus-$$t; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=0 \
	        -artifact_prefix=build/fuzz/ \
	        build/fuzz/corpus-$$t tests/fuzz/seeds/$$t 2>&1 | grep -E '^(#[0-9]+.*DONE|==[0-9]+==|SUMMARY)' || true; \
	    test "$${PIPESTATUS[0]}" = 0; \
	done

test: test-deps
	$(MAKE) unit-run e2e-run
	$(MAKE) fuzz-run FUZZ_SECONDS=5

fuzz-short: test-deps
	$(MAKE) fuzz-run FUZZ_SECONDS=5

# check: everything, then again under ASan/UBSan, then the zlib-only
# collector (no ISA-L) and report (no xlsx) through the unit and
# end-to-end tests (the arrival-order property test with one seed each
# there, three here).
check: test
	PROPERTY_SEEDS=101 $(MAKE) BUILD=build/asan BINDIR=build/asan/bin SAN=1 test
	PROPERTY_SEEDS=202 $(MAKE) BUILD=build/zlib BINDIR=build/zlib/bin ISAL=0 XLSX=0 unit-run e2e-run

bench: all
	bash bench/bench.sh $(BINDIR)
	bash bench/reports.sh $(BINDIR)
	bash bench/pg.sh $(BINDIR)

# The demo needs only what builds and runs odstat (make deps), not the
# test tools; it builds in a make of its own so that ISA-L is found once
# pkg-config is installed.
demo: deps
	$(MAKE) --no-print-directory all
	rm -f demo.db demo.db-wal demo.db-shm
	@echo "== sample-logs/ holds some broken lines on purpose: the 'rejected line' notes"
	@echo "   below are expected (odstat shows the first ten, then counts the rest)"
	./odstat-collect -d demo.db --catalog sample-logs/catalog.csv \
	    sample-logs/portal-a.access.log* sample-logs/portal-b.access.log*
	@echo; echo "== odstat-report daily (first rows)"
	@./odstat-report daily -d demo.db | head -n 8
	@echo; echo "== odstat-report top --period 2024-03 --lang zh-TW --calendar roc --format md"
	@./odstat-report top -d demo.db --period 2024-03 --lang zh-TW --calendar roc --format md
	@echo; echo "== odstat-report summary --period 2024-03"
	@./odstat-report summary -d demo.db --period 2024-03
	@echo; echo "== to run the README's examples as written, first:"
	@echo '   export PATH="$$PWD:$$PATH" ODSTAT_DB="$$PWD/demo.db"'

# deps PACKAGES...: installs what is missing as root, else prints the line.
define install_debs
	@missing=""; for p in $(1); do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "all $(2) are installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	else echo "missing Debian packages; run as root:"; \
	    echo "  apt-get install -y$$missing"; exit 1; fi
endef

deps:
	$(call install_debs,$(DEB_BUILD) $(DEB_OPTIONAL),build dependencies)

test-deps: deps
	$(call install_debs,$(DEB_TEST),test dependencies)

MAN1 := docs/man/odstat-collect.1 docs/man/odstat-report.1
MAN5 := docs/man/odstat-files.5
# The version is written in common/version.h only; the installed man pages
# get it from there.
VERSION = $(shell sed -n 's/^\#define ODSTAT_VERSION "\(.*\)"$$/\1/p' common/version.h)

install: all
	$(MAKE) install-files

# install-files copies what is built; the tests call it with DESTDIR.
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BINDIR)/odstat-collect $(BINDIR)/odstat-report $(DESTDIR)$(PREFIX)/bin/
	for page in $(MAN1) $(MAN5); do \
	    sed 's/@VERSION@/$(VERSION)/' $$page > $(DESTDIR)$(MANDIR)/man$${page##*.}/$${page##*/}; \
	    chmod 644 $(DESTDIR)$(MANDIR)/man$${page##*.}/$${page##*/}; done
	install -m 644 tools/odstat.bash-completion $(DESTDIR)$(BASHCOMPDIR)/odstat-collect
	ln -sf odstat-collect $(DESTDIR)$(BASHCOMPDIR)/odstat-report

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/odstat-collect $(DESTDIR)$(PREFIX)/bin/odstat-report \
	    $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1))) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5))) \
	    $(DESTDIR)$(BASHCOMPDIR)/odstat-collect $(DESTDIR)$(BASHCOMPDIR)/odstat-report

clean:
	rm -rf build odstat-collect odstat-report demo.db demo.db-wal demo.db-shm

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
