# agenda-sync — the two commands a fresh Debian 12 machine with Swift needs:
#   make demo   runs the whole loop on the built-in sample council (no network, no root)
#   make test   runs the whole test suite, then checks the systemd unit (make check-unit)
# Both install the Debian packages they need first (through sudo when not root).

SWIFT ?= swift
# Build: the -dev packages and pkg-config. Tests: tzdata, python3 and aiosmtpd (receivers, SMTP
# server), python3-icalendar and python3-feedparser (independent parsers of the calendar and Atom
# files), python3-pip (for PYTHON_PACKAGES), openssl (TLS certificates and servers), systemd
# (systemd-analyze for check-unit), prometheus (promtool, which checks the daemon's /metrics; ~19 MB).
DEBS  := libcurl4-openssl-dev libsqlite3-dev libxml2-dev libssl-dev zlib1g-dev libzstd-dev libxxhash-dev libmimalloc-dev pkg-config tzdata python3 python3-aiosmtpd \
         python3-icalendar python3-feedparser python3-pip openssl systemd prometheus binutils xxhash zstd
# PyPI packages the test scripts import, installed into .build/python (Debian packages none of them):
# the Standard Webhooks reference implementation, which the webhook receiver verifies with.
PYTHON_PACKAGES := standardwebhooks==1.1.0

.PHONY: deps test-deps build demo test check-imports check-unit bench soak release clean

deps:
	@missing=""; \
	for p in $(DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The PyPI packages, for the tests and the benchmark (which run the tests' webhook receiver).
test-deps: deps
	@[ -f .build/python/.installed ] && [ "$$(cat .build/python/.installed)" = "$(PYTHON_PACKAGES)" ] || { \
		echo "installing into .build/python: $(PYTHON_PACKAGES)"; \
		/usr/bin/python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
			--no-deps --upgrade --target .build/python $(PYTHON_PACKAGES) && \
		echo "$(PYTHON_PACKAGES)" > .build/python/.installed; }

build: deps
	$(SWIFT) build

demo: deps
	$(SWIFT) build --product agenda-sync
	"$$($(SWIFT) build --show-bin-path)/agenda-sync" demo $(DEMO_ARGS)

# Every import of a module of this package or of its dependencies must be declared in
# Package.swift (Scripts/check-imports); its own test first.
check-imports: deps
	/usr/bin/python3 -m unittest discover --start-directory Scripts --pattern 'test_*.py'
	Scripts/check-imports

test: test-deps check-imports
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	systemd/check-unit "$$($(SWIFT) build --show-bin-path)/agenda-sync"

# systemd-analyze verify + security --offline=true (exposure ≤ 1.5) on systemd/agenda-sync.service,
# systemd-analyze comes with Debian's systemd package, which `make deps` installs.
check-unit: deps
	$(SWIFT) build --product agenda-sync
	systemd/check-unit "$$($(SWIFT) build --show-bin-path)/agenda-sync"

# The release build links the Swift runtime and Foundation in, as docs/operations.md installs it (and
# `make bench` measures it): fewer libraries to load and relocate at every start, a smaller resident set.
RELEASE := -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE) --product agenda-sync

# The benchmark's peer: lxml+XPath (Benchmarks/lxml_extract.py) for /usr/bin/python3, measured on the same pages.
BENCH_DEBS := python3-lxml

# URLWATCH=/path/to/urlwatch (e.g. a venv outside the repo) also measures urlwatch on the same corpus.
bench: test-deps
	$(MAKE) deps DEBS="$(BENCH_DEBS)"
	$(SWIFT) build $(RELEASE) --product agenda-sync
	$(SWIFT) build $(RELEASE) --product agenda-sync-bench
	"$$($(SWIFT) build $(RELEASE) --show-bin-path)/agenda-sync-bench" $(BENCH_ARGS)

# Just the soak: the release daemon for 2,000 cycles, RSS after 100 vs after 2,000 (a few minutes).
soak: deps
	$(SWIFT) build $(RELEASE) --product agenda-sync
	$(SWIFT) build $(RELEASE) --product agenda-sync-bench
	"$$($(SWIFT) build $(RELEASE) --show-bin-path)/agenda-sync-bench" --skip-extraction --skip-sync --skip-delivery $(BENCH_ARGS)

clean:
	rm -rf .build
