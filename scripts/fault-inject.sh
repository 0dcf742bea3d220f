#!/usr/bin/env bash
# Fault injection for `rsr upscale` (docs/security.md): a full disk, a read-only output folder, an
# output path that is a folder, inputs deleted mid-run, FAULT_KILLS (default 50) SIGKILLs at random
# points of folder runs followed by a rerun, and the odd sizes (1x1, 1x100000, 100000x1, a 65535x65535
# header, a 16-bit 64-Mpx image) with their peak RSS. After every case: no partial or corrupt output
# (each output is byte-identical to the one an undisturbed run writes), no existing file changed, no
# temporary (`.<name>.rsr-XXXXXX`) left once a run completes. Prints one line per case; exits 1 on
# any failure.
#
# Mounts small tmpfs file systems for the disk-full and read-only cases: as root directly, otherwise in
# a user + mount namespace (`unshare -rm`, unprivileged where the kernel allows it). Without either,
# those two cases fall back to RLIMIT_FSIZE and a mode-0500 folder.
#   bash scripts/fault-inject.sh          (make fault-inject; RSR=path/to/rsr, FAULT_KILLS=N)
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
RSR=${RSR:-$REPO/.build/release/rsr}
KILLS=${FAULT_KILLS:-50}
CC=${CC:-cc}

if [[ $(id -u) != 0 && -z ${RSR_FAULT_NAMESPACE:-} ]] && unshare -rm true 2>/dev/null; then
  RSR_FAULT_NAMESPACE=1 exec unshare -rm -- "$0" "$@"
fi
can_mount() { [[ $(id -u) == 0 ]] && mount -t tmpfs -o size=64k tmpfs "$1" 2>/dev/null && umount "$1"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rsr-fault.XXXXXX")
MOUNTS=()
cleanup() {
  for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
failures=0
pass() { printf 'PASS  %-28s %s\n' "$1" "$2"; }
fail() { printf 'FAIL  %-28s %s\n' "$1" "$2"; failures=$((failures + 1)); }
# Stray temporaries of the tool under a folder.
temporaries() { find "$1" -name '.*.rsr-??????' 2>/dev/null; }
# Every file under $1 equals the file of the same name under $2 (the undisturbed run).
outputs_match() {
  local got=$1 want=$2 file
  while IFS= read -r file; do
    cmp -s "$got/$file" "$want/$file" || { echo "$file differs from the reference"; return 1; }
  done < <(cd "$got" && find . -type f ! -name '.*' ! -name 'notes.txt')
}
mount_tmpfs() { # folder, size, [ro]
  mkdir -p "$1"
  mount -t tmpfs -o "size=$2${3:+,$3}" tmpfs "$1" && MOUNTS+=("$1")
}

# Inputs: the samples under several names (PNG 8/16-bit, alpha, JPEG), a few hundred KB each.
mkdir -p "$WORK/in" "$WORK/odd"
for i in 1 2 3 4; do
  for sample in Samples/*.png Samples/*.jpg; do
    base=$(basename "$sample"); cp "$sample" "$WORK/in/${base%.*}-$i.${base##*.}"
  done
done
COUNT=$(ls "$WORK/in" | wc -l)
UPSCALE=("$RSR" upscale --method bicubic --scale 2 --threads 2 --quiet)
"${UPSCALE[@]}" "$WORK/in" -o "$WORK/reference" > "$WORK/reference.log" 2>&1 \
  || { echo "the reference run failed:"; cat "$WORK/reference.log"; exit 1; }
TOTAL=$(ls "$WORK/reference" | wc -l)
echo "inputs: $COUNT files; reference run wrote $TOTAL outputs"

# --- disk full ---------------------------------------------------------------------------------------
out="$WORK/full"
if can_mount "$WORK/odd"; then
  mount_tmpfs "$out" 2m
  echo "precious" > "$out/notes.txt"
  "${UPSCALE[@]}" "$WORK/in" -o "$out" > "$WORK/full.log" 2>&1; status=$?
  how="tmpfs size=2m"
else
  mkdir -p "$out"; echo "precious" > "$out/notes.txt"
  (ulimit -f 512; trap '' XFSZ; exec "${UPSCALE[@]}" "$WORK/in" -o "$out") > "$WORK/full.log" 2>&1; status=$?
  how="RLIMIT_FSIZE 512 KiB"
fi
reason=$(grep -m1 -o 'No space left on device\|File too large' "$WORK/full.log")
problem=$(outputs_match "$out" "$WORK/reference")
if [[ $status == 1 && -n $reason && -z $problem && -z $(temporaries "$out") && $(cat "$out/notes.txt") == precious ]]; then
  pass "disk full ($how)" "exit 1, '$reason', $(ls "$out" | grep -vc notes.txt) complete outputs, no temporaries"
else
  fail "disk full ($how)" "exit $status, reason '${reason:-none}' $problem $(temporaries "$out" | head -3)"; tail -3 "$WORK/full.log"
fi

# --- read-only output folder ---------------------------------------------------------------------------
out="$WORK/readonly"
if can_mount "$WORK/odd"; then
  mount_tmpfs "$out" 1m && echo "precious" > "$out/notes.txt" && mount -o remount,ro "$out"
  how="read-only tmpfs"
else
  mkdir -p "$out"; echo "precious" > "$out/notes.txt"; chmod 0500 "$out"
  how="mode 0500"
fi
"${UPSCALE[@]}" "$WORK/in" -o "$out" > "$WORK/readonly.log" 2>&1; status=$?
reason=$(grep -m1 -o 'Read-only file system\|Permission denied' "$WORK/readonly.log")
if [[ $status == 1 && -n $reason && $(ls -A "$out") == notes.txt && $(cat "$out/notes.txt") == precious ]]; then
  pass "read-only output ($how)" "exit 1, '$reason', folder unchanged"
else
  fail "read-only output ($how)" "exit $status, reason '${reason:-none}', folder: $(ls -A "$out" | head -3)"; tail -3 "$WORK/readonly.log"
fi
chmod 0700 "$out" 2>/dev/null

# --- output path that is a folder, output folder that is a file -----------------------------------------
out="$WORK/isdir"; victim=$(ls "$WORK/reference" | head -1)
mkdir -p "$out/$victim"; echo "precious" > "$out/$victim/inside.txt"
"${UPSCALE[@]}" "$WORK/in" -o "$out" > "$WORK/isdir.log" 2>&1; status=$?
problem=$(outputs_match "$out" "$WORK/reference" | grep -v inside.txt)
if [[ $status == 1 ]] && grep -q "$victim" "$WORK/isdir.log" && [[ $(cat "$out/$victim/inside.txt") == precious \
   && -z $problem && $(ls "$out" | wc -l) == "$TOTAL" && -z $(temporaries "$out") ]]; then
  pass "output is a folder" "exit 1, '$(grep -m1 "$victim" "$WORK/isdir.log" | cut -c1-90)'"
else
  fail "output is a folder" "exit $status $problem"; tail -3 "$WORK/isdir.log"
fi
echo "precious" > "$WORK/notafolder"
"${UPSCALE[@]}" "$WORK/in" -o "$WORK/notafolder" > "$WORK/notafolder.log" 2>&1; status=$?
if [[ $status != 0 && $status -lt 128 && $(cat "$WORK/notafolder") == precious ]]; then
  pass "output folder is a file" "exit $status, '$(head -1 "$WORK/notafolder.log" | cut -c1-90)'"
else
  fail "output folder is a file" "exit $status"; tail -3 "$WORK/notafolder.log"
fi

# --- inputs deleted mid-run ------------------------------------------------------------------------------
cp -r "$WORK/in" "$WORK/vanishing"
out="$WORK/vanished"
"${UPSCALE[@]}" "$WORK/vanishing" -o "$out" > "$WORK/vanished.log" 2>&1 &
pid=$!
# As soon as the first output exists, delete every input whose output has not appeared yet.
while kill -0 "$pid" 2>/dev/null && [[ -z $(ls "$out" 2>/dev/null) ]]; do sleep 0.02; done
deleted=0
for input in "$WORK"/vanishing/*; do
  base=$(basename "$input"); [[ -e "$out/${base%.*}_x2.${base##*.}" ]] || { rm -f "$input"; deleted=$((deleted + 1)); }
done
wait "$pid"; status=$?
problem=$(outputs_match "$out" "$WORK/reference")
missing=$(grep -c 'No such file' "$WORK/vanished.log")
if [[ $status -lt 128 && -z $problem && -z $(temporaries "$out") && ( $deleted == 0 || $status == 1 ) ]]; then
  pass "inputs deleted mid-run" "$deleted deleted, exit $status, $missing reported missing, $(ls "$out" | wc -l) complete outputs"
else
  fail "inputs deleted mid-run" "exit $status $problem"; tail -3 "$WORK/vanished.log"
fi

# --- SIGKILL loop ---------------------------------------------------------------------------------------
# Alternate resuming runs and --overwrite runs (which replace finished outputs) so that every kill lands
# in the middle of writing; the rerun must then complete exactly what is missing.
out="$WORK/killed"; mkdir -p "$out"; echo "precious" > "$out/notes.txt"
bad=0; landed=0
for ((k = 1; k <= KILLS; k++)); do
  extra=(); (( k % 2 == 0 )) && extra=(--overwrite)
  "${UPSCALE[@]}" "${extra[@]}" "$WORK/in" -o "$out" > /dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
  if kill -KILL "$pid" 2>/dev/null; then landed=$((landed + 1)); fi
  wait "$pid" 2>/dev/null
  problem=$(outputs_match "$out" "$WORK/reference")
  [[ -n $problem || $(cat "$out/notes.txt") != precious ]] && { bad=$((bad + 1)); echo "kill $k: $problem"; }
done
left=$(temporaries "$out" | wc -l)
"${UPSCALE[@]}" "$WORK/in" -o "$out" > "$WORK/rerun.log" 2>&1; status=$?
problem=$(outputs_match "$out" "$WORK/reference")
if [[ $bad == 0 && $status == 0 && -z $problem && -z $(temporaries "$out") && $(ls "$out" | grep -vc notes.txt) == "$TOTAL" ]]; then
  pass "SIGKILL x$KILLS + rerun" "$landed kills landed mid-run, $left temporaries left by them, rerun exit 0, all $TOTAL outputs identical, none left"
else
  fail "SIGKILL x$KILLS + rerun" "$bad bad states, rerun exit $status $problem $(temporaries "$out" | head -3)"
fi

# --- odd sizes ------------------------------------------------------------------------------------------
"$CC" -O2 scripts/fault-images.c -lpng -o "$WORK/fault-images" && "$WORK/fault-images" "$WORK/odd" || exit 1
# name, expected output size (or "error"), extra options
odd_case() {
  local name=$1 want=$2; shift 2
  rm -rf "$WORK/odd-out"
  /usr/bin/time -f '%M %U' -o "$WORK/time.txt" "$RSR" upscale "$WORK/odd/$name" -o "$WORK/odd-out" --quiet "$@" \
    > "$WORK/odd.log" 2>&1
  local status=$? rss cpu got
  read -r rss cpu < <(tail -1 "$WORK/time.txt")
  local figures="peak RSS $((rss / 1024)) MB, ${cpu}s CPU"
  if [[ $want == error ]]; then
    if [[ $status == 1 && -z $(ls -A "$WORK/odd-out" 2>/dev/null) ]] && grep -q "$name" "$WORK/odd.log"; then
      pass "$name" "clear error: '$(grep -m1 "$name" "$WORK/odd.log" | sed 's|.*/||' | cut -c1-100)'; $figures"
    else
      fail "$name" "exit $status; $(head -2 "$WORK/odd.log")"
    fi
    return
  fi
  got=$("$RSR" info "$WORK"/odd-out/* 2>/dev/null | sed -n 's/^.*: [A-Z]* \([0-9]*x[0-9]*\),.*/\1/p' | head -1)
  if [[ $status == 0 && $got == "$want" && -z $(temporaries "$WORK/odd-out") && $((rss / 1024)) -le ${FAULT_RSS_MB:-1024} ]]; then
    pass "$name" "$want written; $figures"
  else
    fail "$name" "exit $status, got '$got' (want $want); $figures; $(head -2 "$WORK/odd.log")"
  fi
}
odd_case one.png 2x2
odd_case tall.png 2x200000
odd_case wide.png 200000x2
odd_case huge-header.png error
odd_case deep64.png 16384x16384 --method bicubic --scale 2

echo "$failures failure(s)"
[[ $failures == 0 ]]
