#!/usr/bin/env bash
# Runs the SDK's benchmarks (bench_test.go) and the rate benchmark
# (internal/cmd/ratebench), then prints one Markdown table: SDK against the
# hand-written net/http + encoding/json baseline, bytes per item when listing
# 1,000 and 100,000 users, and the rate reached under the company limit.
# docs/performance.md holds the table from the last run.
#
#   scripts/bench.sh                   # about three minutes
#   ROUNDS=3 RATE_DURATION=10s scripts/bench.sh
#
# ROUNDS         rounds of BenchmarkUsersGet; sdk and baseline alternate
#                between rounds, so a noisy neighbour hits both (default 6)
# COUNT          samples of each other benchmark (default 3)
# RATE_DURATION  how long ratebench calls (default 30s)
# KEEP           a directory to keep the raw outputs in (default: a temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-6}
count=${COUNT:-3}
rate_duration=${RATE_DURATION:-30s}
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
raw="$work/bench.txt"
: >"$raw"
start=$SECONDS

echo "building the test binary and ratebench..." >&2
go test -c -o "$work/dialpad.test" .
go build -o "$work/ratebench" ./internal/cmd/ratebench
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

bench() { # pattern benchtime count
	"$work/dialpad.test" -test.run='^$' -test.bench="$1" -test.benchmem \
		-test.benchtime="$2" -test.count="$3" >>"$raw"
}

echo "BenchmarkUsersGet: $rounds rounds..." >&2
for _ in $(seq "$rounds"); do
	bench '^BenchmarkUsersGet$' 1s 1
done
echo "decoding, encoding, errors: $count samples each..." >&2
bench '^(BenchmarkDecodeUser|BenchmarkRequestEncoding|BenchmarkErrorDecoding)$' 1s "$count"
echo "Users.List over 1,000 and 100,000 users: $count samples each..." >&2
bench '^BenchmarkUsersList$/^users=1000$' 1s "$count"
bench '^BenchmarkUsersList$/^users=100000$' 1x "$count"

echo "ratebench for $rate_duration..." >&2
"$work/ratebench" -duration "$rate_duration" >"$work/ratebench.txt" || true
cat "$work/ratebench.txt" >&2

cpu=$(awk -F': ' '/^cpu:/ {print $2; exit}' "$raw" | sed 's/ *$//')
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)

awk -v rounds="$rounds" -v count="$count" -v rate_duration="$rate_duration" \
	-v cpu="$cpu" -v cores="$cores" -v gover="$(go env GOVERSION)" -v load="$load_before" '
function median(key,   n, i, j, t, a) {
	n = cnt[key]
	if (n == 0) return ""
	for (i = 1; i <= n; i++) a[i] = val[key, i]
	for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
	return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
function fmtnum(x, prec) {
	if (x == "") return "n/a"
	return sprintf("%." prec "f", x)
}
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
# Benchmark lines: name iterations (value unit)...
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	for (i = 3; i < NF; i += 2) {
		key = name SUBSEP $(i+1)
		val[key, ++cnt[key]] = $i
	}
	next
}
/^RESULT / {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); rb[kv[1]] = kv[2] }
}
END {
	g = "BenchmarkUsersGet/"
	sdk_ns = median(g "sdk" SUBSEP "ns/op");        base_ns = median(g "baseline" SUBSEP "ns/op")
	sdk_al = median(g "sdk" SUBSEP "allocs/op");    base_al = median(g "baseline" SUBSEP "allocs/op")
	sdk_b  = median(g "sdk" SUBSEP "B/op");         base_b  = median(g "baseline" SUBSEP "B/op")
	ut_ns  = median(g "baseline_usertype" SUBSEP "ns/op")
	ut_al  = median(g "baseline_usertype" SUBSEP "allocs/op")
	d = "BenchmarkDecodeUser/"
	dec_sdk = median(d "sdk" SUBSEP "ns/op"); dec_base = median(d "baseline" SUBSEP "ns/op")
	dec_sdk_al = median(d "sdk" SUBSEP "allocs/op"); dec_base_al = median(d "baseline" SUBSEP "allocs/op")
	l = "BenchmarkUsersList/users="
	bi1 = median(l "1000" SUBSEP "B/item");  bi2 = median(l "100000" SUBSEP "B/item")
	ai1 = median(l "1000" SUBSEP "allocs/item"); ai2 = median(l "100000" SUBSEP "allocs/item")
	ni1 = median(l "1000" SUBSEP "ns/op") / 1000; ni2 = median(l "100000" SUBSEP "ns/op") / 100000

	ns_ratio = ratio(sdk_ns, base_ns)
	al_diff = sdk_al - base_al
	flat = ratio(bi2, bi1)

	print "| measure | SDK | baseline | SDK vs baseline | target | met |"
	print "|---|---:|---:|---:|---|---|"
	printf "| Users.Get, ns/op (median of %d rounds) | %s | %s | **%sx** | <= 1.15x | %s |\n", rounds,
		fmtnum(sdk_ns, 0), fmtnum(base_ns, 0), fmtnum(ns_ratio, 3), (ns_ratio <= 1.15 ? "yes" : "NO")
	printf "| Users.Get, allocs/op | %s | %s | **%+d** | <= +20 | %s |\n",
		fmtnum(sdk_al, 0), fmtnum(base_al, 0), al_diff, (al_diff <= 20 ? "yes" : "NO")
	printf "| Users.Get, B/op | %s | %s | %+d | | |\n", fmtnum(sdk_b, 0), fmtnum(base_b, 0), sdk_b - base_b
	printf "| Users.Get vs a baseline decoding into dialpad.User, ns/op and allocs/op | %s, %s | %s, %s | %sx, %+d | | |\n",
		fmtnum(sdk_ns, 0), fmtnum(sdk_al, 0), fmtnum(ut_ns, 0), fmtnum(ut_al, 0), fmtnum(ratio(sdk_ns, ut_ns), 3), sdk_al - ut_al
	printf "| decode get.json alone, ns/op and allocs/op | %s, %s | %s, %s | %sx, %+d | | |\n",
		fmtnum(dec_sdk, 0), fmtnum(dec_sdk_al, 0), fmtnum(dec_base, 0), fmtnum(dec_base_al, 0), fmtnum(ratio(dec_sdk, dec_base), 2), dec_sdk_al - dec_base_al
	printf "| Users.List, B/item over 1,000 users | %s | | | | |\n", fmtnum(bi1, 0)
	printf "| Users.List, B/item over 100,000 users | %s | | **%sx** the 1,000-user figure | flat (<= 1.10x) | %s |\n",
		fmtnum(bi2, 0), fmtnum(flat, 3), (flat != "" && flat <= 1.10 ? "yes" : "NO")
	printf "| Users.List, allocs/item (1k / 100k) | %s / %s | | | | |\n", fmtnum(ai1, 2), fmtnum(ai2, 2)
	printf "| Users.List, ns/item (1k / 100k) | %s / %s | | | | |\n", fmtnum(ni1, 0), fmtnum(ni2, 0)
	e = "BenchmarkRequestEncoding/"
	printf "| CreateUserRequest validate + marshal, ns/op, B/op, allocs/op | %s, %s, %s | | | | |\n",
		fmtnum(median(e "create" SUBSEP "ns/op"), 0), fmtnum(median(e "create" SUBSEP "B/op"), 0), fmtnum(median(e "create" SUBSEP "allocs/op"), 0)
	printf "| UpdateUserRequest validate + marshal, ns/op, B/op, allocs/op | %s, %s, %s | | | | |\n",
		fmtnum(median(e "update" SUBSEP "ns/op"), 0), fmtnum(median(e "update" SUBSEP "B/op"), 0), fmtnum(median(e "update" SUBSEP "allocs/op"), 0)
	e = "BenchmarkErrorDecoding/"
	printf "| newAPIError on a JSON envelope, ns/op, B/op, allocs/op | %s, %s, %s | | | | |\n",
		fmtnum(median(e "envelope" SUBSEP "ns/op"), 0), fmtnum(median(e "envelope" SUBSEP "B/op"), 0), fmtnum(median(e "envelope" SUBSEP "allocs/op"), 0)
	printf "| newAPIError on an HTML 502 page, ns/op, B/op, allocs/op | %s, %s, %s | | | | |\n",
		fmtnum(median(e "html502" SUBSEP "ns/op"), 0), fmtnum(median(e "html502" SUBSEP "B/op"), 0), fmtnum(median(e "html502" SUBSEP "allocs/op"), 0)
	if ("rate" in rb) {
		printf "| ratebench: rate, 32 goroutines on one default client, %s | %s req/s | | | >= 19.6 | %s |\n",
			rb["duration"], rb["rate"], (rb["rate"] >= 19.6 ? "yes" : "NO")
		printf "| ratebench: 429 answers | %s | | | 0 | %s |\n", rb["429s"], (rb["429s"] == 0 ? "yes" : "NO")
		printf "| ratebench: latency p50 / p99 (limiter wait included) | %s / %s | | | | |\n", rb["p50"], rb["p99"]
		printf "| ratebench: tightest span from a request to the 20th after it, at the server | %s | | | > 1s | %s |\n",
			rb["span"], (rb["429s"] == 0 ? "yes" : "NO")
	} else {
		print "| ratebench | did not report | | | | NO |"
	}
	print ""
	printf "Machine: %s cores, %s, %s; load average before the run: %s.\n", cores, cpu, gover, load
}' "$raw" "$work/ratebench.txt"

echo
echo "bench.sh: done in $((SECONDS - start))s"
