"""The reference Radon analysis (data/README.md), with scikit-image, timed on ROI 1 of the real kymograph.

Per window of 16 lines (step 4) over all 38 pixels: float32, subtract the mean, radon at 0..179 degrees,
argmax of the projection variance, then radon at coarse-2 .. coarse+1.75 by 0.25, argmax again.
Checks its angles against the reference CSV (so the timing is of the same computation) and prints
{"windows": n, "seconds": s, "seconds_per_window": s / n, "theta_agreement": fraction}.
Usage: radon_reference.py DATA_DIR [WINDOWS]   (WINDOWS defaults to all 7497; the rate extrapolates)
"""
import csv
import json
import sys
import time

import numpy as np
from PIL import Image
from skimage.transform import radon

data_dir = sys.argv[1]
img = np.array(Image.open(data_dir + "/Capillary1_0001.tif")).astype(np.float32)
ws, step = 16, 4
n_all = img.shape[0] // step - 3
n = min(int(sys.argv[2]), n_all) if len(sys.argv) > 2 else n_all
coarse = np.arange(180)
thetas = np.empty(n)
t0 = time.perf_counter()
for k in range(n):
    w = img[k * step:k * step + ws, :]
    w = w - np.mean(w)
    best = np.argmax(np.var(radon(w, theta=coarse, circle=False), 0))
    fine = best + np.arange(-2, 2, 0.25)
    thetas[k] = fine[np.argmax(np.var(radon(w, theta=fine, circle=False), 0))]
seconds = time.perf_counter() - t0
rows = [r for r in csv.DictReader(open(data_dir + "/Capillary1_0001_kymanalysis.csv")) if r["roi_id"] == "1"][:n]
delx, delt = 0.284, 35.099 / 30000
ours = delx / delt * np.tan(np.deg2rad(thetas.astype(np.float32))) / 1000
ref = np.array([float(r["velocity"]) for r in rows])
agree = float(np.mean(np.abs(ours - ref) <= 1e-6 * np.abs(ref) + 1e-9))
print(json.dumps({"windows": n, "seconds": seconds, "seconds_per_window": seconds / n,
                  "extrapolated_roi1_seconds": seconds / n * n_all, "theta_agreement": agree}))
