#!/usr/bin/env bash
# check-examples.sh: every example must build on its own, the way a user
# who copies it into their module gets it. For each examples/*/ it copies
# that directory alone into a fresh module whose go.mod requires the SDK
# through a replace directive pointing at this checkout (with the
# repository's go.sum), and builds it. An example that imports one of the
# SDK's internal packages, or a file that lives outside its directory, fails
# here although it builds inside the repository.
#
#   bash scripts/check-examples.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

module=$(go list -m)
goversion=$(awk '$1 == "go" { print $2; exit }' go.mod)
work=$(mktemp -d "${TMPDIR:-/tmp}/dialpad-examples.XXXXXX")
trap 'rm -rf "$work"' EXIT

failed=()
for dir in examples/*/; do
  name=$(basename "$dir")
  mod="$work/$name"
  mkdir -p "$mod"
  cp -R "$dir". "$mod/"
  cat > "$mod/go.mod" <<EOF
module example.com/$name

go $goversion

require $module v0.0.0-00010101000000-000000000000

replace $module => $root
EOF
  cp go.sum "$mod/go.sum"
  echo "-- $dir"
  # -mod=mod lets go add the SDK's own requirements to the copy's go.mod;
  # GOWORK=off keeps any go.work around the temporary directory out of it.
  if ! (cd "$mod" && GOWORK=off GOFLAGS="${GOFLAGS:-} -mod=mod" go build -o /dev/null .); then
    failed+=("$dir")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "these examples do not build outside the repository: ${failed[*]}" >&2
  exit 1
fi
echo "all examples build on their own"
