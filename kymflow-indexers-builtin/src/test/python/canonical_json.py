"""Reads a JSON array of values from stdin; prints, per value, its canonical JSON and SHA-256 (tab-separated).

Canonical JSON is json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False): the bytes
the Java CanonicalJson must reproduce. Standard library only.
"""
import hashlib
import json
import sys

values = json.loads(sys.stdin.read())
for v in values:
    text = json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    sys.stdout.write(json.dumps(text) + "\t" + hashlib.sha256(text.encode("utf-8")).hexdigest() + "\n")
