#!/usr/bin/env python3
"""Redis CPU per route call (route.lua), for docs/BENCHMARKS.md "Redis routing".

Starts its own redis-server on a free loopback port (no persistence), fills it as N live nodes
holding USERS users each would, then runs route.lua with redis-benchmark and reads the script's
Redis CPU per call from INFO commandstats (cmdstat_evalsha usec_per_call). Stops the server by
PID. Python 3 standard library only; needs redis-server, redis-cli and redis-benchmark.

  scripts/redis-route-cost.py [--layout directory|node-sets] [--scripts DIR] [--nodes 1,10,100,300]
                              [--users 10000] [--runs 3]

--layout directory (the default) is the current design: a directory entry per user naming the
nodes that hold it. --layout node-sets is the design before it (a user set per node, scanned for
every live node); run it with the route.lua of that time, e.g.
  git show 61b5bf3:cluster-redis/src/main/resources/io/parley/cluster/redis/route.lua > old/route.lua
  scripts/redis-route-cost.py --layout node-sets --scripts old

Two cases per node count: "1:1" (2 recipients: the sender, held by the publishing node, and a
peer held by another node) and "group" (1,000 recipients spread evenly over all the nodes, so
with N nodes the event goes to min(N - 1, 999) other nodes). The event is 200 bytes.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

PREFIX = "p:"
SELF = "n0"
FAR_FUTURE = 10**13  # milliseconds: the nodes never expire during a run


def resp(*parts):
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(port, *args, stdin=None):
    return subprocess.run(
        ["redis-cli", "-p", str(port), *args], input=stdin, capture_output=True, check=True
    ).stdout.decode()


def user(node, i, users):
    return node * users + 1 + i


def fill(port, layout, nodes, users):
    cli(port, "FLUSHALL")
    cmds = []
    cmds.append(resp("ZADD", PREFIX + "nodes", *sum(([FAR_FUTURE, "n%d" % n] for n in range(nodes)), [])))
    for n in range(nodes):
        ids = [user(n, i, users) for i in range(users)]
        for first in range(0, users, 1000):
            chunk = ids[first : first + 1000]
            index = "%snode:n%d:subs" % (PREFIX, n)
            cmds.append(resp("SADD", index, *chunk))
            if layout == "directory":
                pairs = sum((["%su:subs:%d" % (PREFIX, u), "n%d" % n] for u in chunk), [])
                cmds.append(resp("MSET", *pairs))
    cli(port, "--pipe", stdin=b"".join(cmds))


def recipients(case, nodes, users):
    if case == "1:1":
        return [user(0, 0, users), user(1 % nodes, 1, users)]
    return [user(i % nodes, i // nodes, users) for i in range(1000)]


def command(layout, sha, members):
    event = "x" * 200
    if layout == "directory":
        keys = ["%su:subs:%d" % (PREFIX, u) for u in members]
        return ["EVALSHA", sha, str(1 + len(keys)), PREFIX + "nodes", *keys,
                SELF, PREFIX + "node:", PREFIX + "u:subs:", event]
    return ["EVALSHA", sha, "1", PREFIX + "nodes", SELF, PREFIX + "node:", "subs", event,
            *[str(u) for u in members]]


def usec_per_call(port, cmd, calls):
    cli(port, "CONFIG", "RESETSTAT")
    subprocess.run(
        ["redis-benchmark", "-p", str(port), "-c", "8", "-n", str(calls), "-q", *cmd],
        capture_output=True, check=True,
    )
    for line in cli(port, "INFO", "commandstats").splitlines():
        if line.startswith("cmdstat_evalsha:"):
            fields = dict(f.split("=") for f in line.split(":", 1)[1].split(","))
            if fields.get("failed_calls", "0") != "0":
                sys.exit("route.lua failed: " + line)
            return float(fields["usec_per_call"])
    sys.exit("no evalsha in commandstats")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--layout", choices=["directory", "node-sets"], default="directory")
    parser.add_argument(
        "--scripts",
        default=os.path.join(
            os.path.dirname(__file__),
            "../cluster-redis/src/main/resources/io/parley/cluster/redis"),
    )
    parser.add_argument("--nodes", default="1,10,100,300")
    parser.add_argument("--users", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    port = free_port()
    workdir = tempfile.mkdtemp(prefix="parley-route-cost")
    pidfile = os.path.join(workdir, "redis.pid")
    subprocess.run(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--daemonize", "yes", "--pidfile", pidfile,
         "--logfile", os.path.join(workdir, "redis.log"), "--dir", workdir],
        check=True,
    )
    try:
        for _ in range(100):
            try:
                if cli(port, "PING").strip() == "PONG" and os.path.exists(pidfile):
                    break
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.05)
        # as LuaScript loads it: after the shared prelude, where the scripts have one
        body = ""
        for name in ["prelude.lua", "route.lua"]:
            path = os.path.join(args.scripts, name)
            if os.path.exists(path):
                with open(path) as f:
                    body += f.read()
        sha = cli(port, "SCRIPT", "LOAD", body).strip()
        print("layout=%s users/node=%d runs=%d" % (args.layout, args.users, args.runs))
        print("| live nodes | case | usec/call median | runs |")
        for nodes in [int(n) for n in args.nodes.split(",")]:
            fill(port, args.layout, nodes, args.users)
            for case in ["1:1", "group"]:
                cmd = command(args.layout, sha, recipients(case, nodes, args.users))
                probe = usec_per_call(port, cmd, 20)
                calls = max(50, min(50000, int(2_000_000 / max(probe, 1))))
                runs = sorted(usec_per_call(port, cmd, calls) for _ in range(args.runs))
                print("| %d | %s | %.1f | %s |" % (
                    nodes, case, statistics.median(runs), ", ".join("%.1f" % r for r in runs)),
                    flush=True)
    finally:
        with open(pidfile) as f:
            os.kill(int(f.read().strip()), 15)


if __name__ == "__main__":
    main()
