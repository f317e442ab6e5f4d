"""Writes a dataset as the Python kymflow_zarr package lays it out, using only Debian's zarr/numcodecs.

Usage: write_kymflow_dataset.py OUT_DIR [--small]   (--small: two tiny images, for the committed fixture)
Prints one JSON line: {"image_ids": [...]} so the Java test knows what to expect.
"""
import gzip
import json
import sys
import uuid

import numpy as np
import zarr
from numcodecs import Blosc

from formula import expected_values

out = sys.argv[1]
store = zarr.DirectoryStore(out)
root = zarr.group(store=store, overwrite=True)
root.attrs.update({"format": "kymflow_zarr_v1", "schema_version": 1,
                   "created_utc": "2026-11-26T17:00:00Z", "updated_utc": "2026-11-26T17:00:00Z"})
images = root.create_group("images")
root.create_group("index")
compressor = Blosc(cname="zstd", clevel=3, shuffle=Blosc.BITSHUFFLE)

SMALL = "--small" in sys.argv
specs = [
    ("uint16", (300, 38), ["y", "x"]),
    ("uint8", (4, 64, 50), ["z", "y", "x"]),
    ("float32", (2, 20, 30, 3), ["z", "y", "x", "c"]),
    ("int16", (40, 600), ["y", "x"]),
    ("float64", (2, 3, 10, 12, 2), ["t", "z", "y", "x", "c"]),
    ("int32", (70, 9), ["y", "x"]),
]
if SMALL:
    specs = [("uint16", (30, 8), ["y", "x"]), ("uint8", (2, 6, 5), ["z", "y", "x"])]
ids = []
for k, (dtype, shape, axes) in enumerate(specs):
    image_id = str(uuid.uuid4())
    ids.append(image_id)
    g = images.create_group(image_id)
    g.attrs.update({"axes": axes, "created_utc": "2026-11-26T17:00:0%dZ" % k, "updated_utc": "2026-11-26T17:00:0%dZ" % k})
    arr = expected_values(dtype, shape, k)
    chunks = tuple(1 if a in ("t", "z", "c") else min(s, 512) for a, s in zip(axes, shape))
    g.create_dataset("data", data=arr, chunks=chunks, compressor=compressor)
    # the canonical metadata payload, plain JSON with indent 2
    meta = {"header": {"voxels": [0.001, 0.284], "acquired_local_epoch_ns": 1667400000000000000 + k},
            "experiment_metadata": {"note": "ünïcode ✓", "index": k},
            "rois": [{"roi_id": 1, "roi_type": "rect", "data": {"x0": 1, "x1": 5, "y0": 0, "y1": 10}}]}
    store["images/%s/analysis/metadata.json" % image_id] = json.dumps(meta, indent=2).encode("utf-8")
    # the provenance the package's ingest writes (its sources table is optional: this dataset has none)
    store["images/%s/analysis/provenance.json" % image_id] = json.dumps(
        {"original_path": "/lab/scan_%d.tif" % k, "source_primary_path": "/lab/scan_%d.tif" % k}, indent=2).encode("utf-8")
    # a legacy gzip JSON artifact
    store["images/%s/analysis/legacy.json.gz" % image_id] = gzip.compress(json.dumps({"legacy": True, "k": k}).encode())

print(json.dumps({"image_ids": ids}))
