package org.kymflow.cli;

import java.util.List;
import org.kymflow.runtime.DatasetReader;
import picocli.CommandLine.Command;

/** Validates a dataset against the on-disk contract, and its sources table against its images. */
@Command(name = "validate", description = "Check a dataset against the on-disk contract.")
final class ValidateCommand extends DatasetCommand {
    @picocli.CommandLine.Option(names = "--json", description = "print JSON: valid, images, problems, manifest_stale")
    boolean json;

    @Override
    public Integer call() {
        try (DatasetReader ds = openReadOnly()) {
            List<String> problems = ds.validate();
            if (json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("valid", problems.isEmpty());
                m.put("images", ds.imageIds().size());
                m.put("problems", problems);
                m.put("manifest_stale", ds.isManifestStale());
                out().println(org.kymflow.table.PythonJson.indented(m, 2, false, false));
                return problems.isEmpty() ? 0 : 1;
            }
            problems.forEach(p -> err().println("problem: " + p));
            if (ds.isManifestStale()) {
                // derived data, not a problem: an ingest may be running, and the next one rebuilds it
                out().println("note: index/manifest.json.gz lists other images than the dataset has; 'kymflow ingest' rebuilds it");
            }
            out().println(problems.isEmpty() ? "valid: " + ds.imageIds().size() + " images" : problems.size() + " problems");
            return problems.isEmpty() ? 0 : 1;
        }
    }
}
