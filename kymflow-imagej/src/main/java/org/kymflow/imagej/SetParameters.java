package org.kymflow.imagej;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.ParamSpec;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.IndexerCatalog;

/**
 * {@code KymFlow Set Parameters} ({@code dataset=[PATH] analysis=NAME} then the analysis's params by name):
 * a dialog of one analysis's params as it describes them (numbers, check boxes, choices, with its help),
 * saved to the dataset's configuration, which every later run, status and summary uses. As everywhere in
 * ImageJ macros, a check box left out of the options is off.
 */
public final class SetParameters implements PlugIn {
    /** Needed by ImageJ. */
    public SetParameters() {
    }

    @Override
    public void run(String arg) {
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        List<String> names = catalog.loadedNames();
        GenericDialog gd = new GenericDialog("KymFlow Set Parameters");
        String current = ij.WindowManager.getCurrentImage() == null ? null : ij.WindowManager.getCurrentImage().getProp(Commands.DATASET);
        gd.addStringField("dataset", current != null ? current : Commands.lastDataset(), 50);
        gd.addChoice("analysis", names.toArray(String[]::new), names.contains("radon") ? "radon" : names.get(0));
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        Path dataset = Path.of(gd.getNextString().trim());
        String analysis = gd.getNextChoice();
        Commands.guard("KymFlow Set Parameters", () -> {
            Map<String, Object> values;
            try (org.kymflow.runtime.DatasetReader ds = org.kymflow.runtime.DatasetReader.open(dataset)) {
                values = ask(catalog, ds.config(), analysis);
            }
            if (values != null) {
                save(dataset, catalog, analysis, values);
                IJ.showStatus("KymFlow: " + analysis + " params saved");
            }
        });
    }

    /** The params' dialog; null when cancelled. */
    private static Map<String, Object> ask(IndexerCatalog catalog, AnalysisConfig config, String analysis) {
        List<ParamSpec> specs = catalog.describeParams(analysis);
        Map<String, AnalysisConfig.EffectiveParam> effective = config.effective(catalog, analysis);
        GenericDialog gd = new GenericDialog("KymFlow " + analysis + " params");
        if (specs.isEmpty()) {
            gd.addMessage(analysis + " has no params");
        }
        for (ParamSpec spec : specs) {
            Object value = effective.containsKey(spec.name()) ? effective.get(spec.name()).value() : spec.defaultValue();
            switch (spec.type()) {
                case "boolean" -> gd.addCheckbox(spec.name(), Boolean.TRUE.equals(value));
                case "integer" -> gd.addNumericField(spec.name(), ((Number) value).doubleValue(), 0);
                case "number" -> gd.addNumericField(spec.name(), ((Number) value).doubleValue(), 6);
                default -> {
                    if (spec.choices().isEmpty()) {
                        gd.addStringField(spec.name(), String.valueOf(value), 20);
                    } else {
                        gd.addChoice(spec.name(), spec.choices().toArray(String[]::new), String.valueOf(value));
                    }
                }
            }
            gd.addToSameRow();
            gd.addMessage(spec.help());
        }
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            switch (spec.type()) {
                case "boolean" -> values.put(spec.name(), gd.getNextBoolean());
                case "integer" -> values.put(spec.name(), whole(analysis, spec.name(), gd.getNextNumber()));
                case "number" -> values.put(spec.name(), number(analysis, spec.name(), gd.getNextNumber()));
                default -> values.put(spec.name(), spec.choices().isEmpty() ? gd.getNextString() : gd.getNextChoice());
            }
        }
        return values;
    }

    /** A dialog's number: ImageJ gives NaN for text that is not one, which is refused here, naming the param. */
    static double number(String analysis, String param, double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(analysis + ": param '" + param + "' must be a number");
        }
        return value;
    }

    /** A whole number: 32.5 is refused rather than cut to 32. */
    static long whole(String analysis, String param, double value) {
        if (number(analysis, param, value) != Math.rint(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(analysis + ": param '" + param + "' must be a whole number, was " + value);
        }
        return (long) value;
    }

    /**
     * Saves one analysis's params to the dataset's configuration, checked as a run checks them.
     *
     * @param dataset the dataset
     * @param catalog the analyses
     * @param analysis the analysis
     * @param values its params by name
     */
    static void save(Path dataset, IndexerCatalog catalog, String analysis, Map<String, Object> values) {
        try (DatasetWriter ds = DatasetWriter.open(dataset)) {
            ds.saveConfig(ds.config().with(catalog, analysis, values));
        }
    }
}
