#!/usr/bin/env bash
# Cost per megapixel of `rsr upscale` from 128x128 to 4096x4096 inputs (the tiled CLI path, as users run
# it): each size gets a folder of copies of one image holding about the same pixels (4 Mpx; 16 Mpx at
# 4096), upscaled x2 by the shipped model to uncompressed TIFF (so the codecs cost little), timed with
# /usr/bin/time: wall ms per input megapixel and peak RSS, the best of RUNS runs. Prints a markdown
# table. RSR, RUNS (default 2), SIZES, OUT (default out/scaling) override. Time it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RSR=${RSR:-.build/release/rsr}
RUNS=${RUNS:-2}
SIZES=${SIZES:-"128 256 512 1024 2048 4096"}
OUT=${OUT:-out/scaling}
[ -x "$RSR" ] || { echo "scaling-bench: no rsr binary at $RSR (make build)" >&2; exit 1; }
mkdir -p "$OUT"

# One source image per size: an RGB gradient written by scripts/fault-images.c (the network's cost does
# not depend on the content; PNG level 1 decodes in a small fraction of the upscale's time).
CC=${CC:-cc}
"$CC" -O2 scripts/fault-images.c -lpng -o "$OUT/fault-images"
source_image() {
  [ -f "$OUT/rgb$1.png" ] || "$OUT/fault-images" "$OUT" "$1"
  echo "$OUT/rgb$1.png"
}

echo "| input | images | Mpx in | wall s | ms per Mpx | peak RSS MB |"
echo "|---|---|---|---|---|---|"
for size in $SIZES; do
  pixels=$((size * size))
  total=$(( size >= 4096 ? 16 * 1024 * 1024 : 4 * 1024 * 1024 ))
  count=$(( (total + pixels - 1) / pixels ))
  folder="$OUT/in-$size"
  if [ "$(ls "$folder" 2>/dev/null | wc -l)" != "$count" ]; then
    rm -rf "$folder" && mkdir -p "$folder"
    src=$(source_image "$size")
    for i in $(seq -w 1 "$count"); do cp "$src" "$folder/p$i.png"; done
  fi
  best_wall="" best_rss=""
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT/result"
    /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$RSR" upscale "$folder" -o "$OUT/result" --scale 2 --format tif \
      --tiff-compression none --quiet
    read -r wall rss < "$OUT/time.txt"
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; fi
    if [ -z "$best_rss" ] || (( rss > best_rss )); then best_rss=$rss; fi
  done
  rm -rf "$OUT/result"
  mpx=$(awk "BEGIN{printf \"%.2f\", $count * $pixels / 1e6}")
  echo "| ${size}x${size} | $count | $mpx | $best_wall | $(awk "BEGIN{printf \"%.0f\", 1000 * $best_wall / $mpx}") | $((best_rss / 1024)) |"
done
