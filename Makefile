# packprod: `make run` to try it, `make test` to check it (README.md).
PRESET ?= release
BUILD  := build/$(PRESET)
BIN    := $(BUILD)/packprod
DB     ?= sqlite:./data/packprod.db
HOST   ?= 127.0.0.1
PORT   ?= 8080

.PHONY: all deps build web test run deb unit integration e2e fuzz bench soak format clean

all: build

deps:
	@scripts/install-deps

build: deps web
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

# The dashboard (web/dist, served by `packprod serve`): rebuilt only when its sources,
# config or lockfile are newer than the last build.
WEB_SRC := $(shell find web/src web/public -type f 2>/dev/null) \
	$(wildcard web/index.html web/package.json web/package-lock.json web/vite.config.ts \
	           web/tsconfig.json)

web: web/dist/index.html

web/dist/index.html: $(WEB_SRC) | deps
	@cd web && npm run --silent build
	@touch $@

# Every test: unit (GoogleTest) and integration (a real server over HTTP, real SQLite).
test: build
	@ctest --preset $(PRESET) -j2

unit: build
	@ctest --preset $(PRESET) -j2 -LE 'integration|e2e'

integration: build
	@ctest --preset $(PRESET) -L integration

# The dashboard in a headless browser against a real server (screenshots: $(BUILD)/e2e-output).
e2e: build
	@ctest --preset $(PRESET) -L e2e --output-on-failure

# Builds the product (not the tests), creates a demo shop and an admin key where there
# are none, starts the server. The binary is $(BIN).
run: deps web
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) --target packprod
	@BIN=$(BIN) DB=$(DB) HOST=$(HOST) PORT=$(PORT) scripts/run-demo

# The Debian package: build/packprod_<version>_<arch>.deb (stripped) and its debug symbols
# (build/packprod-dbgsym_*.ddeb). Install with `apt install ./build/packprod_*.deb`.
deb: deps web
	@cmake --preset release >/dev/null
	@cmake --build --preset release --target packprod man
	@cd build/release && cpack -G DEB -B $(CURDIR)/build >/dev/null
	@rm -rf build/_CPack_Packages
	@ls -1 build/*.deb build/*.ddeb

# The parsers of outside input (import JSON and CSV, the request target, the dashboard's
# path resolver) under libFuzzer with ASan and UBSan, FUZZ_SECONDS per target (clang).
FUZZ_SECONDS ?= 600
fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz --target fuzz_import fuzz_csv fuzz_email fuzz_request_target \
	  fuzz_static_path
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz

# The benchmark of the product spec's targets (bench/README.md); BENCH_ORDERS=100000 for a
# quick run. Prints a table and writes bench/results/latest.json.
bench: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release --target packprod
	@BIN=build/release/packprod bench/run

# The reliability targets on both stores (kill -9 x20, mixed load 60 s, abusive clients,
# disk full, PostgreSQL stopped): prints a table, fails on any loss. `make test` runs a
# short version (soak.short).
soak: build
	@scripts/soak --bin $(BIN)

format:
	@clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h')

clean:
	rm -rf build web/dist
