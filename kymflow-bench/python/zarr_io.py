"""python3-zarr side of ArrayIoBenchmark: same data, compressor, chunks; median of repeated runs.

Prints one JSON object: {"<array>": {"write_ms": median, "read_ms": median}, ...}.
Usage: zarr_io.py [REPEATS]
"""
import json
import shutil
import sys
import tempfile
import time

import numpy as np
import zarr
from numcodecs import Blosc


def bench_data(n):
    i = np.arange(n, dtype=np.uint64)
    h = (i * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)
    return ((h >> np.uint64(20)) & np.uint64(0x3FF)) + np.uint64(100)


repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
arrays = {
    "kymograph_30000x38_uint16": (bench_data(30000 * 38).astype(np.uint16).reshape(30000, 38), (512, 38)),
    "volume_64x256x256_uint8": (bench_data(64 * 256 * 256).astype(np.uint8).reshape(64, 256, 256), (1, 256, 256)),
}
compressor = Blosc(cname="zstd", clevel=3, shuffle=Blosc.BITSHUFFLE)
result = {}
for name, (data, chunks) in arrays.items():
    root = tempfile.mkdtemp(prefix="kymflow-pybench")
    writes, reads = [], []
    try:
        for k in range(repeats + 5):  # the first 5 are warm-up
            path = "%s/a%d" % (root, k)
            t0 = time.perf_counter()
            z = zarr.open_array(path, mode="w", shape=data.shape, chunks=chunks, dtype=data.dtype, compressor=compressor)
            z[...] = data
            t1 = time.perf_counter()
            back = zarr.open_array(path, mode="r")[...]
            t2 = time.perf_counter()
            assert np.array_equal(back, data)
            if k >= 5:
                writes.append((t1 - t0) * 1000)
                reads.append((t2 - t1) * 1000)
            shutil.rmtree(path)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    result[name] = {"write_ms": float(np.median(writes)), "read_ms": float(np.median(reads))}
print(json.dumps(result))
