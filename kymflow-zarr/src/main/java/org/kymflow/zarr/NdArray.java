package org.kymflow.zarr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable N-dimensional array: a shape and a {@link DType} over one primitive array in C order
 * ({@code byte[]} for UINT8, {@code short[]} for UINT16 and INT16, {@code int[]}, {@code float[]},
 * {@code double[]}). Unsigned values are stored in the signed Java type of the same width and read back
 * unsigned by {@link #getDouble(long)}. The factories copy their input, so an array never changes.
 */
public final class NdArray {
    private final DType dtype;
    private final int[] shape;
    private final Object data;
    private final int size;

    private NdArray(DType dtype, int[] shape, Object data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative length at axis " + i);
            }
            n *= shape[i];
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements; one in-memory array holds at most " + (Integer.MAX_VALUE - 8) + ": read a region instead");
        }
        int length = java.lang.reflect.Array.getLength(data);
        if (length != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " elements but "
                    + length + " were given");
        }
        this.size = (int) n;
    }

    /**
     * @param data unsigned bytes in C order
     * @param shape the shape
     * @return a UINT8 array
     */
    public static NdArray ofUint8(byte[] data, int... shape) {
        return new NdArray(DType.UINT8, shape, data.clone());
    }

    /**
     * @param data unsigned 16-bit values (Java shorts, read unsigned) in C order
     * @param shape the shape
     * @return a UINT16 array
     */
    public static NdArray ofUint16(short[] data, int... shape) {
        return new NdArray(DType.UINT16, shape, data.clone());
    }

    /**
     * @param data signed 16-bit values in C order
     * @param shape the shape
     * @return an INT16 array
     */
    public static NdArray ofInt16(short[] data, int... shape) {
        return new NdArray(DType.INT16, shape, data.clone());
    }

    /**
     * @param data values in C order
     * @param shape the shape
     * @return an INT32 array
     */
    public static NdArray ofInt32(int[] data, int... shape) {
        return new NdArray(DType.INT32, shape, data.clone());
    }

    /**
     * @param data values in C order
     * @param shape the shape
     * @return a FLOAT32 array
     */
    public static NdArray ofFloat32(float[] data, int... shape) {
        return new NdArray(DType.FLOAT32, shape, data.clone());
    }

    /**
     * @param data values in C order
     * @param shape the shape
     * @return a FLOAT64 array
     */
    public static NdArray ofFloat64(double[] data, int... shape) {
        return new NdArray(DType.FLOAT64, shape, data.clone());
    }

    /**
     * @param dtype the type
     * @param shape the shape
     * @return an array of zeros
     */
    public static NdArray zeros(DType dtype, int... shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return new NdArray(dtype, shape, newData(dtype, (int) Math.min(n, Integer.MAX_VALUE)));
    }

    static Object newData(DType dtype, int n) {
        return switch (dtype) {
            case UINT8 -> new byte[n];
            case UINT16, INT16 -> new short[n];
            case INT32 -> new int[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
    }

    /** Wraps a freshly made primitive array without copying; for storage code that owns it. */
    static NdArray wrap(DType dtype, int[] shape, Object data) {
        return new NdArray(dtype, shape, data);
    }

    /** @return the element type */
    public DType dtype() {
        return dtype;
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions */
    public int ndim() {
        return shape.length;
    }

    /** @return the number of elements */
    public int size() {
        return size;
    }

    /**
     * @param flatIndex an index into the C-order elements
     * @return the element as a double (unsigned types read unsigned)
     */
    public double getDouble(long flatIndex) {
        Objects.checkIndex(flatIndex, size);
        int i = (int) flatIndex;
        return switch (dtype) {
            case UINT8 -> ((byte[]) data)[i] & 0xFF;
            case UINT16 -> ((short[]) data)[i] & 0xFFFF;
            case INT16 -> ((short[]) data)[i];
            case INT32 -> ((int[]) data)[i];
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
        };
    }

    /**
     * @param index one index per axis
     * @return the element as a double
     * @throws IndexOutOfBoundsException naming the axis, index and length
     */
    public double getDouble(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("array has " + shape.length + " axes but " + index.length + " indices were given");
        }
        long flat = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (index[axis] < 0 || index[axis] >= shape[axis]) {
                throw new IndexOutOfBoundsException("index " + index[axis] + " on axis " + axis + " is outside 0.."
                        + (shape[axis] - 1));
            }
            flat = flat * shape[axis] + index[axis];
        }
        return getDouble(flat);
    }

    /** @return every element as a double, in C order */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** @return every element as a float, in C order */
    public float[] toFloatArray() {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /**
     * @return a copy of the backing primitive array ({@code byte[]}, {@code short[]}, {@code int[]},
     *     {@code float[]} or {@code double[]} according to the dtype)
     */
    public Object copyData() {
        return switch (dtype) {
            case UINT8 -> ((byte[]) data).clone();
            case UINT16, INT16 -> ((short[]) data).clone();
            case INT32 -> ((int[]) data).clone();
            case FLOAT32 -> ((float[]) data).clone();
            case FLOAT64 -> ((double[]) data).clone();
        };
    }

    /** The backing array itself; callers in this package never hand it out. */
    Object data() {
        return data;
    }

    /** @return a new array of the elements as little-endian bytes, C order, as Zarr stores them uncompressed */
    public byte[] toLittleEndianBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(size * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case UINT8 -> buffer.put((byte[]) data);
            case UINT16, INT16 -> buffer.asShortBuffer().put((short[]) data);
            case INT32 -> buffer.asIntBuffer().put((int[]) data);
            case FLOAT32 -> buffer.asFloatBuffer().put((float[]) data);
            case FLOAT64 -> buffer.asDoubleBuffer().put((double[]) data);
        }
        return buffer.array();
    }

    /** Reads little-endian bytes into a new array of the given type and shape. */
    static NdArray fromLittleEndianBytes(DType dtype, int[] shape, byte[] bytes) {
        if (dtype == DType.UINT8) {
            return new NdArray(dtype, shape, bytes); // bytes are the values: no copy (the caller hands them over)
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = bytes.length / dtype.byteSize();
        Object data = newData(dtype, n);
        switch (dtype) {
            case UINT8 -> buffer.get((byte[]) data);
            case UINT16, INT16 -> buffer.asShortBuffer().get((short[]) data);
            case INT32 -> buffer.asIntBuffer().get((int[]) data);
            case FLOAT32 -> buffer.asFloatBuffer().get((float[]) data);
            case FLOAT64 -> buffer.asDoubleBuffer().get((double[]) data);
        }
        return new NdArray(dtype, shape, data);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NdArray other) || other.dtype != dtype || !Arrays.equals(other.shape, shape)) {
            return false;
        }
        return switch (dtype) {
            case UINT8 -> Arrays.equals((byte[]) data, (byte[]) other.data);
            case UINT16, INT16 -> Arrays.equals((short[]) data, (short[]) other.data);
            case INT32 -> Arrays.equals((int[]) data, (int[]) other.data);
            case FLOAT32 -> Arrays.equals((float[]) data, (float[]) other.data);
            case FLOAT64 -> Arrays.equals((double[]) data, (double[]) other.data);
        };
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), size);
    }

    @Override
    public String toString() {
        return "NdArray[" + dtype.numpyName() + " " + Arrays.toString(shape) + "]";
    }
}
