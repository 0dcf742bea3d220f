# ResidualSR. `make demo` and `make test` work on a fresh Debian machine with Swift 6:
# `setup` installs the C libraries only when they are missing.

APT_PACKAGES := libpng-dev libjpeg-dev libwebp-dev libtiff-dev libavif-dev libopenblas-dev pkg-config chromium-headless-shell
SWIFT        ?= swift
# One build configuration for the tool, the demo and the tests: optimised (the numeric kernels are
# 10-50x slower in a debug build) with testing enabled, so `make demo` then `make test` build once.
BUILD_FLAGS  := -c release -Xswiftc -enable-testing
RSR          := .build/release/rsr

# `make install PREFIX=/usr/local DESTDIR=...`: the binary, the shipped models where `rsr` looks for
# them (PREFIX/share/residualsr/models), shell completions and a man page.
PREFIX       ?= /usr/local
BINDIR       := $(DESTDIR)$(PREFIX)/bin
SHAREDIR     := $(DESTDIR)$(PREFIX)/share
MODELS       := Models/rsr-x2.safetensors Models/rsr-x3.safetensors Models/rsr-x4.safetensors
GENMAN       := .build/release/generate-manual
INSTALLED    := $(BINDIR)/rsr \
                $(addprefix $(SHAREDIR)/residualsr/models/,$(notdir $(MODELS))) \
                $(SHAREDIR)/bash-completion/completions/rsr \
                $(SHAREDIR)/zsh/site-functions/_rsr \
                $(SHAREDIR)/fish/vendor_completions.d/rsr.fish \
                $(SHAREDIR)/man/man1/rsr.1

.PHONY: setup build test test-sanitize fuzz fault-inject soak demo bench bench-peers loadtest clean install uninstall test-install

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
	$(SWIFT) build $(BUILD_FLAGS)

test: setup
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build
	bash scripts/test-install.sh

# The test suite under AddressSanitizer (with LeakSanitizer), then (separately) ThreadSanitizer: the
# threaded convolution, the batch pipeline and the server. Optimised like `make test` (the kernels are
# 10-50x slower in a debug build); each sanitizer has its own build folder. SANITIZE_FILTER=<regex>
# narrows the test runs (default: every test). Suppressions, each with its reason: scripts/sanitizers/.
SANITIZE_FILTER ?=
SANITIZE_TEST    = --skip-build $(if $(SANITIZE_FILTER),--filter '$(SANITIZE_FILTER)')
test-sanitize: setup
	$(SWIFT) build $(BUILD_FLAGS) --sanitize=address --build-tests --scratch-path .build/asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/sanitizers/lsan.supp \
	  $(SWIFT) test $(BUILD_FLAGS) --sanitize=address --scratch-path .build/asan $(SANITIZE_TEST)
	$(SWIFT) build $(BUILD_FLAGS) --sanitize=thread --build-tests --scratch-path .build/tsan
	TSAN_OPTIONS=second_deadlock_stack=1:suppressions=$(CURDIR)/scripts/sanitizers/tsan.supp \
	  $(SWIFT) test $(BUILD_FLAGS) --sanitize=thread --scratch-path .build/tsan $(SANITIZE_TEST)

# Disk full, read-only output, output path a folder, inputs deleted mid-run, 50 SIGKILLs of folder runs
# then a rerun, and the odd sizes (1x1 ... a 16-bit 64-Mpx image) with peak RSS (scripts/fault-inject.sh).
fault-inject: build
	bash scripts/fault-inject.sh

# `rsr serve` on loopback for SOAK_SECONDS (default 600) under valid, invalid, slow and vanishing
# clients: fails on an unexpected 5xx, RSS growth after warm-up or leaked descriptors (scripts/soak.sh).
soak: build
	@command -v curl >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq curl; }
	bash scripts/soak.sh

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

install: build
	$(SWIFT) build $(BUILD_FLAGS) --product generate-manual
	install -d $(BINDIR) $(SHAREDIR)/residualsr/models $(SHAREDIR)/bash-completion/completions \
	  $(SHAREDIR)/zsh/site-functions $(SHAREDIR)/fish/vendor_completions.d $(SHAREDIR)/man/man1
	install -m 755 $(RSR) $(BINDIR)/rsr
	install -m 644 $(MODELS) $(SHAREDIR)/residualsr/models/
	$(RSR) --generate-completion-script bash > $(SHAREDIR)/bash-completion/completions/rsr
	$(RSR) --generate-completion-script zsh > $(SHAREDIR)/zsh/site-functions/_rsr
	$(RSR) --generate-completion-script fish > $(SHAREDIR)/fish/vendor_completions.d/rsr.fish
	$(GENMAN) $(RSR) --output-directory - > $(SHAREDIR)/man/man1/rsr.1
	@echo "installed rsr into $(DESTDIR)$(PREFIX)"

# Removes exactly what `install` wrote, then the folders it made if they are left empty.
uninstall:
	rm -f $(INSTALLED)
	-rmdir $(SHAREDIR)/residualsr/models $(SHAREDIR)/residualsr 2>/dev/null

# Install into a temporary prefix, upscale a sample from there with no environment variable, uninstall
# and check that nothing is left behind (part of `make test`).
test-install: build
	bash scripts/test-install.sh

clean:
	rm -rf .build out
