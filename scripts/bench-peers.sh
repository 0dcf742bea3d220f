#!/usr/bin/env bash
# `make bench-peers`: rsr against the CPU engines of ../shared/tools/peers on the same network shapes, in
# one run: for each shape and thread count, rsr bench --speed --json, bench_peers.py, rsr again (the rsr
# figure is the median of both rsr runs' samples' medians), then the ratio table:
# best peer network-only median / rsr pipeline (bicubic + network + add) median.
# PEERS_PYTHON: a venv with numpy onnx onnxruntime openvino ncnn (outside the repo). RUNS: timed runs each.
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=${PEERS:-../shared/tools/peers}
PYTHON=${PEERS_PYTHON:-/work/venv/bin/python}
RSR=${RSR:-.build/release/rsr}
RUNS=${RUNS:-10}
ENGINES=${ENGINES:-onnxruntime,openvino,ncnn}
THREAD_COUNTS=${THREAD_COUNTS:-"2 1"}
OUT=${OUT:-out/bench-peers}
mkdir -p "$OUT"
[ -x "$PYTHON" ] || { echo "bench-peers: no python at $PYTHON (set PEERS_PYTHON to a venv with the peers' packages)" >&2; exit 1; }
WEIGHTS=$(cd "$PEERS/weights" && pwd)
# name:rsr arguments (commas for spaces):peers weights:LR size. The shipped models have the peers' shapes.
SHAPES=${SHAPES:-"x2:--scale,2:weights_c32_b8_x2.safetensors:512 x4:--scale,4:weights_c32_b8_x4.safetensors:512 wide:--scale,2,--model,$WEIGHTS/weights_c64_b16_x2.safetensors:weights_c64_b16_x2.safetensors:256"}
read -r -a shapes <<< "$SHAPES"
for threads in $THREAD_COUNTS; do
  for shape in "${shapes[@]}"; do
    IFS=':' read -r name rsrArgs weights size <<< "$shape"
    rsrArgs=${rsrArgs//,/ }
    tag="$name-$size-t$threads"
    echo "== $tag" >&2
    # shellcheck disable=SC2086
    "$RSR" bench --speed --json --size "$size" --runs "$RUNS" --threads "$threads" $rsrArgs > "$OUT/$tag.rsr1.json"
    PEERS_THREADS=$threads "$PYTHON" "$PEERS/bench_peers.py" --weights "$WEIGHTS/$weights" --size "$size" \
      --engines "$ENGINES" --variants net,full_dw --no-ref --runs "$RUNS" > "$OUT/$tag.peers.txt"
    # shellcheck disable=SC2086
    "$RSR" bench --speed --json --size "$size" --runs "$RUNS" --threads "$threads" $rsrArgs > "$OUT/$tag.rsr2.json"
  done
done
"$PYTHON" - "$OUT" <<'PY'
import json, sys, glob, os
out = sys.argv[1]
print("| shape | threads | " + " | ".join(["onnxruntime net", "openvino net", "ncnn net", "ORT full_dw", "OV full_dw"])
      + " | rsr network | rsr pipeline | best peer net / rsr pipeline |")
print("|---|---|---|---|---|---|---|---|---|---|")
for peers in sorted(glob.glob(os.path.join(out, "*.peers.txt"))):
    tag = os.path.basename(peers)[:-len(".peers.txt")]
    rows = [json.loads(l) for l in open(peers) if l.startswith("{")]
    ms = {(r["engine"], r["variant"]): r.get("median_ms") for r in rows}
    rsr = [json.load(open(os.path.join(out, f"{tag}.rsr{i}.json"))) for i in (1, 2)]
    net = sum(r["network"]["median_ms"] for r in rsr) / 2
    pipe = sum(r["pipeline"]["median_ms"] for r in rsr) / 2
    nets = [v for (e, var), v in ms.items() if var == "net" and v]
    cells = [ms.get(k) for k in [("onnxruntime", "net"), ("openvino", "net"), ("ncnn", "net"),
                                 ("onnxruntime", "full_dw"), ("openvino", "full_dw")]]
    name, size, t = tag.rsplit("-", 2)
    print(f"| {name} {size}x{size} | {t[1:]} | " + " | ".join(f"{c:.0f}" if c else "-" for c in cells)
          + f" | {net:.0f} | {pipe:.0f} | {min(nets) / pipe:.2f}x |")
PY
