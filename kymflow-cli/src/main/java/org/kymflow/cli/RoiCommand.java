package org.kymflow.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.MetadataKeys;
import org.kymflow.api.Roi;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.Rois;
import org.kymflow.table.PythonJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Lists, adds, changes and deletes an image's ROIs through the library, as the workbench does: the edit is
 * checked against the image, logged, and makes the image's analyses stale.
 */
@Command(name = "roi",
        description = {"List an image's ROIs, or edit them:",
                "  add X0 X1 Y0 Y1      a new ROI (x: pixels, y: lines; half-open)",
                "  set ID X0 X1 Y0 Y1   new bounds for ROI ID",
                "  delete ID            remove ROI ID"})
final class RoiCommand extends DatasetCommand {
    @Parameters(index = "1", paramLabel = "IMAGE", description = "image id, unique id prefix or file name")
    String image;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "EDIT", description = "add X0 X1 Y0 Y1 | set ID X0 X1 Y0 Y1 | delete ID")
    List<String> edit = new ArrayList<>();

    @Option(names = "--kind", paramLabel = "KIND", description = "with add or set: velocity (the default for a new ROI) or diameter")
    String kind;

    @Option(names = "--channel", paramLabel = "C", description = "with add: the channel (default 1)")
    Integer channel;

    @Option(names = "--json", description = "print the ROIs as JSON, in the form the dataset and sidecars store them")
    boolean json;

    @Override
    public Integer call() {
        if (edit.isEmpty() && (kind != null || channel != null)) {
            throw usage("--kind and --channel go with add or set");
        }
        try (DatasetReader ds = edit.isEmpty() ? openReadOnly() : openForWriting()) {
            String imageId = ds.resolve(List.of(image)).iterator().next();
            List<Object> rois = new ArrayList<>(Rois.normalised(ds.imageFacts(imageId).rois()));
            if (!edit.isEmpty()) {
                rois = edited(rois);
                ((DatasetWriter) ds).setRois(imageId, rois); // checked against the image; nothing written when bad
                rois = new ArrayList<>(ds.imageFacts(imageId).rois());
            }
            print(ds.label(imageId), rois);
        }
        return 0;
    }

    private List<Object> edited(List<Object> rois) {
        String action = edit.get(0);
        List<Integer> numbers = new ArrayList<>();
        for (String arg : edit.subList(1, edit.size())) {
            try {
                numbers.add(Integer.parseInt(arg));
            } catch (NumberFormatException e) {
                throw usage(action + ": '" + arg + "' is not a whole number");
            }
        }
        switch (action) {
            case "add" -> {
                expect(numbers, 4, "add X0 X1 Y0 Y1");
                int id = 1;
                for (Object o : rois) {
                    id = Math.max(id, idOf(o) + 1);
                }
                Map<String, Object> roi = Rois.toEnvelope(new Roi(id, channel == null ? 1 : channel, 0,
                        numbers.get(0), numbers.get(1), numbers.get(2), numbers.get(3)));
                roi.put(MetadataKeys.KIND, kind == null ? "velocity" : kind);
                rois.add(roi);
            }
            case "set" -> {
                expect(numbers, 5, "set ID X0 X1 Y0 Y1");
                Map<String, Object> roi = copyOf(rois, numbers.get(0));
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("x0", numbers.get(1));
                data.put("x1", numbers.get(2));
                data.put("y0", numbers.get(3));
                data.put("y1", numbers.get(4));
                roi.put("data", data);
                if (kind != null) {
                    roi.put(MetadataKeys.KIND, kind);
                }
                if (channel != null) {
                    throw usage("--channel goes with add; a ROI's channel is set when it is made");
                }
                rois.set(indexOf(rois, numbers.get(0)), roi);
            }
            case "delete" -> {
                expect(numbers, 1, "delete ID");
                if (kind != null || channel != null) {
                    throw usage("--kind and --channel go with add or set");
                }
                rois.remove(indexOf(rois, numbers.get(0)));
            }
            default -> throw usage("unknown edit '" + action + "'; use add, set or delete");
        }
        return rois;
    }

    private Map<String, Object> copyOf(List<Object> rois, int id) {
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<?, ?>) rois.get(indexOf(rois, id))).forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private int indexOf(List<Object> rois, int id) {
        for (int i = 0; i < rois.size(); i++) {
            if (idOf(rois.get(i)) == id) {
                return i;
            }
        }
        throw new IllegalArgumentException(image + " has no ROI " + id + "; its ROIs are " + ids(rois));
    }

    private static List<Integer> ids(List<Object> rois) {
        List<Integer> ids = new ArrayList<>();
        rois.forEach(o -> ids.add(idOf(o)));
        return ids;
    }

    /** The id of a ROI in either stored form, as {@link Roi#parseAll} reads it. */
    private static int idOf(Object roi) {
        return Roi.parseAll(List.of(roi)).get(0).roiId();
    }

    private void expect(List<Integer> numbers, int count, String form) {
        if (numbers.size() != count) {
            throw usage("expected " + form + ", got " + String.join(" ", edit));
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private void print(String label, List<Object> rois) {
        if (json) {
            out().println(PythonJson.indented(rois, 2, false, false));
            return;
        }
        out().println(label + ": " + (rois.isEmpty() ? "no ROIs" : rois.size() + " ROI" + (rois.size() == 1 ? "" : "s")));
        for (Object o : rois) {
            Roi roi = Roi.parseAll(List.of(o)).get(0);
            Object kindOf = o instanceof Map<?, ?> m && m.get(MetadataKeys.KIND) != null ? m.get(MetadataKeys.KIND) : "velocity";
            out().printf("  %-4d %-9s channel %d  x %d..%d  y %d..%d%n", roi.roiId(), kindOf, roi.channel(), roi.x0(), roi.x1(),
                    roi.y0(), roi.y1());
        }
    }
}
