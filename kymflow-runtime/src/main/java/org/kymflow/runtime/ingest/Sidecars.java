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
 * The kymflow sidecar ({@code <name>.json}) beside a TIFF and the metadata payload made from it and the
 * header: ROIs checked so that every one can be analysed as drawn, experiment metadata, and the lookup of
 * a TIFF's companions by the TIFF's own name bytes.
 */
final class Sidecars {
    private static final ObjectMapper SIDECAR_READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python's json writes NaN and Infinity
            .build();

    /** The size and mtime of the header and sidecar beside a TIFF: a change means the metadata must be re-read. */
    static Map<String, Object> companions(Path tif) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String ext : List.of(".txt", ".json")) {
            Path file = companion(tif, ext);
            out.put(ext.substring(1), Files.isRegularFile(file) ? List.of(Ingest.mtimeNs(file), Files.size(file)) : null);
        }
        return out;
    }

    /** Whether neither a header nor a sidecar lies beside the TIFF. */
    static boolean companionsMissing(Path tif) throws IOException {
        return !Files.isRegularFile(companion(tif, ".txt")) && !Files.isRegularFile(companion(tif, ".json"));
    }

    /**
     * The header or sidecar beside a TIFF: the same name with another extension, matched by the name's own
     * bytes. A name that is not valid in the platform's file-name encoding ({@code caf\xe9.tif} under UTF-8)
     * does not survive a round trip through a Java string, so then the folder is listed and the sibling whose
     * name decodes the same way is taken (two such siblings are ambiguous, and neither is taken).
     *
     * @param tif the TIFF
     * @param ext the companion's extension, with its dot
     * @return the companion's path (which may not exist)
     * @throws IOException when the folder of a TIFF with such a name cannot be listed
     */
    static Path companion(Path tif, String ext) throws IOException {
        String name = tif.getFileName().toString();
        String wanted = name.replaceFirst("\\.[^.]*$", "") + ext;
        Path direct = tif.resolveSibling(wanted);
        if (tif.resolveSibling(name).equals(tif)) {
            return direct; // the name round-trips: its string names the same bytes
        }
        List<Path> matches = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> siblings = Files.newDirectoryStream(tif.getParent())) {
            for (Path sibling : siblings) {
                if (sibling.getFileName().toString().equals(wanted)) {
                    matches.add(sibling);
                }
            }
        }
        return matches.size() == 1 ? matches.get(0) : direct;
    }

    /** The metadata payload from the header and sidecar beside a TIFF. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(Path tif, int[] shape, List<String> warnings) throws IOException {
        Path txt = companion(tif, ".txt");
        Path json = companion(tif, ".json");
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, Object> experiment = new LinkedHashMap<>();
        List<Object> rois = new ArrayList<>();
        if (Files.isRegularFile(json)) {
            Map<String, Object> sidecar;
            try {
                sidecar = SIDECAR_READER.readValue(Files.readAllBytes(json), Map.class);
            } catch (IOException e) {
                throw new IOException("cannot read sidecar " + json + ": " + Failures.describe(e), e);
            }
            if (sidecar.get(org.kymflow.api.MetadataKeys.HEADER) instanceof Map<?, ?> h) {
                header.putAll((Map<String, Object>) h);
            }
            if (sidecar.get(org.kymflow.api.MetadataKeys.EXPERIMENT_METADATA) instanceof Map<?, ?> e) {
                experiment.putAll((Map<String, Object>) e);
            }
            Object roisValue = sidecar.get(org.kymflow.api.MetadataKeys.ROIS);
            if (roisValue != null && !(roisValue instanceof List<?>)) {
                throw new IOException("sidecar " + json + ": 'rois' must be a list of ROIs, was " + abbreviate(roisValue)
                        + "; fix or remove it (an image without ROIs is analysed whole)");
            }
            if (roisValue instanceof List<?> list) {
                List<String> problems = Rois.problems(list, shape[0], shape[1]);
                if (!problems.isEmpty()) {
                    throw new IOException("sidecar " + json + ": " + String.join("; ", problems));
                }
                rois.addAll(Rois.normalised(list));
            }
        }
        if (Files.isRegularFile(txt)) {
            header.putAll(OlympusHeader.parse(txt, shape[0], warnings));
        }
        if (org.kymflow.api.Scale.fromMetadata(Map.of(org.kymflow.api.MetadataKeys.HEADER, header)).isEmpty()) { // radon's own test for a scale
            warnings.add(tif + ": no Olympus header with a scale (" + txt.getFileName() + (Files.isRegularFile(txt) ? " has no"
                    + " X/T Dimension and Image Size" : " is missing") + "); its velocities will be in pixels/line");
        }
        if (!Files.isRegularFile(json)) {
            warnings.add(tif + ": no sidecar " + json.getFileName() + "; no ROIs, so analyses use the whole image");
        }
        header.put("shape", java.util.Arrays.stream(shape).boxed().toList());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(org.kymflow.api.MetadataKeys.HEADER, header);
        payload.put(org.kymflow.api.MetadataKeys.EXPERIMENT_METADATA, experiment);
        payload.put(org.kymflow.api.MetadataKeys.ROIS, rois);
        return payload;
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private Sidecars() {
    }
}
