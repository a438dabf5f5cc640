#!/usr/bin/env python3
"""make bench, serve: signed Page deliveries posted to `civicpulse serve` on 127.0.0.1 at a set rate.

For one rate, for a bounded time: how many deliveries serve answered 200 (and 503, or anything
else), whether every one answered 200 is in the log (nothing lost), the 200's latency, and the
freshness of a sample of them: from the 200 until the item is in projections.response_items,
the table `civicpulse sla` reads (with `process --follow` running beside serve). Prints one JSON
object.

Only 127.0.0.1: serve's port is the only target. The secret comes from
CIVICPULSE_META_APP_SECRET in the environment (never the command line, where ps shows it), as
serve reads it. The database is psql's, from the PG* environment.
"""
import argparse
import hashlib
import hmac
import http.client
import json
import os
import queue
import subprocess
import threading
import time

PAGE = "610000000000001"  # the example council's main Page (pipelines/example-council.yaml)
FRESHNESS_SAMPLES_PER_S = 50  # enough for a p99, few enough for one query every poll
LATE_AFTER_S = 30  # a sampled item not in the read model this long after the run is counted late


def delivery(run, index, now):
    """A resident's comment on a post of its own: each delivery opens a response item of its own."""
    post = f"{PAGE}_13{run:04d}{index:09d}"
    comment = f"13{run:04d}{index:09d}_14{run:04d}{index:09d}"
    body = {"object": "page", "entry": [{"id": PAGE, "time": now, "changes": [{"field": "feed", "value": {
        "item": "comment", "verb": "add", "comment_id": comment, "post_id": post, "parent_id": post,
        "from": {"id": f"51{run:04d}{index:09d}", "name": "Bench Resident"},
        "message": f"Bin missed on Elm Road, delivery {index}", "created_time": now}}]}]}
    return comment, json.dumps(body, separators=(",", ":")).encode()


class Psql:
    """One psql session for the whole run: a query costs a round trip, not a process start."""

    def __init__(self):
        self.process = subprocess.Popen(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def rows(self, sql):
        self.process.stdin.write(sql + ";\n\\echo __end__\n")
        self.process.stdin.flush()
        out = []
        for line in self.process.stdout:
            line = line.rstrip("\n")
            if line == "__end__":
                return out
            out.append(line)
        raise RuntimeError("psql stopped")

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(len(ordered) * p + 0.999999) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate", type=int, required=True, help="deliveries per second")
    parser.add_argument("--seconds", type=float, required=True, help="how long to send (at most 120)")
    parser.add_argument("--run", type=int, default=1, help="makes this run's ids unique (0-9999)")
    parser.add_argument("--clients", type=int, default=64, help="connections posting at once")
    args = parser.parse_args()
    if not (1 <= args.rate <= 20000 and 0 < args.seconds <= 120 and 0 <= args.run <= 9999 and 1 <= args.clients <= 256):
        parser.error("--rate 1-20000, --seconds up to 120, --run 0-9999, --clients 1-256")
    secret = os.environ.get("CIVICPULSE_META_APP_SECRET", "").encode()
    if not secret:
        parser.error("CIVICPULSE_META_APP_SECRET is not set")

    total = int(args.rate * args.seconds)
    sample_every = max(1, args.rate // FRESHNESS_SAMPLES_PER_S)
    lock = threading.Lock()
    statuses, latencies, acknowledged = {}, [], []
    pending = {}  # sampled comment id -> when its 200 arrived
    freshness = []
    work = queue.Queue()
    start = time.monotonic() + 0.5
    for index in range(total):
        work.put((index, start + index / args.rate))

    def client():
        connection = None
        while True:
            try:
                index, due = work.get_nowait()
            except queue.Empty:
                break
            time.sleep(max(0.0, due - time.monotonic()))
            comment, body = delivery(args.run, index, int(time.time()))
            signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            sent = time.monotonic()
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
                connection.request("POST", "/webhooks/meta", body=body,
                                   headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                status = 0
                if connection:
                    connection.close()
                connection = None
            answered = time.monotonic()
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                # From when it was due, not when a client was free: a queue in the client is time too.
                latencies.append(answered - due)
                if status == 200:
                    acknowledged.append(comment)
                    if index % sample_every == 0:
                        pending[comment] = answered
        if connection:
            connection.close()

    sending = True

    def poll():
        psql = Psql()
        deadline = None
        while True:
            with lock:
                waiting = list(pending)
            if waiting:
                ids = ",".join("'" + comment + "'" for comment in waiting)  # our own digits and '_': nothing to quote
                # An item's platform id is its first message's, in the log (migration 156).
                found = psql.rows("SELECT e.source_id FROM projections.response_items i JOIN civicpulse.events e "
                                  f"ON e.event_id = i.item_id WHERE i.org = 'harbourside' AND e.source_id IN ({ids})")
                seen = time.monotonic()
                with lock:
                    for comment in found:
                        answered = pending.pop(comment, None)
                        if answered is not None:
                            freshness.append(max(0.0, seen - answered))
            elif not sending:
                break
            if not sending:
                deadline = deadline or time.monotonic() + LATE_AFTER_S
                if time.monotonic() > deadline:
                    break
            time.sleep(0.02)
        psql.close()

    poller = threading.Thread(target=poll)
    poller.start()
    clients = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    elapsed = time.monotonic() - start
    sending = False
    poller.join()

    psql = Psql()
    stored = set(psql.rows(f"SELECT source_id FROM civicpulse.events WHERE source_id LIKE '13{args.run:04d}%'"))
    psql.close()
    lost = [comment for comment in acknowledged if comment not in stored]
    ms = lambda value: None if value is None else round(value * 1000, 1)
    print(json.dumps({
        "rate": args.rate, "seconds": round(elapsed, 2), "sent": total,
        "answered_200": statuses.get(200, 0), "answered_503": statuses.get(503, 0),
        "answered_other": total - statuses.get(200, 0) - statuses.get(503, 0),
        "acknowledged_per_s": round(statuses.get(200, 0) / elapsed, 1),
        "lost": len(lost),
        "latency_p50_ms": ms(percentile(latencies, 0.5)), "latency_p99_ms": ms(percentile(latencies, 0.99)),
        "freshness_samples": len(freshness), "freshness_late": len(pending),
        "freshness_p50_ms": ms(percentile(freshness, 0.5)), "freshness_p99_ms": ms(percentile(freshness, 0.99)),
    }))


if __name__ == "__main__":
    main()
