#!/usr/bin/env bash
# `make bench-peers`: rsr against the CPU engines of ../shared/tools/peers on the same network shapes, in
# one run: for each shape and thread count, rsr bench --speed --json, bench_peers.py, rsr again (the rsr
# figure is the mean of both rsr runs' medians), then the ratio table:
# best peer network-only median / rsr pipeline (bicubic + network + add) median.
# PEERS_PYTHON: a venv with numpy onnx onnxruntime openvino ncnn (outside the repo). RUNS: timed runs each.
# SHAPES / THREAD_COUNTS select a part of the sweep (e.g. SHAPES=wide THREAD_COUNTS=1); TABLE_ONLY=1 only
# prints the table of what is in $OUT. Time it with the machine otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=${PEERS:-../shared/tools/peers}
PYTHON=${PEERS_PYTHON:-/work/venv/bin/python}
RSR=${RSR:-.build/release/rsr}
RUNS=${RUNS:-10}
THREAD_COUNTS=${THREAD_COUNTS:-"2 1"}
SHAPES=${SHAPES:-"x2 x3 x4 wide"}
OUT=${OUT:-out/bench-peers}
# bench_peers.py waits for other processes' CPU load to stop before each run; bound the wait.
MAX_WAIT=${MAX_WAIT:-120}
mkdir -p "$OUT"
[ -x "$PYTHON" ] || { echo "bench-peers: no python at $PYTHON (set PEERS_PYTHON to a venv with the peers' packages)" >&2; exit 1; }
[ -f "$PEERS/bench_peers.py" ] || { echo "bench-peers: no $PEERS/bench_peers.py (set PEERS)" >&2; exit 1; }
[ -x "$RSR" ] || { echo "bench-peers: no rsr binary at $RSR (make build)" >&2; exit 1; }
WEIGHTS=$(cd "$PEERS/weights" && pwd)
OUT_ABS=$(cd "$OUT" && pwd)

# oneDNN needs libdnnl's headers (the peers build their driver against them); it is optional.
if [ -z "${ENGINES:-}" ]; then
  ENGINES=onnxruntime,openvino,ncnn
  if [ -f /usr/include/oneapi/dnnl/dnnl.hpp ] || [ -f /usr/include/dnnl.hpp ]; then
    ENGINES=$ENGINES,onednn
  else
    echo "bench-peers: oneDNN (libdnnl-dev) is not installed: timing onnxruntime, openvino, ncnn only" >&2
  fi
fi

# The peers ship no x3 weights: make the same random (seed 0) C32/B8 net at x3 in $OUT, once.
weights_for() {
  case $1 in
    x2) echo "$WEIGHTS/weights_c32_b8_x2.safetensors" ;;
    x4) echo "$WEIGHTS/weights_c32_b8_x4.safetensors" ;;
    wide) echo "$WEIGHTS/weights_c64_b16_x2.safetensors" ;;
    x3)
      local file="$OUT_ABS/weights_c32_b8_x3.safetensors"
      [ -f "$file" ] || "$PYTHON" "$PEERS/make_weights.py" -C 32 -B 8 -s 3 --out "$file" >&2
      echo "$file" ;;
    *) echo "bench-peers: unknown shape $1 (x2 x3 x4 wide)" >&2; return 1 ;;
  esac
}
# rsr arguments and LR size per shape: the shipped models have the peers' shapes (C32/B8); the wide one is
# the peers' own file.
rsr_args_for() {
  case $1 in
    x2) echo "--scale 2" ;; x3) echo "--scale 3" ;; x4) echo "--scale 4" ;;
    wide) echo "--scale 2 --model $WEIGHTS/weights_c64_b16_x2.safetensors" ;;
  esac
}
size_for() { case $1 in wide) echo 256 ;; *) echo 512 ;; esac; }

if [ -z "${TABLE_ONLY:-}" ]; then
  for threads in $THREAD_COUNTS; do
    for name in $SHAPES; do
      weights=$(weights_for "$name")
      size=$(size_for "$name")
      tag="$name-$size-t$threads"
      echo "== $tag ($(date -u +%H:%M:%S))" >&2
      # shellcheck disable=SC2046
      "$RSR" bench --speed --json --size "$size" --runs "$RUNS" --threads "$threads" $(rsr_args_for "$name") \
        > "$OUT/$tag.rsr1.json"
      PEERS_THREADS=$threads "$PYTHON" "$PEERS/bench_peers.py" --weights "$weights" --size "$size" \
        --engines "$ENGINES" --variants net,full_dw --no-ref --runs "$RUNS" --max-wait "$MAX_WAIT" \
        > "$OUT/$tag.peers.txt"
      # shellcheck disable=SC2046
      "$RSR" bench --speed --json --size "$size" --runs "$RUNS" --threads "$threads" $(rsr_args_for "$name") \
        > "$OUT/$tag.rsr2.json"
    done
  done
fi

"$PYTHON" - "$OUT" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
engines = [("onnxruntime", "net"), ("openvino", "net"), ("ncnn", "net"), ("onednn", "net"),
           ("onnxruntime", "full_dw"), ("openvino", "full_dw")]
print("| shape | threads | ORT net | OV net | ncnn net | oneDNN net | ORT full_dw | OV full_dw "
      "| rsr network | rsr pipeline | rsr train step | best peer net / rsr pipeline |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
order = {"x2": 0, "x3": 1, "x4": 2, "wide": 3}
def key(path):
    name, size, t = os.path.basename(path)[:-len(".peers.txt")].rsplit("-", 2)
    return (-int(t[1:]), order.get(name, 9), name)
for peers in sorted(glob.glob(os.path.join(out, "*.peers.txt")), key=key):
    tag = os.path.basename(peers)[:-len(".peers.txt")]
    rsrFiles = [os.path.join(out, f"{tag}.rsr{i}.json") for i in (1, 2)]
    rows = [json.loads(l) for l in open(peers) if l.startswith("{")]
    if not rows or not all(os.path.exists(f) and os.path.getsize(f) for f in rsrFiles):
        print(f"| {tag} | incomplete run |")
        continue
    ms = {(r["engine"], r["variant"]): r.get("median_ms") for r in rows}
    rsr = [json.load(open(f)) for f in rsrFiles]
    net = sum(r["network"]["median_ms"] for r in rsr) / 2
    pipe = sum(r["pipeline"]["median_ms"] for r in rsr) / 2
    train = sum(r["training_step"]["median_ms"] for r in rsr) / 2
    nets = [v for (e, var), v in ms.items() if var == "net" and v]
    cells = [ms.get(k) for k in engines]
    name, size, t = tag.rsplit("-", 2)
    ratio = f"{min(nets) / pipe:.2f}x" if nets else "-"
    print(f"| {name} {size}x{size} | {t[1:]} | " + " | ".join(f"{c:.0f}" if c else "-" for c in cells)
          + f" | {net:.0f} | {pipe:.0f} | {train:.0f} | {ratio} |")
PY
