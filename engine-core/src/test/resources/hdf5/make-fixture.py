#!/usr/bin/python3
"""Writes ann-small-euclidean.hdf5, a tiny file in ann-benchmarks' layout, with h5py and numpy
(Debian python3-h5py, python3-numpy; run with /usr/bin/python3). The neighbours are computed here
by numpy brute force, independently of Akasha. Committed output; rerun only to change it."""
import h5py
import numpy as np

rng = np.random.default_rng(2026)
train = rng.integers(-20, 21, size=(200, 12)).astype(np.float32)
test = rng.integers(-20, 21, size=(7, 12)).astype(np.float32)
d = ((test[:, None, :].astype(np.float64) - train[None, :, :]) ** 2).sum(-1)
# Order by (distance, id), as ann-benchmarks' and Akasha's ground truth do.
neighbors = np.array([np.lexsort((np.arange(len(train)), row))[:10] for row in d], dtype=np.int32)
distances = np.sqrt(np.take_along_axis(d, neighbors, axis=1)).astype(np.float32)
with h5py.File("ann-small-euclidean.hdf5", "w") as f:
    f.attrs["distance"] = "euclidean"
    f.attrs["point_type"] = "float"
    f.create_dataset("train", data=train)
    f.create_dataset("test", data=test)
    f.create_dataset("neighbors", data=neighbors)
    f.create_dataset("distances", data=distances)
