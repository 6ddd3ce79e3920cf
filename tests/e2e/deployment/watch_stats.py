#!/usr/bin/env python3
"""Replays a `kubectl get pods -w -o json --output-watch-events` stream and
reports what a rollout looked like at every moment, for deployment_test.sh:

  watch_stats.py FILE surge N  -> "<max pods> <min ready pods> <pods seen>",
                                  counting pods that are not terminating,
                                  from the first moment N of them were ready
  watch_stats.py FILE overlap  -> the largest number of pod-template-hash
                                  values present at once (any pod not yet
                                  deleted and not terminal)
"""
import json
import sys


def events(path):
    text = open(path).read()
    dec = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        obj, i = dec.raw_decode(text, i)
        yield obj


def ready(pod):
    for c in pod.get("status", {}).get("conditions", []) or []:
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


def main():
    path, mode = sys.argv[1], sys.argv[2]
    replicas = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    pods = {}
    seen = set()
    max_total, min_ready, started, max_hashes = 0, None, False, 0
    for ev in events(path):
        pod = ev["object"]
        name = pod["metadata"]["name"]
        seen.add(name)
        if ev["type"] == "DELETED":
            pods.pop(name, None)
        else:
            pods[name] = pod
        live = [p for p in pods.values() if not p["metadata"].get("deletionTimestamp")]
        n_ready = sum(1 for p in live if ready(p))
        if mode == "surge":
            if not started and n_ready >= replicas:
                started = True
            if started:
                max_total = max(max_total, len(live))
                min_ready = n_ready if min_ready is None else min(min_ready, n_ready)
        else:
            hashes = {p["metadata"].get("labels", {}).get("pod-template-hash")
                      for p in pods.values()
                      if p.get("status", {}).get("phase") not in ("Succeeded", "Failed")}
            max_hashes = max(max_hashes, len(hashes))
    if mode == "surge":
        print(max_total, min_ready if min_ready is not None else -1, len(seen))
    else:
        print(max_hashes)


main()
