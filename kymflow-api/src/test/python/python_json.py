"""Reads a JSON array of values from stdin; prints, per value, three tab-separated fields: its canonical JSON,
the SHA-256 of that, and its json.dumps(indent=4, sort_keys=True) form (each JSON-quoted).

Canonical JSON is json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False): the bytes
PythonJson.canonical and ParamsHash must reproduce. The indented form is what zarr-python writes for
.zattrs (ensure_ascii=True). Standard library only.
"""
import hashlib
import json
import sys

values = json.loads(sys.stdin.read())
for v in values:
    text = json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    indented = json.dumps(v, indent=4, sort_keys=True, ensure_ascii=True)
    sys.stdout.write(json.dumps(text) + "\t" + hashlib.sha256(text.encode("utf-8")).hexdigest() + "\t"
                     + json.dumps(indented) + "\n")
