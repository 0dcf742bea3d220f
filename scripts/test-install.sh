#!/usr/bin/env bash
# `make install` into a temporary prefix (with DESTDIR, as packagers use it), then `rsr upscale` from
# there on a sample with an empty environment and another working directory, then `make uninstall`:
# no file may be left behind. Fails loudly at the first broken step.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d -t rsr-install-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
PREFIX=/opt/residualsr
STAGE=$WORK/stage
fail() { echo "test-install: FAILED: $*" >&2; exit 1; }

make -s install DESTDIR="$STAGE" PREFIX="$PREFIX" >/dev/null
BIN=$STAGE$PREFIX/bin/rsr
SHARE=$STAGE$PREFIX/share
for f in "$BIN" "$SHARE"/residualsr/models/rsr-x{2,3,4}.safetensors \
         "$SHARE"/bash-completion/completions/rsr "$SHARE"/zsh/site-functions/_rsr \
         "$SHARE"/fish/vendor_completions.d/rsr.fish "$SHARE"/man/man1/rsr.1; do
  [ -s "$f" ] || fail "missing or empty: ${f#$STAGE}"
done
bash -n "$SHARE/bash-completion/completions/rsr" || fail "bash completion does not parse"
grep -q upscale "$SHARE/bash-completion/completions/rsr" || fail "bash completion lacks subcommands"
grep -q '^\.Dt RSR 1' "$SHARE/man/man1/rsr.1" || fail "man page has no .Dt header"
grep -q upscale "$SHARE/man/man1/rsr.1" || fail "man page lacks the subcommands"

# No RSR_MODELS, no PATH beyond the system's, a working directory without Models/.
mkdir -p "$WORK/run"
cp Samples/chelsea.png "$WORK/run/in.png"
( cd "$WORK/run" && env -i PATH=/usr/bin:/bin "$BIN" upscale in.png -o out --scale 2 --quiet ) \
  || fail "installed rsr upscale failed"
compgen -G "$WORK/run/out/*.png" >/dev/null || fail "installed rsr wrote no output"
# The upscale must have used the installed models: without them it has to fail.
mv "$SHARE/residualsr/models" "$WORK/models.away"
if ( cd "$WORK/run" && env -i PATH=/usr/bin:/bin "$BIN" upscale in.png -o out2 --scale 2 --quiet ) 2>/dev/null; then
  fail "rsr found a model although the installed ones were moved away"
fi
mv "$WORK/models.away" "$SHARE/residualsr/models"

make -s uninstall DESTDIR="$STAGE" PREFIX="$PREFIX" >/dev/null
left=$(find "$STAGE" -type f -o -type l)
[ -z "$left" ] || fail "uninstall left: $left"
[ ! -e "$SHARE/residualsr" ] || fail "uninstall left share/residualsr"
echo "test-install: install, upscale from the prefix, uninstall: ok"
