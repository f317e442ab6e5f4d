package org.kymflow.zarr;

import java.util.Arrays;
import java.util.Objects;

/**
 * What {@code .zarray} says of an array: shape, element type, chunk shape and compressor. Immutable.
 */
public final class ArrayInfo {
    private final long[] shape;
    private final DType dtype;
    private final int[] chunks;
    private final String compressorId;

    ArrayInfo(long[] shape, DType dtype, int[] chunks, String compressorId) {
        this.shape = shape.clone();
        this.dtype = Objects.requireNonNull(dtype);
        this.chunks = chunks.clone();
        this.compressorId = compressorId;
    }

    /** @return a copy of the shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the shape as ints (every KymFlow image axis fits an int) */
    public int[] shapeAsInts() {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = Math.toIntExact(shape[i]);
        }
        return out;
    }

    /** @return the element type */
    public DType dtype() {
        return dtype;
    }

    /** @return a copy of the chunk shape */
    public int[] chunks() {
        return chunks.clone();
    }

    /** @return the numcodecs compressor id ({@code blosc}, {@code zlib}, ...) or {@code none} */
    public String compressorId() {
        return compressorId;
    }

    /** @return the shape as a list, for comparing with JSON */
    java.util.List<Long> shapeAsList() {
        return java.util.Arrays.stream(shape).boxed().toList();
    }

    /** @return the number of dimensions */
    public int ndim() {
        return shape.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrayInfo other && Arrays.equals(shape, other.shape) && dtype == other.dtype
                && Arrays.equals(chunks, other.chunks) && compressorId.equals(other.compressorId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), dtype, Arrays.hashCode(chunks), compressorId);
    }

    @Override
    public String toString() {
        return "ArrayInfo[shape=" + Arrays.toString(shape) + ", dtype=" + dtype.numpyName() + ", chunks="
                + Arrays.toString(chunks) + ", compressor=" + compressorId + "]";
    }
}
