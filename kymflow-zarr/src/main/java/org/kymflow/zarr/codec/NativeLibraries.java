package org.kymflow.zarr.codec;

import org.kymflow.zarr.ZarrException;

/** Turns a native codec library that cannot load into one clear error instead of a bare LinkageError. */
final class NativeLibraries {
    private NativeLibraries() {
    }

    /**
     * @param library the codec ("blosc", "zstd")
     * @param e what the JVM reported
     * @return the error to throw: what failed, where natives are unpacked, and the JVM's reason
     */
    static ZarrException unavailable(String library, LinkageError e) {
        return new ZarrException("the native " + library + " library cannot be loaded on this machine ("
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): it is unpacked into java.io.tmpdir="
                + System.getProperty("java.io.tmpdir") + ", which must be writable and allow executables; the JVM said "
                + e, e);
    }
}
