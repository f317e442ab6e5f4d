package org.kymflow.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A read-only view of pixels: a shape and a numpy dtype name over one C-order primitive array. Nothing
 * can change the pixels through it; the array-returning methods return copies.
 */
public final class Pixels {
    private final String dtype;
    private final int[] shape;
    private final Object data;
    private final int size;

    private Pixels(String dtype, int[] shape, Object data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n != java.lang.reflect.Array.getLength(data)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + java.lang.reflect.Array.getLength(data));
        }
        this.size = (int) n;
    }

    /**
     * Wraps an array the caller hands over and never touches again (no copy is made).
     *
     * @param dtype numpy dtype name: {@code uint8} ({@code byte[]}), {@code uint16}/{@code int16}
     *     ({@code short[]}), {@code int32} ({@code int[]}), {@code float32} ({@code float[]}), {@code float64}
     *     ({@code double[]})
     * @param data the values in C order
     * @param shape the shape
     * @return the view
     */
    public static Pixels wrap(String dtype, Object data, int... shape) {
        Objects.requireNonNull(data, "data");
        boolean fits = switch (dtype) {
            case "uint8" -> data instanceof byte[];
            case "uint16", "int16" -> data instanceof short[];
            case "int32" -> data instanceof int[];
            case "float32" -> data instanceof float[];
            case "float64" -> data instanceof double[];
            default -> throw new IllegalArgumentException("unsupported dtype '" + dtype + "'");
        };
        if (!fits) {
            throw new IllegalArgumentException("dtype " + dtype + " cannot hold a " + data.getClass().getSimpleName());
        }
        return new Pixels(dtype, shape, data);
    }

    /** @return the numpy dtype name */
    public String dtype() {
        return dtype;
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of values */
    public int size() {
        return size;
    }

    /**
     * @param flatIndex a C-order index
     * @return the value as a double (unsigned types read unsigned)
     */
    public double getDouble(int flatIndex) {
        Objects.checkIndex(flatIndex, size);
        return switch (dtype) {
            case "uint8" -> ((byte[]) data)[flatIndex] & 0xFF;
            case "uint16" -> ((short[]) data)[flatIndex] & 0xFFFF;
            case "int16" -> ((short[]) data)[flatIndex];
            case "int32" -> ((int[]) data)[flatIndex];
            case "float32" -> ((float[]) data)[flatIndex];
            default -> ((double[]) data)[flatIndex];
        };
    }

    /**
     * @param row the index along axis 0 (time)
     * @param column the index along axis 1 (space)
     * @return the value of a 2-D view
     */
    public double getDouble(int row, int column) {
        if (shape.length != 2) {
            throw new IllegalStateException("getDouble(row, column) needs a 2-D view; this one is " + Arrays.toString(shape));
        }
        Objects.checkIndex(row, shape[0]);
        Objects.checkIndex(column, shape[1]);
        return getDouble(row * shape[1] + column);
    }

    /** @return a new array of every value as a float, C order */
    public float[] toFloatArray() {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /** @return a new array of every value as a double, C order */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Pixels[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
