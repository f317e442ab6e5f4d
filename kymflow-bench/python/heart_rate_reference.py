"""The Python kymflow's heart-rate steps (HeartRateAnalysis.run_roi, both methods, defaults), timed on ROI 1
of the real capillary with Debian's scipy: the same calls in the same order (preprocessing, lombscargle on
512 frequencies, gap interpolation, butter + filtfilt, welch, peaks and QC). Written from the steps that
../shared/data/README.md describes, so that it runs without pandas or the kymflow package.
Prints {"runs": n, "ms_per_trace": median, "lomb_bpm": ..., "welch_bpm": ...}.
Usage: heart_rate_reference.py DATA_DIR [RUNS]
"""
import csv
import json
import statistics
import sys
import time

import numpy as np
from scipy import signal

rows = [r for r in csv.DictReader(open(sys.argv[1] + "/Capillary1_0001_kymanalysis.csv")) if r["roi_id"] == "1"]
t = np.array([float(r["time"]) for r in rows])
v = np.array([float(r["velocity"]) if r["velocity"] else np.nan for r in rows])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
lo, hi = 4.0, 10.0


def peak(f, p):
    m = (f >= lo) & (f <= hi)
    fb, pb = f[m], p[m]
    i = int(np.argmax(pb))
    snr = pb[i] / np.median(pb)
    edge = fb[i] <= lo + 0.3 or fb[i] >= hi - 0.3
    bc = np.sum(pb[np.abs(fb - fb[i]) <= 0.5]) / np.sum(pb)
    return fb[i], snr, edge, bc


def run():
    x = np.abs(v)
    med = np.nanmedian(x)
    mad = np.nanmedian(np.abs(x - med))
    x = np.clip(x, med - 4 * 1.4826 * mad, med + 4 * 1.4826 * mad)
    m = np.isfinite(x)
    x[m] = x[m] - np.mean(x[m])
    m = np.isfinite(t) & np.isfinite(x)
    f = np.linspace(lo, hi, 512)
    y = x[m] - np.mean(x[m])
    lomb = peak(f, signal.lombscargle(t[m], y, 2 * np.pi * f, precenter=False, normalize=True))
    xi = x.copy()
    bad = ~np.isfinite(xi)
    if np.any(bad):
        xi[bad] = np.interp(t[bad], t[~bad], x[~bad])  # every gap of this trace is short: all are filled
    fs = 1.0 / np.median(np.diff(t))
    b, a = signal.butter(3, [lo / (0.5 * fs), hi / (0.5 * fs)], btype="bandpass")
    xf = signal.filtfilt(b, a, xi)
    nperseg = int(np.clip(round(fs * 2.0), 128, 8192))
    fw, pw = signal.welch(xf, fs=fs, nperseg=min(nperseg, xf.size), detrend=False, scaling="density")
    welch = peak(fw, pw)
    return lomb, welch


times = []
for _ in range(runs):
    start = time.perf_counter()
    lomb, welch = run()
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps({"runs": runs, "ms_per_trace": statistics.median(times), "lomb_bpm": 60 * lomb[0], "welch_bpm": 60 * welch[0]}))
