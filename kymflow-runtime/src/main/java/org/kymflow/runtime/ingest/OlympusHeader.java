package org.kymflow.runtime.ingest;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
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
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
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
 * The Olympus FluoView header ({@code <name>.txt}, tab-separated quoted pairs) beside a TIFF: delx, the
 * line period and the acquisition time, read strictly (a value that is not a plain positive number gives
 * no scale and a warning, never a guess).
 */
final class OlympusHeader {
    private static final String PLAIN = "(\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)";

    private static final Pattern HEADER_NUMBER = Pattern.compile(PLAIN);

    private static final Pattern HEADER_RANGE = Pattern.compile("(?:" + PLAIN + "\\s*-\\s*)?" + PLAIN);

    private static final Pattern IMAGE_SIZE = Pattern.compile("(\\d+)\\s*\\*\\s*(\\d+)(?:\\s*\\[pixel\\])?");

    /**
     * Parses an Olympus FluoView header (tab-separated quoted pairs): delx from "X Dimension", the
     * duration from "T Dimension", the line count from the first "Image Size", the time from "Date".
     *
     * <p>Strict: a value that is not a plain positive number ({@code 0,284}, {@code NaN}, a missing field)
     * gives no scale and a warning naming the file, key and text, never a guess. A line count that differs
     * from the TIFF's is reported too: with fewer lines in the TIFF (an export cut in time) the line period
     * the scanner recorded still holds and is used; with more lines the header cannot describe this file,
     * so the image gets no scale.
     *
     * @param txt the header file
     * @param tiffLines the TIFF's line count (rows, axis 0)
     * @param warnings where problems are reported, one line each
     * @return header entries: {@code voxels [delt, delx]}, units, {@code acquired_local_epoch_ns}
     * @throws IOException when the file cannot be read
     */
    static Map<String, Object> parse(Path txt, int tiffLines, List<String> warnings) throws IOException {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String line : readHeaderLines(txt)) {
            String[] parts = line.split("\t", 2);
            if (parts.length == 2) {
                pairs.putIfAbsent(parts[0].replace("\"", "").strip(), parts[1].replace("\"", "").strip());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Double delx = headerNumber(pairs, "X Dimension", "[um/pixel]", false, problems);
        Double duration = headerNumber(pairs, "T Dimension", "[s]", true, problems);
        Integer lines = null;
        String size = pairs.get("Image Size");
        if (size != null) {
            Matcher m = IMAGE_SIZE.matcher(size);
            if (m.matches() && new java.math.BigInteger(m.group(2)).bitLength() < 31 && Integer.parseInt(m.group(2)) > 0) {
                lines = Integer.parseInt(m.group(2));
            } else {
                problems.add("\"Image Size\" is \"" + size + "\", not WIDTH * LINES [pixel] with positive whole numbers");
            }
        }
        if (delx != null && duration != null && lines != null) {
            if (tiffLines > lines) {
                problems.add("the header counts " + lines + " lines but the TIFF has " + tiffLines + "; a header cannot"
                        + " describe more lines than it recorded");
            } else {
                if (tiffLines < lines) {
                    warnings.add(txt + ": the header counts " + lines + " lines but the TIFF has " + tiffLines + "; using the"
                            + " header's line period (" + duration + " s / " + lines + " lines), which a TIFF cut in time keeps");
                }
                out.put(org.kymflow.api.MetadataKeys.VOXELS, List.of(duration / lines, delx));
                out.put(org.kymflow.api.MetadataKeys.VOXELS_UNITS, List.of("s", "um"));
                out.put("source", "olympus");
            }
        }
        for (String problem : problems) {
            warnings.add(txt + ": " + problem + "; the image gets no scale from this header");
        }
        String date = pairs.get("Date");
        if (date != null) {
            try {
                LocalDateTime t = LocalDateTime.parse(date, DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss.SSS a", Locale.US));
                long ns = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
                out.put(org.kymflow.api.MetadataKeys.ACQUIRED_LOCAL_EPOCH_NS, ns);
            } catch (DateTimeParseException e) {
                out.put("acquired_date_unparsed", date); // kept, not guessed
            }
        }
        return out;
    }

    /**
     * The value before a unit in an Olympus field, such as {@code 0.284} in
     * {@code "38, 0.0 - 10.792 [um], 0.284 [um/pixel]"}: the last comma-separated part before the unit, which
     * must be a plain positive number, or with {@code range} a {@code START - END} range whose end is taken.
     * Absent fields and fields without the unit give null silently (no scale, as with no header); anything
     * else malformed is a problem.
     */
    private static Double headerNumber(Map<String, String> pairs, String key, String unit, boolean range, List<String> problems) {
        String value = pairs.get(key);
        if (value == null || !value.contains(unit)) {
            return null;
        }
        String head = value.substring(0, value.indexOf(unit)).strip();
        int comma = head.lastIndexOf(", ");
        String part = comma < 0 ? head : head.substring(comma + 2).strip();
        Matcher m = (range ? HEADER_RANGE : HEADER_NUMBER).matcher(part);
        if (m.matches()) {
            double v = Double.parseDouble(m.group(m.groupCount()));
            if (Double.isFinite(v) && v > 0) {
                return v;
            }
        }
        problems.add("\"" + key + "\" is \"" + value + "\", whose value before " + unit + " is not a plain positive number");
        return null;
    }

    /** Olympus writes headers in Windows code pages (the micro sign): UTF-8 when it decodes, else Latin-1. */
    private static List<String> readHeaderLines(Path txt) throws IOException {
        byte[] bytes = Files.readAllBytes(txt);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
        }
    }

    private OlympusHeader() {
    }
}
