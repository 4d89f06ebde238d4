#!/usr/bin/env bash
# Runs the redislimit tests against a real, throwaway redis-server on
# 127.0.0.1: installs redis-server with apt-get when it is missing, starts it
# on a free port with no persistence, runs the tests with REDIS_ADDR set,
# prints the shared rate BenchmarkSharedBudget achieves against it, and
# always stops the server afterwards.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null 2>&1; then
	echo "ci.sh: installing redis-server" >&2
	export DEBIAN_FRONTEND=noninteractive
	aptlog=$(mktemp)
	if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server; } >"$aptlog" 2>&1; then
		cat "$aptlog" >&2
		exit 1
	fi
	rm -f "$aptlog"
fi

# A free loopback port: one nothing accepts connections on.
port=
for _ in $(seq 50); do
	p=$((20000 + RANDOM % 40000))
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		port=$p
		break
	fi
done
[ -n "$port" ] || { echo "ci.sh: no free port found" >&2; exit 1; }

workdir=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
	--dir "$workdir" --loglevel warning >"$workdir/redis.log" 2>&1 &
redis_pid=$!
cleanup() {
	kill "$redis_pid" 2>/dev/null || true
	wait "$redis_pid" 2>/dev/null || true
	rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Wait until it answers (up to 10 s).
for _ in $(seq 100); do
	if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
		break
	fi
	if ! kill -0 "$redis_pid" 2>/dev/null; then
		echo "ci.sh: redis-server exited:" >&2
		cat "$workdir/redis.log" >&2
		exit 1
	fi
	sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null

export REDIS_ADDR="127.0.0.1:$port"
echo "ci.sh: $(redis-server --version | awk '{print $3}') on $REDIS_ADDR" >&2
go test -race -count=1 -v ./...
# The rate three clients achieve on this machine, for people to read: the
# benchmark asserts nothing (the bounds are tested on a fake clock above).
go test -run '^$' -bench SharedBudget -benchtime 100x ./...
