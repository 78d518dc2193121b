# agenda-sync — the two commands a fresh Debian 12 machine with Swift needs:
#   make demo   runs the whole loop on the built-in sample council (no network, no root)
#   make test   runs the whole test suite, then checks the systemd unit (make check-unit)
# Both install the Debian packages they need first (through sudo when not root).

SWIFT ?= swift
DEBS  := libcurl4-openssl-dev libsqlite3-dev libxml2-dev libssl-dev zlib1g-dev pkg-config tzdata python3 python3-aiosmtpd \
         python3-icalendar python3-feedparser

.PHONY: deps build demo test check-unit bench soak release clean

deps:
	@missing=""; \
	for p in $(DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

demo: deps
	$(SWIFT) build --product agenda-sync
	"$$($(SWIFT) build --show-bin-path)/agenda-sync" demo $(DEMO_ARGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	systemd/check-unit "$$($(SWIFT) build --show-bin-path)/agenda-sync"

# systemd-analyze verify + security --offline=true (exposure ≤ 1.5) on systemd/agenda-sync.service,
# installing Debian's systemd package for systemd-analyze if it is missing.
check-unit: deps
	$(SWIFT) build --product agenda-sync
	systemd/check-unit "$$($(SWIFT) build --show-bin-path)/agenda-sync"

release: deps
	$(SWIFT) build -c release --product agenda-sync

bench: deps
	$(SWIFT) build -c release --product agenda-sync
	$(SWIFT) build -c release --product agenda-sync-bench
	"$$($(SWIFT) build -c release --show-bin-path)/agenda-sync-bench" $(BENCH_ARGS)

# Just the soak: the release daemon for 2,000 cycles, RSS after 100 vs after 2,000 (a few minutes).
soak: deps
	$(SWIFT) build -c release --product agenda-sync
	$(SWIFT) build -c release --product agenda-sync-bench
	"$$($(SWIFT) build -c release --show-bin-path)/agenda-sync-bench" --skip-extraction --skip-sync --skip-delivery $(BENCH_ARGS)

clean:
	rm -rf .build
