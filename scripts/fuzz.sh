#!/usr/bin/env bash
# Fuzzes each target of the root package for a short while (FUZZTIME,
# default 10s each). New failing inputs land in testdata/fuzz/<Target>/ and
# fail the run; commit them with the fix.
#
#   scripts/fuzz.sh                  # every target, 10s each
#   FUZZTIME=1m scripts/fuzz.sh FuzzE164
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-10s}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	targets=(FuzzDecodeUser FuzzErrorEnvelope FuzzE164 FuzzPathEscape)
fi

start=$SECONDS
for target in "${targets[@]}"; do
	echo "== $target ($fuzztime)"
	go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" .
done
echo "fuzz.sh: ${#targets[@]} targets in $((SECONDS - start))s"
