package org.kymflow.builtin.events;

/**
 * {@code numpy.argsort(values)} with its default kind (an introsort: median-of-three quicksort, insertion
 * sort below 16 elements, heapsort past twice log2(n) levels), because the order it gives equal values is
 * part of the result: the Python detector's top-k fallback picks the first of tied scores in this order,
 * and a stable sort picks another event (the Capillary reference trace has such ties). NaN sorts last.
 * Checked against numpy 1.24 on arrays full of ties ({@code TestNumpyArgsort}).
 */
final class NumpyArgsort {
    private static final int SMALL = 15;

    private NumpyArgsort() {
    }

    private static boolean less(double a, double b) {
        return a < b || (b != b && a == a);
    }

    /**
     * @param v the values
     * @return the indices that sort them, as numpy's default argsort orders them
     */
    static int[] argsort(double[] v) {
        int n = v.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n < 2) {
            return idx;
        }
        int[] stack = new int[128];
        int[] depths = new int[64];
        int sp = 0;
        int dp = 0;
        int lo = 0;
        int hi = n - 1;
        int depth = 2 * (31 - Integer.numberOfLeadingZeros(n));
        while (true) {
            if (depth < 0) {
                heapsort(v, idx, lo, hi - lo + 1);
            } else {
                while (hi - lo > SMALL) {
                    int mid = lo + ((hi - lo) >> 1);
                    if (less(v[idx[mid]], v[idx[lo]])) {
                        swap(idx, mid, lo);
                    }
                    if (less(v[idx[hi]], v[idx[mid]])) {
                        swap(idx, hi, mid);
                    }
                    if (less(v[idx[mid]], v[idx[lo]])) {
                        swap(idx, mid, lo);
                    }
                    double pivot = v[idx[mid]];
                    int i = lo;
                    int j = hi - 1;
                    swap(idx, mid, j);
                    while (true) {
                        do {
                            i++;
                        } while (less(v[idx[i]], pivot));
                        do {
                            j--;
                        } while (less(pivot, v[idx[j]]));
                        if (i >= j) {
                            break;
                        }
                        swap(idx, i, j);
                    }
                    swap(idx, i, hi - 1);
                    // the larger side waits on the stack; the smaller is done next
                    if (i - lo < hi - i) {
                        stack[sp++] = i + 1;
                        stack[sp++] = hi;
                        hi = i - 1;
                    } else {
                        stack[sp++] = lo;
                        stack[sp++] = i - 1;
                        lo = i + 1;
                    }
                    depths[dp++] = --depth;
                }
                for (int i = lo + 1; i <= hi; i++) {
                    int moving = idx[i];
                    double value = v[moving];
                    int j = i;
                    while (j > lo && less(value, v[idx[j - 1]])) {
                        idx[j] = idx[j - 1];
                        j--;
                    }
                    idx[j] = moving;
                }
            }
            if (sp == 0) {
                return idx;
            }
            hi = stack[--sp];
            lo = stack[--sp];
            depth = depths[--dp];
        }
    }

    /** Heapsort of idx[from, from + n), one-based inside as numpy's is. */
    private static void heapsort(double[] v, int[] idx, int from, int n) {
        int base = from - 1;
        for (int l = n >> 1; l > 0; l--) {
            sift(v, idx, base, l, n, idx[base + l]);
        }
        for (int m = n; m > 1; ) {
            int tmp = idx[base + m];
            idx[base + m] = idx[base + 1];
            m--;
            sift(v, idx, base, 1, m, tmp);
        }
    }

    private static void sift(double[] v, int[] idx, int base, int start, int n, int tmp) {
        int i = start;
        int j = start << 1;
        while (j <= n) {
            if (j < n && less(v[idx[base + j]], v[idx[base + j + 1]])) {
                j++;
            }
            if (less(v[tmp], v[idx[base + j]])) {
                idx[base + i] = idx[base + j];
                i = j;
                j += j;
            } else {
                break;
            }
        }
        idx[base + i] = tmp;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
