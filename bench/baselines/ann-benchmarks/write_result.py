#!/usr/bin/python3
"""Writes one ann-benchmarks result file with h5py, the way ann-benchmarks' own store_results does
(string attributes as Python str, datasets times / neighbors / distances). Akasha's runner
computes the content and calls this with a folder holding attrs.json, neighbors.ivecs,
distances.fvecs and times.txt (seconds per query). Debian python3-h5py, python3-numpy."""
import json
import sys

import h5py
import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    dim = int(raw[0])
    return raw.reshape(-1, dim + 1)[:, 1:].copy().view(dtype)


def main(folder, target):
    with open(f"{folder}/attrs.json") as f:
        attrs = json.load(f)
    neighbors = read_vecs(f"{folder}/neighbors.ivecs", np.int32)
    distances = read_vecs(f"{folder}/distances.fvecs", np.float32)
    times = np.loadtxt(f"{folder}/times.txt", dtype=np.float32, ndmin=1)
    with h5py.File(target, "w") as f:
        for key, value in attrs.items():
            f.attrs[key] = value
        f.create_dataset("times", data=times, dtype="f")
        f.create_dataset("neighbors", data=neighbors, dtype="i")
        f.create_dataset("distances", data=distances, dtype="f")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: write_result.py FOLDER TARGET.hdf5")
    main(sys.argv[1], sys.argv[2])
