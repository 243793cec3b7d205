#!/usr/bin/env python3
"""Turns JMH JSON results into markdown tables: one row per (benchmark, dim), one column per
implementation, plus ratios of Akasha to the others measured in the same run.

usage: jmh_summary.py RESULT.json [RESULT.json ...]   (standard library only)
"""
import json
import sys
from collections import defaultdict


def load(paths):
    rows = defaultdict(dict)  # (benchmark, dim) -> impl -> (score, error, unit)
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                name = r["benchmark"].rsplit(".", 1)[-1]
                params = r.get("params", {})
                impl = params.get("impl", "akasha")
                extra = [a for a in r.get("jvmArgs", []) if a.startswith("-Dakasha.vector.bits=")]
                if extra:
                    impl += "-" + extra[-1].split("=")[1]
                m = r["primaryMetric"]
                rows[(name, int(params.get("dim", 0)))][impl] = (m["score"], m["scoreError"], m["scoreUnit"])
    return rows


def main(paths):
    rows = load(paths)
    impls = sorted({i for v in rows.values() for i in v}, key=lambda i: (i != "akasha", i))
    unit = next(iter(next(iter(rows.values())).values()))[2]
    header = ["kernel", "dim"] + [f"{i} ({unit})" for i in impls]
    ratios = [i for i in impls if i != "akasha"]
    header += [f"akasha / {i}" for i in ratios]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for (name, dim) in sorted(rows):
        cells = rows[(name, dim)]
        line = [name, str(dim)]
        for i in impls:
            line.append(f"{cells[i][0]:.3g} ± {cells[i][1]:.2g}" if i in cells else "")
        for i in ratios:
            ok = "akasha" in cells and i in cells and cells[i][0] > 0
            line.append(f"{cells['akasha'][0] / cells[i][0]:.2f}x" if ok else "")
        print("| " + " | ".join(line) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
