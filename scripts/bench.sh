#!/usr/bin/env bash
# Runs the SDK's benchmarks (bench_test.go) and the rate benchmark
# (internal/cmd/ratebench), then prints one Markdown table: the SDK against
# the hand-written net/http + encoding/json baseline measured in the same
# run (decoding a user, Users.Get, listing 1,000 and 100,000 users), bytes
# per user when listing, the cost of request encoding and error decoding,
# and the rate reached under the company limit. docs/performance.md holds
# the table from the last run.
#
#   scripts/bench.sh                   # about two minutes
#   ROUNDS=4 RATE_DURATION=10s scripts/bench.sh
#
# ROUNDS         rounds of the SDK-vs-baseline benchmarks (default 6). Each
#                round runs one sample of every sdk and baseline variant,
#                each in its own process, sdk first in odd rounds and
#                baseline first in even ones, so a noisy neighbour hits
#                both. A ratio in the table is the median of the per-round
#                ratios; the SDK and baseline columns are plain medians.
# COUNT          samples of each benchmark without a baseline (default 3)
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

# pair prefix benchtime variant... runs one sample of each variant of the
# benchmark prefix (a -test.bench pattern), in the order given in odd
# rounds and reversed in even ones.
pair() {
	local prefix=$1 benchtime=$2
	shift 2
	local variants=("$@") i
	if ((round % 2 == 0)); then
		for ((i = ${#variants[@]} - 1; i >= 0; i--)); do
			bench "$prefix/^${variants[i]}\$" "$benchtime" 1
		done
	else
		for i in "${variants[@]}"; do
			bench "$prefix/^$i\$" "$benchtime" 1
		done
	fi
}

for round in $(seq "$rounds"); do
	echo "round $round of $rounds: Users.Get, decoding, Users.List over 1,000 and 100,000 users (sdk and baseline)..." >&2
	echo "ROUND $round" >>"$raw"
	pair '^BenchmarkUsersGet$' 1s sdk baseline baseline_usertype
	pair '^BenchmarkDecodeUser$' 1s sdk baseline
	pair '^BenchmarkUsersList$/^users=1000$' 1s sdk baseline
	pair '^BenchmarkUsersList$/^users=100000$' 1x sdk baseline
done
echo "ROUND 0" >>"$raw"
echo "encoding, errors: $count samples each..." >&2
bench '^(BenchmarkRequestEncoding|BenchmarkErrorDecoding)$' 1s "$count"

echo "ratebench for $rate_duration..." >&2
"$work/ratebench" -duration "$rate_duration" >"$work/ratebench.txt" || true
cat "$work/ratebench.txt" >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

cpu=$(awk -F': ' '/^cpu:/ {print $2; exit}' "$raw" | sed 's/ *$//')
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)

awk -v rounds="$rounds" -v count="$count" -v rate_duration="$rate_duration" \
	-v cpu="$cpu" -v cores="$cores" -v gover="$(go env GOVERSION)" \
	-v load="$load_before" -v load_after="$load_after" '
function median_of(a, n,   i, j, t) {
	if (n == 0) return ""
	for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
	return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
# median of every sample of key (name SUBSEP unit)
function median(key,   n, i, a) {
	n = cnt[key]
	for (i = 1; i <= n; i++) a[i] = val[key, i]
	return median_of(a, n)
}
# median over rounds of the ratio a/b, each round against its own baseline
function pratio(a, b,   r, n, x) {
	n = 0
	for (r = 1; r <= rounds; r++)
		if (((a, r) in rv) && ((b, r) in rv) && rv[b, r] > 0) x[++n] = rv[a, r] / rv[b, r]
	return median_of(x, n)
}
function fmtnum(x, prec) {
	if (x == "") return "n/a"
	return sprintf("%." prec "f", x)
}
function fmtdiff(a, b) { return (a == "" || b == "") ? "n/a" : sprintf("%+d", a - b) }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
function met(ok, x) { return (x == "") ? "NO (no data)" : (ok ? "yes" : "NO") }
/^ROUND / { round = $2; next }
# Benchmark lines: name iterations (value unit)...
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	for (i = 3; i < NF; i += 2) {
		key = name SUBSEP $(i+1)
		val[key, ++cnt[key]] = $i
		if (round > 0) rv[key, round] = $i
	}
	next
}
/^RESULT / {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); rb[kv[1]] = kv[2] }
}
END {
	d = "BenchmarkDecodeUser/"
	dec_sdk = median(d "sdk" SUBSEP "ns/op");        dec_base = median(d "baseline" SUBSEP "ns/op")
	dec_sdk_al = median(d "sdk" SUBSEP "allocs/op"); dec_base_al = median(d "baseline" SUBSEP "allocs/op")
	dec_sdk_b = median(d "sdk" SUBSEP "B/op");       dec_base_b = median(d "baseline" SUBSEP "B/op")
	dec_ratio = pratio(d "sdk" SUBSEP "ns/op", d "baseline" SUBSEP "ns/op")

	g = "BenchmarkUsersGet/"
	sdk_ns = median(g "sdk" SUBSEP "ns/op");        base_ns = median(g "baseline" SUBSEP "ns/op")
	sdk_al = median(g "sdk" SUBSEP "allocs/op");    base_al = median(g "baseline" SUBSEP "allocs/op")
	sdk_b  = median(g "sdk" SUBSEP "B/op");         base_b  = median(g "baseline" SUBSEP "B/op")
	ut_ns  = median(g "baseline_usertype" SUBSEP "ns/op")
	ut_al  = median(g "baseline_usertype" SUBSEP "allocs/op")
	get_ratio = pratio(g "sdk" SUBSEP "ns/op", g "baseline" SUBSEP "ns/op")
	ut_ratio = pratio(g "sdk" SUBSEP "ns/op", g "baseline_usertype" SUBSEP "ns/op")
	al_diff = (sdk_al == "" || base_al == "") ? "" : sdk_al - base_al

	l1 = "BenchmarkUsersList/users=1000/"; l2 = "BenchmarkUsersList/users=100000/"
	l1s = median(l1 "sdk" SUBSEP "ns/op"); l1b = median(l1 "baseline" SUBSEP "ns/op")
	l2s = median(l2 "sdk" SUBSEP "ns/op"); l2b = median(l2 "baseline" SUBSEP "ns/op")
	l1_ratio = pratio(l1 "sdk" SUBSEP "ns/op", l1 "baseline" SUBSEP "ns/op")
	l2_ratio = pratio(l2 "sdk" SUBSEP "ns/op", l2 "baseline" SUBSEP "ns/op")
	bi1 = median(l1 "sdk" SUBSEP "B/item");      bi2 = median(l2 "sdk" SUBSEP "B/item")
	bb1 = median(l1 "baseline" SUBSEP "B/item"); bb2 = median(l2 "baseline" SUBSEP "B/item")
	ai1 = median(l1 "sdk" SUBSEP "allocs/item");      ai2 = median(l2 "sdk" SUBSEP "allocs/item")
	ab1 = median(l1 "baseline" SUBSEP "allocs/item"); ab2 = median(l2 "baseline" SUBSEP "allocs/item")
	flat = ratio(bi2, bi1)

	print "| measure | SDK | baseline | SDK vs baseline | target | met |"
	print "|---|---:|---:|---:|---|---|"
	printf "| decode get.json into dialpad.User vs a plain struct, ns/op (median of %d rounds) | %s | %s | **%sx** | <= 1.3x | %s |\n", rounds,
		fmtnum(dec_sdk, 0), fmtnum(dec_base, 0), fmtnum(dec_ratio, 3), met(dec_ratio <= 1.3, dec_ratio)
	printf "| decode get.json, allocs/op and B/op | %s, %s | %s, %s | %s, %s | | |\n",
		fmtnum(dec_sdk_al, 0), fmtnum(dec_sdk_b, 0), fmtnum(dec_base_al, 0), fmtnum(dec_base_b, 0),
		fmtdiff(dec_sdk_al, dec_base_al), fmtdiff(dec_sdk_b, dec_base_b)
	printf "| Users.Get, ns/op (median of %d rounds) | %s | %s | **%sx** | <= 1.15x | %s |\n", rounds,
		fmtnum(sdk_ns, 0), fmtnum(base_ns, 0), fmtnum(get_ratio, 3), met(get_ratio <= 1.15, get_ratio)
	printf "| Users.Get, allocs/op | %s | %s | **%s** | <= +10 | %s |\n",
		fmtnum(sdk_al, 0), fmtnum(base_al, 0), fmtdiff(sdk_al, base_al), met(al_diff <= 10, al_diff)
	printf "| Users.Get, B/op | %s | %s | %s | | |\n", fmtnum(sdk_b, 0), fmtnum(base_b, 0), fmtdiff(sdk_b, base_b)
	printf "| Users.Get vs a baseline decoding into dialpad.User, ns/op and allocs/op | %s, %s | %s, %s | %sx, %s | | |\n",
		fmtnum(sdk_ns, 0), fmtnum(sdk_al, 0), fmtnum(ut_ns, 0), fmtnum(ut_al, 0), fmtnum(ut_ratio, 3), fmtdiff(sdk_al, ut_al)
	printf "| Users.List, 100,000 users, wall time per listing, ms (median of %d rounds) | %s | %s | **%sx** | <= 1.2x | %s |\n", rounds,
		fmtnum(l2s / 1e6, 1), fmtnum(l2b / 1e6, 1), fmtnum(l2_ratio, 3), met(l2_ratio <= 1.2, l2_ratio)
	printf "| Users.List, 1,000 users, wall time per listing, ms | %s | %s | %sx | | |\n",
		fmtnum(l1s / 1e6, 2), fmtnum(l1b / 1e6, 2), fmtnum(l1_ratio, 3)
	printf "| Users.List, B/item over 1,000 users | %s | %s | | | |\n", fmtnum(bi1, 0), fmtnum(bb1, 0)
	printf "| Users.List, B/item over 100,000 users | %s | %s | SDK: **%sx** its 1,000-user figure | flat (<= 1.10x) | %s |\n",
		fmtnum(bi2, 0), fmtnum(bb2, 0), fmtnum(flat, 3), met(flat <= 1.10, flat)
	printf "| Users.List, allocs/item (1k / 100k) | %s / %s | %s / %s | | | |\n", fmtnum(ai1, 2), fmtnum(ai2, 2), fmtnum(ab1, 2), fmtnum(ab2, 2)
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
	printf "Ratios are medians of per-round ratios (sdk and baseline run back to back in each of %d rounds, order alternating); the other columns are medians of the samples.\n", rounds
	printf "Machine: %s cores, %s, %s; load average before the run: %s, after: %s.\n", cores, cpu, gover, load, load_after
}' "$raw" "$work/ratebench.txt"

echo
echo "bench.sh: done in $((SECONDS - start))s"
