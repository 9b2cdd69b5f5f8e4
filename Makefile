# odstat - build, test and install. Plain GNU make; libraries via pkg-config.
#
#   make            build odstat-collect and odstat-report here
#   make test       unit tests (cmocka) and end-to-end tests of the binaries
#   make check      the same tests again under AddressSanitizer and UBSan
#   make demo       ingest sample-logs/ and print a daily table
#   make deps       install the Debian packages (or print the apt-get line)
#   make install PREFIX=/usr/local

SHELL    := /bin/bash
CC       ?= cc
PREFIX   ?= /usr/local
BUILD    ?= build/release
BINDIR   ?= .
PKG_CONFIG ?= pkg-config
PKGS     := zlib sqlite3 libpcre2-8 libmaxminddb
DEB_PKGS := build-essential pkg-config util-linux sqlite3 zlib1g-dev libsqlite3-dev libmaxminddb-dev \
            libcmocka-dev libpcre2-dev python3 clang libclang-rt-14-dev libisal-dev \
            libxml2-utils librsvg2-bin python3-jsonschema

# ISA-L's igzip inflates gzip about five times faster than zlib. It is used
# when pkg-config finds libisal (Debian: libisal-dev); `make ISAL=0` builds
# the zlib-only collector. Only collector/gzip_isal.c depends on the choice.
ifndef ISAL
ISAL := $(shell $(PKG_CONFIG) --exists libisal && echo 1 || echo 0)
endif
ifeq ($(ISAL),1)
PKGS     += libisal
endif

WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-missing-field-initializers
OPT      ?= -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ifeq ($(SAN),1)
OPT      := -O1 -g $(SAN_FLAGS)
endif
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS))
CPPFLAGS += -Icommon -Icollector -Ireport
ALL_CFLAGS = $(WARN) $(OPT) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lpthread -lm $(LDLIBS)

COMMON_SRC    := $(wildcard common/*.c)
COLLECTOR_SRC := $(filter-out collector/main.c,$(wildcard collector/*.c))
REPORT_SRC    := $(filter-out report/main.c,$(wildcard report/*.c))
GEN_SRC       := $(BUILD)/gen/sql_migrations.c $(BUILD)/gen/agent_lists.c
MIGRATIONS    := $(sort $(wildcard sql/[0-9]*.sql))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
COMMON_OBJ    := $(call obj,$(COMMON_SRC)) $(BUILD)/obj/gen/sql_migrations.o
COLLECTOR_OBJ := $(call obj,$(COLLECTOR_SRC)) $(BUILD)/obj/gen/agent_lists.o
REPORT_OBJ    := $(call obj,$(REPORT_SRC))

UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all test check unit e2e demo deps install clean fuzz fuzz-short bench FORCE
.SECONDARY:
all: $(BINDIR)/odstat-collect $(BINDIR)/odstat-report

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/sql_migrations.c: $(MIGRATIONS) $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed sql_migrations $(MIGRATIONS) > $@

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
$(BUILD)/obj/collector/gzip_isal.o: $(BUILD)/isal-flag
ifeq ($(ISAL),1)
$(BUILD)/obj/collector/gzip_isal.o: CPPFLAGS += -DODSTAT_HAVE_ISAL
endif

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

# Unit tests link the module libraries and cmocka.
$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(BUILD)/libcollector.a $(BUILD)/libreport.a \
                  $(BUILD)/libcommon.a
	@mkdir -p $(@D)
	$(CC) $(OPT) -o $@ $^ $(LDLIBS_ALL) $(shell $(PKG_CONFIG) --libs cmocka)

unit: deps $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; (cd tests/unit && ../../$$t); done

e2e: deps all
	python3 tests/reference/test_ref.py
	bash tests/e2e/run-cases.sh $(abspath $(BINDIR))
	bash tests/e2e/run-scripts.sh $(abspath $(BINDIR))

# libFuzzer targets (clang): the line parser and the rule matcher. `make
# fuzz` runs each for FUZZ_SECONDS; `make test` includes a short run.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 10
FUZZ_FLAGS   := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) $(PKG_CFLAGS)
FUZZ_LOGLINE := collector/logline.c common/civil.c
FUZZ_RULES   := collector/rules.c collector/target.c common/msg.c common/status.c common/textfile.c
FUZZ_FORMATS := $(wildcard collector/format*.c) collector/logline.c common/civil.c common/msg.c \
                common/status.c

build/fuzz/fuzz_logline: tests/fuzz/fuzz_logline.c $(FUZZ_LOGLINE)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^
build/fuzz/fuzz_rules: tests/fuzz/fuzz_rules.c $(FUZZ_RULES)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^
build/fuzz/fuzz_formats: tests/fuzz/fuzz_formats.c $(FUZZ_FORMATS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^

fuzz: deps build/fuzz/fuzz_logline build/fuzz/fuzz_rules build/fuzz/fuzz_formats
	@set -e; for t in logline rules formats; do \
	    mkdir -p build/fuzz/corpus-$$t; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=0 \
	        -artifact_prefix=build/fuzz/ \
	        build/fuzz/corpus-$$t tests/fuzz/seeds/$$t 2>&1 | grep -E '^(#[0-9]+.*DONE|==[0-9]+==|SUMMARY)' || true; \
	    test "$${PIPESTATUS[0]}" = 0; \
	done

test: unit e2e fuzz-short

fuzz-short:
	$(MAKE) fuzz FUZZ_SECONDS=5

# check: everything, then again under ASan/UBSan, then the zlib-only
# collector (no ISA-L) through the unit and end-to-end tests.
check: test
	$(MAKE) BUILD=build/asan BINDIR=build/asan/bin SAN=1 test
	$(MAKE) BUILD=build/zlib BINDIR=build/zlib/bin ISAL=0 unit e2e

bench: all
	bash bench/bench.sh $(BINDIR)
	bash bench/reports.sh $(BINDIR)

demo: deps all
	rm -f demo.db demo.db-wal demo.db-shm
	./odstat-collect -d demo.db --catalog sample-logs/catalog.csv \
	    sample-logs/portal-a.access.log* sample-logs/portal-b.access.log*
	@echo; echo "== odstat-report daily (first rows)"
	@./odstat-report daily -d demo.db | head -n 8
	@echo; echo "== odstat-report top --period 2024-03 --lang zh-TW --calendar roc --format md"
	@./odstat-report top -d demo.db --period 2024-03 --lang zh-TW --calendar roc --format md
	@echo; echo "== odstat-report summary --period 2024-03"
	@./odstat-report summary -d demo.db --period 2024-03

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "all build dependencies are installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	else echo "missing Debian packages; run as root:"; \
	    echo "  apt-get install -y$$missing"; exit 1; fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BINDIR)/odstat-collect $(BINDIR)/odstat-report $(DESTDIR)$(PREFIX)/bin/

clean:
	rm -rf build odstat-collect odstat-report demo.db demo.db-wal demo.db-shm

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
