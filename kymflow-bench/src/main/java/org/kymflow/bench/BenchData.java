package org.kymflow.bench;

/**
 * Deterministic benchmark data that the Python side computes identically (see python/zarr_io.py):
 * 10-bit hash noise plus 100, like a two-photon detector's counts, so both compress the same.
 */
public final class BenchData {
    private BenchData() {
    }

    /** @return value i of the sequence, in 100..1123 */
    static int value(long i) {
        long h = (i * 2654435761L) & 0xFFFFFFFFL;
        return (int) ((h >>> 20) & 0x3FF) + 100;
    }

    /**
     * @param n how many
     * @return n uint16 values
     */
    public static short[] uint16(int n) {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            out[i] = (short) value(i);
        }
        return out;
    }

    /**
     * @param n how many
     * @return n uint8 values (the sequence modulo 256)
     */
    public static byte[] uint8(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) value(i);
        }
        return out;
    }
}
