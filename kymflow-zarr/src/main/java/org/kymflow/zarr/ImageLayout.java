package org.kymflow.zarr;

import java.util.ArrayList;
import java.util.List;

/** The defaults the Python package gives an image's axes and chunks, shared by images and array artifacts. */
final class ImageLayout {
    private ImageLayout() {
    }

    /** Default axis names for 2-D to 5-D arrays; other ranks get {@code dim_0, dim_1, ...}. */
    static List<String> defaultAxes(int ndim) {
        return switch (ndim) {
            case 2 -> List.of("y", "x");
            case 3 -> List.of("z", "y", "x");
            case 4 -> List.of("z", "y", "x", "c");
            case 5 -> List.of("t", "z", "y", "x", "c");
            default -> {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < ndim; i++) {
                    names.add("dim_" + i);
                }
                yield names;
            }
        };
    }

    /** Default chunks: 1 along t, z and c; {@code min(dim, 512)} along y, x and unknown axes. */
    static int[] defaultChunks(int[] shape, List<String> axes) {
        int[] chunks = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            String a = axes.get(i);
            chunks[i] = a.equals("t") || a.equals("z") || a.equals("c") ? 1 : Math.max(1, Math.min(shape[i], 512));
        }
        return chunks;
    }
}
