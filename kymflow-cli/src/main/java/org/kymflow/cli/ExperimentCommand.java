package org.kymflow.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.table.PythonJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Shows or edits an image's experiment metadata (the sidecar's fields: genotype, condition, ...) through the
 * library, as the workbench does: checked, logged, kept over a re-ingest; analyses stay fresh.
 */
@Command(name = "experiment",
        description = {"Show an image's experiment metadata, or set fields (KEY=VALUE) and remove them (--unset).",
                "A value that reads as a number, true or false is stored as one; anything else as text."})
final class ExperimentCommand extends DatasetCommand {
    /** A JSON number, as a value typed on the command line is taken for one. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    @Parameters(index = "1", paramLabel = "IMAGE", description = "image id, unique id prefix or file name")
    String image;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "KEY=VALUE", description = "fields to set, e.g. genotype=KO animal=7")
    List<String> fields = new ArrayList<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "remove a field (repeatable)")
    List<String> unset = new ArrayList<>();

    @Option(names = "--json", description = "print the fields as a JSON object")
    boolean json;

    @Override
    public Integer call() {
        boolean editing = !fields.isEmpty() || !unset.isEmpty();
        try (DatasetReader ds = editing ? openForWriting() : openReadOnly()) {
            String imageId = ds.resolve(List.of(image)).iterator().next();
            Map<String, Object> now = new LinkedHashMap<>(ds.imageFacts(imageId).experiment());
            if (editing) {
                for (String key : unset) {
                    if (!now.containsKey(key)) {
                        throw new IllegalArgumentException(ds.label(imageId) + " has no experiment field '" + key + "'; its fields are "
                                + now.keySet());
                    }
                    now.remove(key);
                }
                for (String field : fields) {
                    int eq = field.indexOf('=');
                    if (eq <= 0) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "expected KEY=VALUE, got '" + field + "'");
                    }
                    now.put(field.substring(0, eq), typed(field.substring(eq + 1)));
                }
                ((DatasetWriter) ds).setExperimentMetadata(imageId, now);
                now = new LinkedHashMap<>(ds.imageFacts(imageId).experiment());
            }
            print(ds.label(imageId), now);
        }
        return 0;
    }

    /** true, false, a JSON number (whole numbers as whole), or the text as it is. */
    static Object typed(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (NUMBER.matcher(text).matches()) {
            if (!text.contains(".") && !text.contains("e") && !text.contains("E") && text.length() < 19) {
                return Long.parseLong(text);
            }
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) {
                return d;
            }
        }
        return text;
    }

    private void print(String label, Map<String, Object> now) {
        if (json) {
            out().println(PythonJson.indented(now, 2, false, false));
            return;
        }
        out().println(label + ": " + (now.isEmpty() ? "no experiment metadata" : now.size() + " field" + (now.size() == 1 ? "" : "s")));
        int width = now.keySet().stream().mapToInt(String::length).max().orElse(0);
        now.forEach((k, v) -> out().printf("  %-" + width + "s  %s%n", k, v == null ? "-" : v));
    }
}
