#!/usr/bin/python3
"""FAISS worker for Akasha's ANN runner (Debian python3-faiss and python3-numpy; run with
/usr/bin/python3, the interpreter that sees Debian's modules). Reads a job file (see AnnJob.java
for the contract) and writes build.txt, ids-<point>.ivecs and timings.csv.

build.index = hnsw (IndexHNSWFlat: build.M, build.efConstruction; the sweep sets efSearch)
            | flat (IndexFlatL2 / IndexFlatIP; one default point)

Single-thread QPS is one query per search() call with FAISS's OpenMP pool at one thread. FAISS
parallelises inside a call, over the queries of a batch, so its N-thread figure is one search()
call over all queries with N OpenMP threads."""
import sys
import time

import faiss
import numpy as np


def read_job(path):
    job = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                job[key] = value
    return job


def read_fvecs(path):
    raw = np.fromfile(path, dtype=np.int32)
    dim = int(raw[0])
    rows = raw.reshape(-1, dim + 1)
    if not (rows[:, 0] == dim).all():
        sys.exit(f"faiss-worker: {path}: records of different dimensions")
    return np.ascontiguousarray(rows[:, 1:].view(np.float32))


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def percentile(values, p):
    ordered = sorted(values)
    rank = max(1, int(np.ceil(p / 100.0 * len(ordered))))
    return ordered[rank - 1]


def main(job_path):
    job = read_job(job_path)
    out = job["output"]
    k = int(job["k"])
    threads = int(job["threads"])
    repetitions = int(job["repetitions"])
    warmup = float(job["warmup_seconds"])
    measure = float(job["measure_seconds"])
    kind = job.get("build.index", "hnsw")
    sweep = [p for p in job["sweep"].split(",") if p] or ["default"]
    base = read_fvecs(job["base"])
    queries = read_fvecs(job["queries"])
    metric = faiss.METRIC_L2 if job["metric"] == "l2" else faiss.METRIC_INNER_PRODUCT

    faiss.omp_set_num_threads(threads)
    start = time.perf_counter()
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(base.shape[1], int(job.get("build.M", "16")), metric)
        index.hnsw.efConstruction = int(job.get("build.efConstruction", "200"))
    elif kind == "flat":
        index = faiss.IndexFlat(base.shape[1], metric)
    else:
        sys.exit(f"faiss-worker: unknown build.index '{kind}' (hnsw or flat)")
    index.add(base)
    build_seconds = time.perf_counter() - start
    index_bytes = faiss.serialize_index(index).size
    with open(f"{out}/build.txt", "w") as f:
        f.write(f"build_seconds={build_seconds}\nindex_bytes={index_bytes}\n"
                f"rss_kb={status_kib('VmRSS:')}\npeak_rss_kb={status_kib('VmHWM:')}\n")

    print("akasha-progress built", flush=True)
    rows = ["point,repetition,qps_single,qps_threads,p50_us,p95_us,p99_us,p999_us"]
    singles = [queries[i:i + 1] for i in range(len(queries))]
    # Every point once, untimed, before anything is timed (the same protocol as the JVM workers).
    faiss.omp_set_num_threads(1)
    for point in sweep:
        if point != "default":
            index.hnsw.efSearch = int(point)
        end = time.perf_counter() + warmup / 2
        i = 0
        while time.perf_counter() < end:
            index.search(singles[i % len(singles)], k)
            i += 1
    for point in sweep:
        if point != "default":
            index.hnsw.efSearch = int(point)
        faiss.omp_set_num_threads(1)
        end = time.perf_counter() + warmup
        i = 0
        while time.perf_counter() < end:
            index.search(singles[i % len(singles)], k)
            i += 1
        ids = None
        for rep in range(repetitions):
            faiss.omp_set_num_threads(1)
            latency = []
            found = np.empty((len(queries), k), dtype=np.int32)
            loop_start = time.perf_counter()
            passes = 0
            while passes == 0 or time.perf_counter() - loop_start < measure:
                for q, query in enumerate(singles):
                    t = time.perf_counter_ns()
                    _, labels = index.search(query, k)
                    latency.append((time.perf_counter_ns() - t) / 1e3)
                    if passes == 0:
                        found[q] = labels[0]
                passes += 1
            single = passes * len(queries) / (time.perf_counter() - loop_start)
            faiss.omp_set_num_threads(threads)
            batch_start = time.perf_counter()
            batches = 0
            while batches == 0 or time.perf_counter() - batch_start < measure:
                index.search(queries, k)
                batches += 1
            threaded = batches * len(queries) / (time.perf_counter() - batch_start)
            rows.append(f"{point},{rep},{single:.3f},{threaded:.3f},{percentile(latency, 50):.3f},"
                        f"{percentile(latency, 95):.3f},{percentile(latency, 99):.3f},{percentile(latency, 99.9):.3f}")
            if rep == 0:
                ids = found
                first_pass = latency[:len(queries)]
        with open(f"{out}/times-{point}.txt", "w") as f:
            f.write("".join(f"{t:.3f}\n" for t in first_pass))
        with open(f"{out}/ids-{point}.ivecs", "wb") as f:
            for row in ids:
                np.array([k], dtype=np.int32).tofile(f)
                row.astype(np.int32).tofile(f)
        print(f"akasha-progress point {point}", flush=True)
    with open(f"{out}/timings.csv", "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: faiss_worker.py JOB_FILE")
    main(sys.argv[1])
