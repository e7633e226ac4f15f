#!/usr/bin/env python3
"""Compares two dumps of scripts/dump/dump.sh number by number, ignoring key order and added keys.

    scripts/dump/compare.py target/dump-before target/dump-after

diff -r says whether two dumps are identical; when a change adds fields or reorders keys (as the measure registry
did), this says which numbers changed: for every JSON value of the first dump (metrics.jsonl line by line, eval and
log lines, measure.json) it prints the path whose value differs in the second, and it lists added and removed paths
per file kind. Weights (model.safetensors) and printed tables (measure.txt) are compared byte for byte and line by
line. Exit status 0 when no number of the first dump changed.
"""
import json
import os
import sys


def flatten(node, prefix, out):
    if isinstance(node, dict):
        for k, v in node.items():
            flatten(v, f"{prefix}.{k}" if prefix else k, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            flatten(v, f"{prefix}[{i}]", out)
    else:
        out[prefix] = node
    return out


def load(path):
    if path.endswith(".jsonl"):
        out = {}
        with open(path) as f:
            for i, line in enumerate(f):
                if line.strip():
                    flatten(json.loads(line), f"line{i}", out)
        return out
    with open(path) as f:
        return flatten(json.load(f), "", {})


def general(path):
    """A path with line numbers and array indices of sites kept, but for summarising: line<i> -> line*."""
    head, _, rest = path.partition(".")
    return ("line*." + rest) if head.startswith("line") else path


def main(a, b):
    changed, added, removed, other = {}, set(), set(), []
    for run in sorted(os.listdir(a)):
        for name in sorted(os.listdir(os.path.join(a, run))):
            pa, pb = os.path.join(a, run, name), os.path.join(b, run, name)
            if not os.path.exists(pb):
                other.append(f"{run}/{name}: missing in {b}")
                continue
            if name.endswith(".json") or name.endswith(".jsonl"):
                x, y = load(pa), load(pb)
                for k, v in x.items():
                    if k not in y:
                        removed.add(f"{name}: {general(k)}")
                    elif y[k] != v:
                        changed.setdefault(f"{name}: {general(k)}", []).append(f"{run} {k}: {v} -> {y[k]}")
                for k in y.keys() - x.keys():
                    added.add(f"{name}: {general(k)}")
            else:
                with open(pa, "rb") as f, open(pb, "rb") as g:
                    if f.read() != g.read():
                        other.append(f"{run}/{name}: differs")
    for k in sorted(changed):
        print(f"CHANGED {k} ({len(changed[k])} values), e.g. {changed[k][0]}")
    for k in sorted(removed):
        print(f"REMOVED {k}")
    for k in sorted(added):
        print(f"ADDED {k}")
    for o in other:
        print(f"OTHER {o}")
    return 1 if changed or removed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
