# ResidualSR. `make demo` and `make test` work on a fresh Debian machine with Swift 6:
# `setup` installs the C libraries only when they are missing.

APT_PACKAGES := libpng-dev libjpeg-dev libopenblas-dev pkg-config
SWIFT        ?= swift
# Tests run optimised: the numeric kernels are 10-50x slower in a debug build.
TEST_FLAGS   := -c release -Xswiftc -enable-testing
RSR          := .build/release/rsr

.PHONY: setup build test test-sanitize fuzz demo bench loadtest clean

setup:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: setup
	$(SWIFT) build -c release

test: setup
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build

# The test suite under AddressSanitizer, then (separately) ThreadSanitizer: the threaded convolution,
# the batch pipeline and the server. Each has its own build folder.
test-sanitize: setup
	$(SWIFT) build --sanitize=address --build-tests --scratch-path .build/asan
	$(SWIFT) test --sanitize=address --skip-build --scratch-path .build/asan
	$(SWIFT) build --sanitize=thread --build-tests --scratch-path .build/tsan
	$(SWIFT) test --sanitize=thread --skip-build --scratch-path .build/tsan

# libFuzzer harnesses (fuzz/) for the PNG and JPEG shims, the Swift decode path and the model loader;
# each runs FUZZ_SECONDS (default 60) and any finding fails the target (scripts/fuzz.sh).
fuzz: setup
	bash scripts/fuzz.sh

# The shipped x2 model on every sample, with residual maps (what the network added over bicubic).
demo: build
	@rm -rf out/demo && mkdir -p out/demo
	@echo "rsr upscale Samples -o out/demo --scale 2 --residual out/demo/residual"
	@$(RSR) upscale Samples -o out/demo --scale 2 --residual out/demo/residual
	@echo "upscaled images:"; for f in out/demo/*.*; do echo "  $(CURDIR)/$$f"; done
	@echo "residual maps (SR - bicubic) and comparison strips:"; \
	  for f in out/demo/residual/*; do echo "  $(CURDIR)/$$f"; done

bench: build
	$(RSR) bench --speed

# A bounded load run of `rsr serve` on loopback with wrk (installed from apt when missing); fails on any
# 5xx. Tune with LOADTEST_DURATION=20s LOADTEST_CONNECTIONS=8 LOADTEST_PORT=18181.
loadtest: build
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk curl; }
	bash scripts/loadtest.sh

clean:
	rm -rf .build out
