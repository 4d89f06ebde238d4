#!/usr/bin/env bash
# Runs the SDK's benchmarks (bench_test.go) and the rate benchmark
# (internal/cmd/ratebench), then prints one Markdown table: the SDK against
# the hand-written net/http + encoding/json baseline measured in the same
# run (decoding a user, Users.Get, listing 1,000 and 100,000 users), bytes
# per user when listing, the cost of request encoding and error decoding,
# and the rate reached under the company limit. A second table holds the
# 0.3 targets: the limiter's per-call cost at the smallest and largest
# history, webhook.ParseChangeLog signed against the same event as plain
# JSON, the roster watcher's re-plans per burst, roster.PlanFrom at 10,000
# people, the onboarding pacing ratio (logged by the synctest test
# TestOnboardPacing), 1,000 creates on dialpadtest's defaults, and
# dialpad-mcp's tool calls against the direct SDK calls they wrap.
# docs/performance.md holds the tables from the last run.
#
#   scripts/bench.sh                   # about three minutes
#   ROUNDS=4 RATE_DURATION=10s scripts/bench.sh
#
# ROUNDS         rounds of the SDK-vs-baseline benchmarks (default 6). Each
#                round runs one sample of every sdk and baseline variant,
#                each in its own process, sdk first in odd rounds and
#                baseline first in even ones, so a noisy neighbour hits
#                both. A ratio in the table is the median of the per-round
#                ratios; the SDK and baseline columns are plain medians.
# COUNT          samples of each benchmark without a baseline (default 3)
# PAIR_BENCHTIME -test.benchtime of each sample of the 0.3 benchmarks that
#                have a baseline (ParseChangeLog, dialpad-mcp), run in the
#                same alternating rounds (default 0.3s)
# RATE_DURATION  how long ratebench calls (default 30s)
# KEEP           a directory to keep the raw outputs in (default: a temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-6}
count=${COUNT:-3}
rate_duration=${RATE_DURATION:-30s}
pair_time=${PAIR_BENCHTIME:-0.3s}
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
work=$(cd "$work" && pwd) # the dialpad-mcp step builds from its own directory
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
raw="$work/bench.txt"
raw03="$work/bench03.txt"
: >"$raw"
: >"$raw03"
start=$SECONDS

echo "building the test binary and ratebench..." >&2
go test -c -o "$work/dialpad.test" .
go build -o "$work/ratebench" ./internal/cmd/ratebench
echo "building the webhook, roster and dialpadtest test binaries..." >&2
go test -c -o "$work/webhook.test" ./webhook
go test -c -o "$work/roster.test" ./roster
go test -c -o "$work/dialpadtest.test" ./dialpadtest
# dialpad-mcp is a module of its own; a failed build is a row of the
# second table, not the end of the run.
echo "building the dialpad-mcp test binary..." >&2
mcp_built=1
if ! (cd dialpad-mcp && go test -c -o "$work/mcp.test" ./internal/mcpserver) >"$work/mcp-build.txt" 2>&1; then
	mcp_built=0
	echo "dialpad-mcp: the test binary did not build:" >&2
	head -20 "$work/mcp-build.txt" >&2
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

# bench runs the test binary $bin (in its package's directory $dir, as go
# test would) and appends to $out. A failure ends the script when $strict
# is 1; otherwise it is recorded as a FAILED line, which the table shows.
bin=dialpad.test dir=. out=$raw strict=1
bench() { # pattern benchtime count
	(cd "$dir" && "$work/$bin" -test.run='^$' -test.bench="$1" -test.benchmem \
		-test.benchtime="$2" -test.count="$3") >>"$out" || {
		((!strict)) || exit 1
		echo "FAILED $bin $1" >>"$out"
	}
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

# ---- 0.3 targets: everything below goes to $raw03 and the second table.
out=$raw03 strict=0
load03_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
# The limiter benchmark's smallest and largest history (ratelimit_test.go).
hist_small=1024 hist_large=524288

# dialpad-mcp's sub-benchmarks are found by running each once, so a mode
# renamed or added there gets its rows without a change here. mcp_leaves
# holds their names, grouped by parent (the name less its last element).
mcp_bench='^(BenchmarkUsersGet|BenchmarkListTools)$'
mcp_leaves=()
if ((mcp_built)); then
	echo "dialpad-mcp: listing the sub-benchmarks of $mcp_bench..." >&2
	mapfile -t mcp_leaves < <(cd dialpad-mcp/internal/mcpserver &&
		"$work/mcp.test" -test.run='^$' -test.bench="$mcp_bench" -test.benchtime=1x 2>&1 |
		awk '/^Benchmark/ { n = $1; sub(/-[0-9]+$/, "", n); print n }')
	((${#mcp_leaves[@]})) || echo "dialpad-mcp: no benchmark ran" >&2
fi
# leafpat turns a benchmark name into a -test.bench pattern matching it
# alone: each element anchored, regexp characters escaped.
leafpat() {
	printf '%s' "$1" | sed -e 's/[][\\.*^$+?(){}|]/\\&/g' -e 's|/|$/^|g' -e 's/^/^/' -e 's/$/$/'
}
# mcp_round runs one sample of each leaf, parent by parent, in the order
# found in odd rounds and reversed in even ones.
mcp_round() {
	local i j k parent group=()
	for ((i = 0; i < ${#mcp_leaves[@]}; i = j)); do
		parent=${mcp_leaves[i]%/*}
		group=()
		j=$i
		while ((j < ${#mcp_leaves[@]})) && [[ ${mcp_leaves[j]%/*} == "$parent" ]]; do
			group+=("${mcp_leaves[j]}")
			((++j))
		done
		if ((round % 2 == 0)); then
			for ((k = ${#group[@]} - 1; k >= 0; k--)); do bench "$(leafpat "${group[k]}")" "$pair_time" 1; done
		else
			for k in "${group[@]}"; do bench "$(leafpat "$k")" "$pair_time" 1; done
		fi
	done
}

for round in $(seq "$rounds"); do
	echo "0.3 round $round of $rounds: limiter history, ParseChangeLog signed and plain, dialpad-mcp tool and direct..." >&2
	echo "ROUND $round" >>"$raw03"
	echo "MODULE sdk" >>"$raw03"
	bin=dialpad.test dir=.
	pair '^BenchmarkWindowLimiterHistory$' 1000000x "history=$hist_small" "history=$hist_large"
	bin=webhook.test dir=webhook
	pair '^BenchmarkParseChangeLog$' "$pair_time" signed plain
	if ((${#mcp_leaves[@]})); then
		echo "MODULE mcp" >>"$raw03"
		bin=mcp.test dir=dialpad-mcp/internal/mcpserver
		mcp_round
	fi
done
echo "ROUND 0" >>"$raw03"
echo "MODULE sdk" >>"$raw03"
echo "roster: PlanFrom at 10,000 people, WatchBurst; dialpadtest: OnboardingCreates ($count samples each)..." >&2
bin=roster.test dir=roster
bench '^BenchmarkPlanFrom$' 5x "$count"
bench '^BenchmarkWatchBurst$' 20x "$count"
bin=dialpadtest.test dir=dialpadtest
bench '^BenchmarkOnboardingCreates$' 3x "$count"
if ((mcp_built)); then
	# Each op is one direct Users.Get and one tool call against a fake that
	# answers after 0, 20 and 100 ms (a real Dialpad answer takes about
	# that), reporting the tool/direct ratio of that same op.
	echo "dialpad-mcp: BenchmarkToolVsDirect (fake latency 0, 20 ms, 100 ms)..." >&2
	echo "MODULE mcp" >>"$raw03"
	bin=mcp.test dir=dialpad-mcp/internal/mcpserver
	bench '^BenchmarkToolVsDirect$' 10x 1
	echo "MODULE sdk" >>"$raw03"
fi
echo "roster: TestOnboardPacing (fake clock)..." >&2
if (cd roster && "$work/roster.test" -test.run='^TestOnboardPacing$' -test.v) >"$work/pacing.txt" 2>&1; then
	echo "PACING pass" >>"$raw03"
else
	echo "PACING fail" >>"$raw03"
fi
sed -n 's/.*fake clock: .*: ratio \([0-9.]*\).*/PACING ratio \1/p' "$work/pacing.txt" >>"$raw03"
load03_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

cpu=$(awk -F': ' '/^cpu:/ {print $2; exit}' "$raw" | sed 's/ *$//')

# awk_lib is what both tables' awk programs share: reading the raw output
# into samples (val, cnt) and samples by round (rv), and the medians.
awk_lib='
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
function met(ok, x) { return (x == "") ? "NO (no data)" : (ok ? "yes" : "NO") }
/^ROUND / { round = $2; next }
# MODULE mcp: the names that follow come from dialpad-mcp, kept apart as
# "mcp:Benchmark..." and listed in order in leaves; MODULE sdk ends that.
/^MODULE / { mod = ($2 == "sdk") ? "" : $2 ":"; next }
# Benchmark lines: name iterations (value unit)...
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	if (mod == "mcp:" && !(name in seen)) { seen[name] = 1; leaves[++nleaves] = name }
	name = mod name
	for (i = 3; i < NF; i += 2) {
		key = name SUBSEP $(i+1)
		val[key, ++cnt[key]] = $i
		if (round > 0) rv[key, round] = $i
	}
	next
}
'
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)

awk -v rounds="$rounds" -v count="$count" -v rate_duration="$rate_duration" \
	-v cpu="$cpu" -v cores="$cores" -v gover="$(go env GOVERSION)" \
	-v load="$load_before" -v load_after="$load_after" "$awk_lib"'
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
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

# The second table: the 0.3 targets.
echo
echo "**0.3 targets**"
echo
awk -v rounds="$rounds" -v count="$count" -v pair_time="$pair_time" -v mcp_built="$mcp_built" \
	-v small="$hist_small" -v large="$hist_large" -v load="$load03_before" -v load_after="$load03_after" "$awk_lib"'
function scaled(x, div, prec) { return (x == "") ? "n/a" : sprintf("%." prec "f", x / div) }
/^FAILED / { failed = failed " " $2 " " $3; next }
/^PACING pass/ { pacing_pass = 1; next }
/^PACING ratio/ { pacing = $3; next }
END {
	print "| measure | figure | baseline | ratio | target | met |"
	print "|---|---:|---:|---:|---|---|"

	h = "BenchmarkWindowLimiterHistory/history="
	hs = median(h small SUBSEP "ns/op"); hl = median(h large SUBSEP "ns/op")
	hr = pratio(h large SUBSEP "ns/op", h small SUBSEP "ns/op")
	printf "| limiter, burst 1<<20: ns per call with %d releases in its history vs %d (median of %d rounds) | %s | %s | **%sx** | <= 1.2x (independent of the history) | %s |\n",
		large, small, rounds, fmtnum(hl, 1), fmtnum(hs, 1), fmtnum(hr, 3), met(hr <= 1.2, hr)
	printf "| limiter, allocs/op (%d / %d) | %s | %s | | | |\n", large, small,
		fmtnum(median(h large SUBSEP "allocs/op"), 0), fmtnum(median(h small SUBSEP "allocs/op"), 0)

	w = "BenchmarkParseChangeLog/"
	ws = median(w "signed" SUBSEP "ns/op"); wp = median(w "plain" SUBSEP "ns/op")
	wr = pratio(w "signed" SUBSEP "ns/op", w "plain" SUBSEP "ns/op")
	printf "| webhook.ParseChangeLog: verify + decode one signed event vs the same event as plain JSON, us/op (median of %d rounds) | %s | %s | **%sx** | signed < 20 us | %s |\n",
		rounds, scaled(ws, 1000, 2), scaled(wp, 1000, 2), fmtnum(wr, 2), met(ws < 20000, ws)
	wa = median(w "signed" SUBSEP "allocs/op"); wpa = median(w "plain" SUBSEP "allocs/op")
	printf "| webhook.ParseChangeLog: allocs/op and B/op, signed vs plain | %s, %s | %s, %s | %s, %s | signed: a handful (<= 10 allocs) | %s |\n",
		fmtnum(wa, 0), fmtnum(median(w "signed" SUBSEP "B/op"), 0), fmtnum(wpa, 0), fmtnum(median(w "plain" SUBSEP "B/op"), 0),
		fmtdiff(wa, wpa), fmtdiff(median(w "signed" SUBSEP "B/op"), median(w "plain" SUBSEP "B/op")), met(wa <= 10, wa)

	b = "BenchmarkWatchBurst"
	rp = median(b SUBSEP "replans/burst")
	printf "| roster watcher: re-plans per burst of 1,000 in-scope events (%d x 20 bursts) | %s | | | exactly 1 | %s |\n",
		count, fmtnum(rp, 3), met(rp == 1, rp)
	printf "| roster watcher: one burst (1,000 Handle calls + the re-plan of 100 users), ms | %s | | | | |\n",
		scaled(median(b SUBSEP "ns/op"), 1e6, 2)

	p = "BenchmarkPlanFrom"
	pt = median(p SUBSEP "ns/op"); pm = median(p SUBSEP "B/op")
	printf "| roster.PlanFrom, 10,000 people against 10,000 users in memory, ms/op (median of %d x 5) | %s | | | < 200 ms | %s |\n",
		count, scaled(pt, 1e6, 1), met(pt < 200e6, pt)
	printf "| roster.PlanFrom, the same, MB allocated per plan (MB = 2^20 bytes), allocs/op | %s, %s | | | < 50 MB | %s |\n",
		scaled(pm, 1048576, 1), fmtnum(median(p SUBSEP "allocs/op"), 0), met(pm < 50 * 1048576, pm)

	printf "| roster: onboarding 1,000 people (fake clock, TestOnboardPacing): time / (requests / 19.2 per s) | %s | | | <= 1.05 | %s |\n",
		fmtnum(pacing, 3), (pacing == "") ? "NO (no ratio logged)" : ((pacing <= 1.05 && pacing_pass) ? "yes" : "NO")

	o = "BenchmarkOnboardingCreates"
	ot = median(o SUBSEP "ns/op")
	printf "| dialpadtest: 1,000 users.create with NewServer() + NewClient() defaults, s per run (median of %d x 3) | %s | | | well under 1 s (<= 0.5 s) | %s |\n",
		count, scaled(ot, 1e9, 3), met(ot <= 0.5e9, ot)

	# dialpad-mcp: every sub-benchmark a row; a .../tool... leaf is paired
	# with the .../direct leaf of the same parent, per round.
	if (!mcp_built) print "| dialpad-mcp benchmarks | did not build (see the messages above the tables) | | | | NO |"
	else if (nleaves == 0) print "| dialpad-mcp benchmarks | none ran | | | | NO |"
	for (i = 1; i <= nleaves; i++) {
		parent = leaves[i]; sub(/\/[^\/]*$/, "", parent)
		if (substr(leaves[i], length(parent) + 2) ~ /^tool/) hastool[parent] = 1
	}
	for (i = 1; i <= nleaves; i++) {
		n = leaves[i]; parent = n; sub(/\/[^\/]*$/, "", parent); last = substr(n, length(parent) + 2)
		if (parent == "BenchmarkToolVsDirect") {
			r = median("mcp:" n SUBSEP "tool/direct")
			zero = (last ~ /=0s$/)
			printf "| dialpad-mcp tool call vs the direct call in the same op, fake %s: ms/op direct, tool | %s, %s | | **%sx** | %s | %s |\n",
				last, scaled(median("mcp:" n SUBSEP "direct-ns/op"), 1e6, 3), scaled(median("mcp:" n SUBSEP "tool-ns/op"), 1e6, 3),
				fmtnum(r, 3), zero ? "(fixed cost of the MCP round trip)" : "<= 1.2x", zero ? "" : met(r <= 1.2, r)
			continue
		}
		if (last == "direct" && (parent in hastool)) continue # the baseline column of its tool rows
		t = median("mcp:" n SUBSEP "ns/op"); al = median("mcp:" n SUBSEP "allocs/op")
		d = "mcp:" parent "/direct"
		if (last ~ /^tool/ && ((d SUBSEP "ns/op") in cnt)) {
			r = pratio("mcp:" n SUBSEP "ns/op", d SUBSEP "ns/op")
			printf "| dialpad-mcp %s vs %s/direct, us/op and allocs/op (median of %d rounds) | %s, %s | %s, %s | **%sx** | <= 1.2x | %s |\n",
				n, parent, rounds, scaled(t, 1000, 1), fmtnum(al, 0), scaled(median(d SUBSEP "ns/op"), 1000, 1),
				fmtnum(median(d SUBSEP "allocs/op"), 0), fmtnum(r, 3), met(r <= 1.2, r)
		} else if (n ~ /^BenchmarkListTools\//) {
			printf "| dialpad-mcp %s, ms/op and allocs/op | %s, %s | | | < 1 ms | %s |\n",
				n, scaled(t, 1e6, 3), fmtnum(al, 0), met(t < 1e6, t)
		} else {
			printf "| dialpad-mcp %s, us/op and allocs/op | %s, %s | | | | |\n", n, scaled(t, 1000, 1), fmtnum(al, 0)
		}
	}
	if (failed != "") printf "| benchmarks that failed | %s | | | | NO |\n", failed
	print ""
	printf "Ratios are medians of per-round ratios (figure and baseline run back to back, each in its own process, in each of %d rounds, order alternating; %s a sample, the limiter 1,000,000 calls); the other columns are medians of the samples.\n", rounds, pair_time
	printf "Load average before the 0.3 benchmarks: %s, after: %s.\n", load, load_after
}' "$raw03"

echo
echo "bench.sh: done in $((SECONDS - start))s"
