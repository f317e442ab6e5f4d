"""Opens a dataset written by Java with Debian's zarr and checks every value and attribute.

Usage: check_java_dataset.py DATASET EXPECTED_JSON
EXPECTED_JSON lists images: {"image_id", "dtype", "shape", "axes", "chunks", "seed"} where pixel i of
image k is formula(i, seed) below. Exits non-zero with a message on the first difference.
"""
import gzip
import json
import sys

import numpy as np
import zarr

from formula import expected_values


def fail(msg):
    print("MISMATCH: " + msg)
    sys.exit(1)


path, expected_path = sys.argv[1], sys.argv[2]
expected = json.load(open(expected_path))
root = zarr.open_group(path, mode="r")
if root.attrs.get("format") != "kymflow_zarr_v1" or root.attrs.get("schema_version") != 1:
    fail("root attrs %r" % dict(root.attrs))
for key in ("created_utc", "updated_utc"):
    if not str(root.attrs.get(key, "")).endswith("Z"):
        fail("root attr %s = %r" % (key, root.attrs.get(key)))
ids = sorted(root["images"].group_keys())
if ids != sorted(e["image_id"] for e in expected["images"]):
    fail("image ids %r" % ids)
for e in expected["images"]:
    g = root["images"][e["image_id"]]
    if list(g.attrs["axes"]) != e["axes"]:
        fail("axes %r != %r" % (g.attrs["axes"], e["axes"]))
    a = g["data"]
    if a.dtype != np.dtype(e["dtype"]) or list(a.shape) != e["shape"] or list(a.chunks) != e["chunks"]:
        fail("array %s: %s %s %s" % (e["image_id"], a.dtype, a.shape, a.chunks))
    comp = a.compressor.get_config()
    if comp != {"id": "blosc", "cname": "zstd", "clevel": 3, "shuffle": 2, "blocksize": 0}:
        fail("compressor %r" % comp)
    if a.fill_value != 0 or a.order != "C" or a.filters is not None:
        fail("fill/order/filters %r %r %r" % (a.fill_value, a.order, a.filters))
    want = expected_values(e["dtype"], e["shape"], e["seed"])
    got = a[...]
    if not np.array_equal(got, want):
        fail("pixels of %s differ at %r" % (e["image_id"], np.argwhere(got != want)[:3].tolist()))
    # a region read, as a user would do
    if a.ndim == 2 and not np.array_equal(a[3:17, 2:5], want[3:17, 2:5]):
        fail("region of %s" % e["image_id"])
    meta = json.loads(root.store["images/%s/analysis/metadata.json" % e["image_id"]].decode("utf-8"))
    if meta != e["metadata"]:
        fail("metadata %r != %r" % (meta, e["metadata"]))
manifest = json.loads(gzip.decompress(root.store["index/manifest.json.gz"]).decode("utf-8"))
for key in ("schema_version", "format", "created_utc", "updated_utc", "images"):
    if key not in manifest:
        fail("manifest lacks %s" % key)
if sorted(i["image_id"] for i in manifest["images"]) != ids:
    fail("manifest ids")
for i in manifest["images"]:
    for key in ("image_id", "shape", "dtype", "chunks", "axes", "created_utc", "updated_utc", "acquired_local_epoch_ns", "analysis_keys"):
        if key not in i:
            fail("manifest image lacks %s" % key)
print("OK %d images" % len(ids))
