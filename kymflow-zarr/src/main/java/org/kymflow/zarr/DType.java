package org.kymflow.zarr;

import java.util.Locale;

/**
 * The element types KymFlow stores, with their Zarr v2 type strings (little endian) and numpy names.
 */
public enum DType {
    /** unsigned 8-bit, {@code |u1}. */
    UINT8("|u1", "uint8", 1),
    /** unsigned 16-bit, {@code <u2}; the usual two-photon kymograph type. */
    UINT16("<u2", "uint16", 2),
    /** signed 16-bit, {@code <i2}. */
    INT16("<i2", "int16", 2),
    /** signed 32-bit, {@code <i4}. */
    INT32("<i4", "int32", 4),
    /** 32-bit float, {@code <f4}. */
    FLOAT32("<f4", "float32", 4),
    /** 64-bit float, {@code <f8}. */
    FLOAT64("<f8", "float64", 8);

    private final String zarrType;
    private final String numpyName;
    private final int byteSize;

    DType(String zarrType, String numpyName, int byteSize) {
        this.zarrType = zarrType;
        this.numpyName = numpyName;
        this.byteSize = byteSize;
    }

    /** @return the Zarr v2 {@code dtype} string, e.g. {@code <u2} */
    public String zarrType() {
        return zarrType;
    }

    /** @return the numpy name, e.g. {@code uint16}, as the manifest records it */
    public String numpyName() {
        return numpyName;
    }

    /** @return bytes per element */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Parses a Zarr v2 dtype string.
     *
     * @param zarrType the string from {@code .zarray}
     * @param where the array, for the message
     * @return the type
     * @throws ZarrException naming the array and the feature when the type is big endian or unsupported
     */
    public static DType fromZarrType(String zarrType, String where) {
        if (zarrType == null) {
            throw new ZarrException(where + ": .zarray has no dtype");
        }
        for (DType t : values()) {
            if (t.zarrType.equals(zarrType)) {
                return t;
            }
        }
        if (zarrType.equals("<u1") || zarrType.equals(">u1")) {
            return UINT8; // one byte has no byte order
        }
        if (zarrType.startsWith(">")) {
            throw new ZarrException(where + ": big-endian dtype " + zarrType + " is not supported; "
                    + "rewrite the array as little endian");
        }
        throw new ZarrException(where + ": unsupported dtype " + zarrType + "; supported are |u1 <u2 <i2 <i4 <f4 <f8");
    }

    /**
     * @param numpyName a numpy name such as {@code uint16}
     * @return the type
     * @throws IllegalArgumentException for any other name, listing the supported ones
     */
    public static DType fromNumpyName(String numpyName) {
        for (DType t : values()) {
            if (t.numpyName.equals(numpyName.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported dtype '" + numpyName
                + "'; supported are uint8 uint16 int16 int32 float32 float64");
    }
}
