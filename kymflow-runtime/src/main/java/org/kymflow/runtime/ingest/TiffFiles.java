package org.kymflow.runtime.ingest;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferDouble;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.kymflow.api.Roi;
import org.kymflow.runtime.Failures;
import org.kymflow.runtime.Rois;
import org.kymflow.runtime.SourceFiles;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.PythonJson;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * Single-page TIFFs in and out, with the JDK's ImageIO: reading keeps every value as stored (signed and
 * unsigned types from the SampleFormat tag, refusing what Java's rasters would change), and writing stores
 * an array's planes as pages of the same type, as the Python package's export does.
 */
public final class TiffFiles {
    /**
     * Reads a single-page TIFF with the JDK's ImageIO. The declared size is checked against the heap
     * before any pixel is decoded, so a small file that claims a huge image fails with a clear message.
     *
     * @param tif the file
     * @return the pixels, shape (rows, columns)
     * @throws IOException naming the file when it cannot be opened or is not a readable single-band TIFF
     */
    public static NdArray read(Path tif) throws IOException {
        byte[] bytes = Files.readAllBytes(tif); // opened by the NIO path: real errors (permission, missing), any file name
        BufferedImage image;
        boolean signed;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("cannot read TIFF " + tif + ": not a TIFF ImageIO can decode");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int pages = reader.getNumImages(true);
                if (pages != 1) {
                    // taking page 1 alone would silently drop the other channels or planes
                    throw new IOException("TIFF " + tif + " has " + pages + " pages; only single-page (2-D) kymographs can be ingested");
                }
                checkDecodableSize(tif, reader.getWidth(0), reader.getHeight(0));
                if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
                    throw new IOException("TIFF " + tif + " is " + reader.getWidth(0) + " x " + reader.getHeight(0)
                            + " pixels; a kymograph needs at least one line of one pixel");
                }
                signed = sampleFormat(reader) == SAMPLE_FORMAT_SIGNED;
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().contains(tif.toString()) ? e
                    : new IOException("cannot read TIFF " + tif + ": " + Failures.describe(e), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot read TIFF " + tif + ": " + e, e); // ImageIO reports corrupt files with runtime exceptions
        }
        Raster raster = image.getRaster();
        if (raster.getNumBands() != 1) {
            throw new IOException("TIFF " + tif + " has " + raster.getNumBands() + " bands; kymographs are single-channel");
        }
        int h = raster.getHeight();
        int w = raster.getWidth();
        int type = raster.getDataBuffer().getDataType();
        if (type == DataBuffer.TYPE_INT && !signed) {
            // Java's int raster holds uint32 samples as int32: stored so, 4294967295 would read as -1
            throw new IOException("TIFF " + tif + " holds unsigned 32-bit pixels, which KymFlow cannot store without"
                    + " changing their values; save it as 16-bit unsigned or 32-bit float");
        }
        if (type == DataBuffer.TYPE_BYTE && signed) {
            throw new IOException("TIFF " + tif + " holds signed 8-bit pixels, which KymFlow cannot store without changing"
                    + " their values; save it as 8- or 16-bit unsigned");
        }
        return switch (type) {
            case DataBuffer.TYPE_BYTE -> {
                int[] s = raster.getSamples(0, 0, w, h, 0, (int[]) null);
                byte[] d = new byte[s.length];
                for (int i = 0; i < s.length; i++) {
                    d[i] = (byte) s[i];
                }
                yield NdArray.ofUint8(d, h, w);
            }
            case DataBuffer.TYPE_USHORT, DataBuffer.TYPE_SHORT -> {
                int[] s = raster.getSamples(0, 0, w, h, 0, (int[]) null);
                short[] d = new short[s.length];
                for (int i = 0; i < s.length; i++) {
                    d[i] = (short) s[i];
                }
                yield signed ? NdArray.ofInt16(d, h, w) : NdArray.ofUint16(d, h, w);
            }
            case DataBuffer.TYPE_INT -> NdArray.ofInt32(raster.getSamples(0, 0, w, h, 0, (int[]) null), h, w);
            case DataBuffer.TYPE_FLOAT -> NdArray.ofFloat32(raster.getSamples(0, 0, w, h, 0, (float[]) null), h, w);
            default -> NdArray.ofFloat64(raster.getSamples(0, 0, w, h, 0, (double[]) null), h, w);
        };
    }

    /** TIFF tag 339 SampleFormat: 1 unsigned integer (the default when absent), 2 signed integer, 3 float. */
    private static final int TAG_SAMPLE_FORMAT = 339;

    private static final int SAMPLE_FORMAT_SIGNED = 2;

    /** The first page's SampleFormat, from the TIFF directory (1, unsigned, when the tag is absent). */
    private static int sampleFormat(ImageReader reader) throws IOException {
        javax.imageio.metadata.IIOMetadata metadata = reader.getImageMetadata(0);
        if (metadata == null) {
            return 1;
        }
        javax.imageio.plugins.tiff.TIFFField field = javax.imageio.plugins.tiff.TIFFDirectory.createFromMetadata(metadata)
                .getTIFFField(TAG_SAMPLE_FORMAT);
        return field == null ? 1 : field.getAsInt(0);
    }

    /**
     * Decoding goes through an int per pixel (ImageIO's raster) and then the stored array: about 10 bytes
     * a pixel at the peak. A file whose header claims more than the heap can hold is refused up front.
     */
    static void checkDecodableSize(Path tif, int width, int height) throws IOException {
        long pixels = (long) width * height;
        long needed = pixels * 10;
        long available = Runtime.getRuntime().maxMemory();
        if (pixels > Integer.MAX_VALUE - 8 || needed > available) {
            throw new IOException("TIFF " + tif + " declares " + width + " x " + height + " pixels, about " + needed / (1 << 20)
                    + " MB to decode, more than this JVM's " + available / (1 << 20) + " MB heap; raise it with"
                    + " KYMFLOW_JAVA_OPTS=-Xmx... if the file is real");
        }
    }

    /**
     * Writes a 2-D uint16 image (lines as rows), as a microscope's export would.
     *
     * @param pixels the pixels, row after row
     * @param lines the number of rows (time)
     * @param width the number of columns (space)
     * @param target the file to write
     * @throws IOException when it cannot be written
     */
    public static void writeUint16(short[] pixels, int lines, int width, Path target) throws IOException {
        write(NdArray.ofUint16(pixels, lines, width), target);
    }

    /**
     * Writes an array as a TIFF of the same dtype: 2-D as one page, higher ranks as one page per plane
     * of the last two axes, in C order.
     *
     * @param array the pixels
     * @param target the file
     * @throws IOException when writing fails
     */
    public static void write(NdArray array, Path target) throws IOException {
        int[] shape = array.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException("cannot write a " + shape.length + "-D array as TIFF");
        }
        int h = shape[shape.length - 2];
        int w = shape[shape.length - 1];
        int planes = array.size() / Math.max(1, h * w);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
        if (!writers.hasNext()) {
            throw new IOException("this JDK has no TIFF writer");
        }
        ImageWriter writer = writers.next();
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(target.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            Object data = array.copyData();
            for (int p = 0; p < planes; p++) {
                writer.writeToSequence(new IIOImage(plane(array, data, p * h * w, h, w), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage plane(NdArray array, Object data, int from, int h, int w) {
        int n = h * w;
        DataBuffer buffer = switch (array.dtype()) {
            case UINT8 -> new DataBufferByte(Arrays.copyOfRange((byte[]) data, from, from + n), n);
            case UINT16 -> new DataBufferUShort(Arrays.copyOfRange((short[]) data, from, from + n), n);
            case INT16 -> new DataBufferShort(Arrays.copyOfRange((short[]) data, from, from + n), n);
            case INT32 -> new DataBufferInt(Arrays.copyOfRange((int[]) data, from, from + n), n);
            case FLOAT32 -> new DataBufferFloat(Arrays.copyOfRange((float[]) data, from, from + n), n);
            case FLOAT64 -> new DataBufferDouble(Arrays.copyOfRange((double[]) data, from, from + n), n);
        };
        WritableRaster raster = Raster.createWritableRaster(new java.awt.image.PixelInterleavedSampleModel(buffer.getDataType(), w, h, 1, w,
                new int[] {0}), buffer, new Point(0, 0));
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, buffer.getDataType());
        return new BufferedImage(model, raster, false, null);
    }

    private TiffFiles() {
    }
}
