# The Python kymflow's estimate_heart_rate_segment_series (method "welch", defaults) on one trace, written
# from its steps with numpy and Debian's scipy, for TestHeartRateSegments. Reads "time velocity" lines on
# stdin (velocity "nan" where missing); prints "t_center valid_frac bpm snr bc" per window ("nan" for none).
import sys
import numpy as np
from scipy import signal

rows = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
t = np.array([float(r[0]) for r in rows])
v = np.array([float(r[1]) for r in rows])
lo, hi = 4.0, 10.0


def interpolate_small_gaps(t, x, max_gap):
    m = np.isfinite(x) & np.isfinite(t)
    out = x.copy()
    if np.sum(m) < 2 or np.all(np.isfinite(out)):
        return out
    interp = np.interp(t, t[m], out[m])
    nan_idx = np.flatnonzero(~np.isfinite(out))
    runs, s, prev = [], int(nan_idx[0]), int(nan_idx[0])
    for i in nan_idx[1:]:
        i = int(i)
        if i == prev + 1:
            prev = i
        else:
            runs.append((s, prev))
            s = prev = i
    runs.append((s, prev))
    for a, b in runs:
        if (float(t[b] - t[a]) if b > a else 0.0) <= max_gap:
            out[a:b + 1] = interp[a:b + 1]
    return out


def welch_estimate(tv, vv):
    x = np.abs(vv)
    med = np.nanmedian(x)
    mad = np.nanmedian(np.abs(x - med))
    if np.isfinite(mad) and mad != 0:
        x = np.clip(x, med - 4 * 1.4826 * mad, med + 4 * 1.4826 * mad)
    m = np.isfinite(x)
    if np.any(m):
        x[m] = x[m] - float(np.mean(x[m]))
    if int(np.sum(np.isfinite(tv) & np.isfinite(x))) < 256:
        return None
    xi = interpolate_small_gaps(tv, x, 0.05)
    mw = np.isfinite(tv) & np.isfinite(xi)
    if int(np.sum(mw)) < 256:
        return None
    dt = np.diff(tv[mw])
    fs = 1.0 / float(np.median(dt[np.isfinite(dt) & (dt > 0)]))
    b, a = signal.butter(3, [lo / (0.5 * fs), hi / (0.5 * fs)], btype="bandpass")
    xf = signal.filtfilt(b, a, xi[mw])
    nperseg = int(np.clip(round(fs * 2.0), 128, 8192))
    f, p = signal.welch(xf, fs=fs, nperseg=min(nperseg, xf.size), detrend=False, scaling="density")
    band = (f >= lo) & (f <= hi)
    fb, pb = f[band], p[band]
    i = int(np.argmax(pb))
    bc = float(np.sum(pb[np.abs(fb - fb[i]) <= 0.5]) / np.sum(pb))
    return 60.0 * fb[i], pb[i] / np.median(pb), bc


finite = np.isfinite(t) & np.isfinite(v)
left, t_end = float(np.nanmin(t[finite])), float(np.nanmax(t[finite]))
while left + 6.0 <= t_end + 1e-9:
    right = left + 6.0
    m = (t >= left) & (t < right)
    if np.any(m):
        tv, vv = t[m], v[m]
        frac = float(np.sum(np.isfinite(tv) & np.isfinite(vv)) / tv.size)
        est = welch_estimate(tv, vv) if frac >= 0.5 else None
        print((left + right) * 0.5, frac, *(est if est else (float("nan"),) * 3))
    left += 1.0
