package org.kymflow.cli;

import java.util.ArrayList;
import java.util.List;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine.Command;

/** Validates a dataset against the on-disk contract, and its sources table against its images. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a dataset against the on-disk contract.")
final class ValidateCommand extends DatasetCommand {
    @Override
    public Integer call() {
        try (ZarrDataset ds = openReadOnly()) {
            List<String> problems = new ArrayList<>(ds.validate());
            problems.addAll(Ingester.checkSources(ds));
            problems.forEach(p -> err().println("problem: " + p));
            if (ds.isManifestStale()) {
                // derived data, not a problem: an ingest may be running, and the next one rebuilds it
                out().println("note: index/manifest.json.gz lists other images than the dataset has; 'kymflow ingest' rebuilds it");
            }
            out().println(problems.isEmpty() ? "valid: " + ds.listImageIds().size() + " images" : problems.size() + " problems");
            return problems.isEmpty() ? 0 : 1;
        }
    }
}
