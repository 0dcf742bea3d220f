# ResidualSR. `make demo` and `make test` work on a fresh Debian machine with Swift 6:
# `setup` installs the C libraries only when they are missing.

APT_PACKAGES := libpng-dev libjpeg-dev libopenblas-dev pkg-config
SWIFT        ?= swift
# Tests run optimised: the numeric kernels are 10-50x slower in a debug build.
TEST_FLAGS   := -c release -Xswiftc -enable-testing
RSR          := .build/release/rsr

.PHONY: setup build test demo bench bench-peers loadtest clean

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

# rsr against onnxruntime/openvino/ncnn (../shared/tools/peers) in one run, 2 and 1 threads; prints the
# ratio table. Needs PEERS_PYTHON=<venv>/bin/python with the peers' packages (a venv outside the repo).
bench-peers: build
	bash scripts/bench-peers.sh

# A bounded load run of `rsr serve` on loopback with wrk (installed from apt when missing); fails on any
# 5xx. Tune with LOADTEST_DURATION=20s LOADTEST_CONNECTIONS=8 LOADTEST_PORT=18181.
loadtest: build
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk curl; }
	bash scripts/loadtest.sh

clean:
	rm -rf .build out
