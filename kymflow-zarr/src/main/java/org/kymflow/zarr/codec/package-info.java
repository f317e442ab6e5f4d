/**
 * The Zarr v2 compressors numcodecs writes (blosc, zlib, gzip, zstd, none), byte for byte as Python
 * reads and writes them; {@link org.kymflow.zarr.codec.ChunkCodec#fromConfig} parses a {@code .zarray}
 * compressor object.
 */
package org.kymflow.zarr.codec;
