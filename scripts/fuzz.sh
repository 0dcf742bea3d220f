#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/) with address and undefined-behaviour sanitizers, generates the
# seed corpora with the project's own encoders, and runs each harness for FUZZ_SECONDS (default 60).
# Fails on any finding: a crash, a sanitizer report, an input slower than FUZZ_TIMEOUT seconds
# (default 10) or over FUZZ_RSS_MB of memory. Findings land in .build/fuzz/findings/; the growing
# corpora in .build/fuzz/corpus/ (reused by the next run). FUZZ_TARGETS limits which harnesses run.
# FUZZ_BUILD=0 reuses the harnesses and seeds of the last build (long background runs build once,
# under the CPU lock, with FUZZ_SECONDS=0, then run each target without rebuilding).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
TIMEOUT=${FUZZ_TIMEOUT:-10}
RSS_MB=${FUZZ_RSS_MB:-2048}
TARGETS=${FUZZ_TARGETS:-"png jpeg webp tiff avif image safetensors"}
CLANG=${CLANG:-$(dirname "$(readlink -f "$(command -v swift)")")/clang}
OUT=.build/fuzz
mkdir -p "$OUT/findings" "$OUT/corpus"

SANITIZE="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
CODECS=(Sources/CImageCodecs/*.c)
INCLUDES=(-I Sources/CImageCodecs/include -I Sources/CImageCodecs -I Tests/CImageTestSupport/include -I fuzz/c)
LIBS=(-lpng -ljpeg -lwebp -lwebpmux -lwebpdemux -ltiff -lavif)

build_harnesses() {
  echo "== seeds"
  "$CLANG" -O1 "${INCLUDES[@]}" fuzz/c/make_seeds.c "${CODECS[@]}" Tests/CImageTestSupport/*.c "${LIBS[@]}" -o "$OUT/make_seeds"
  rm -rf "$OUT/seeds"
  "$OUT/make_seeds" "$OUT/seeds"

  echo "== C harnesses"
  for codec in png jpeg webp tiff avif; do
    "$CLANG" -O1 -g $SANITIZE "${INCLUDES[@]}" "fuzz/c/fuzz_$codec.c" "${CODECS[@]}" "${LIBS[@]}" -o "$OUT/fuzz-$codec"
  done

  if [[ " $TARGETS " == *" image "* || " $TARGETS " == *" safetensors "* ]]; then
    echo "== Swift harnesses"
    swift build --package-path fuzz/swift --scratch-path "$OUT/swift" -c release \
      -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld
    bin=$(swift build --package-path fuzz/swift --scratch-path "$OUT/swift" -c release --show-bin-path)
    cp "$bin/FuzzImageDecode" "$OUT/fuzz-image"
    cp "$bin/FuzzSafeTensors" "$OUT/fuzz-safetensors"
  fi
}

if [[ ${FUZZ_BUILD:-1} != 0 ]]; then
  build_harnesses
fi
[[ $SECONDS_PER_TARGET == 0 ]] && exit 0

seeds_for() { case $1 in png|jpeg|webp|tiff|avif) echo "$OUT/seeds/$1" ;;
  image) echo "$OUT/seeds/png $OUT/seeds/jpeg $OUT/seeds/webp $OUT/seeds/tiff $OUT/seeds/avif" ;; safetensors) echo "$OUT/seeds/safetensors Models" ;; esac; }

status=0
for target in $TARGETS; do
  corpus="$OUT/corpus/$target"
  mkdir -p "$corpus"
  echo "== fuzz-$target for ${SECONDS_PER_TARGET}s"
  # shellcheck disable=SC2046
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 "$OUT/fuzz-$target" \
       -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$OUT/findings/$target-" "$corpus" $(seeds_for "$target") \
       2> "$OUT/fuzz-$target.log"; then
    echo "FINDING in fuzz-$target (see $OUT/fuzz-$target.log and $OUT/findings/)"
    status=1
  fi
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "$OUT/fuzz-$target.log" || true
done
exit $status
