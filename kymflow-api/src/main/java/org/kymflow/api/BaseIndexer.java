package org.kymflow.api;

import org.kymflow.table.Table;

/**
 * One analysis over a dataset: it turns one image into rows of a table.
 *
 * <p>The runtime calls it once per image, possibly from several threads at once, and writes the rows of
 * all images to {@code tables/kym_<name>.parquet} with the provenance columns {@code image_id},
 * {@code analysis_version} and {@code params_hash} added (see {@link Provenance}). Implementations must
 * be thread-safe and must never change anything: they only read the {@link ImageRecordView}.
 */
public interface BaseIndexer {
    /**
     * @return the indexer's name, {@code [a-z][a-z0-9_]*}; its table is {@code kym_<name>}
     */
    String name();

    /**
     * Computes the rows for one image. Throw to fail the run; the runtime reports the image id and your
     * exception, and leaves the table as it was.
     *
     * @param rec the image, read-only
     * @return the rows (possibly none); do not include the provenance columns
     */
    Table extractRows(ImageRecordView rec);

    /**
     * Computes the rows for one image with the host's services at hand (cancellation, progress, a logger,
     * the file name). The runtime calls this form; the default calls {@link #extractRows(ImageRecordView)},
     * so an indexer overrides whichever it needs.
     *
     * @param rec the image, read-only
     * @param context what the host offers during this image
     * @return the rows (possibly none); do not include the provenance columns
     */
    default Table extractRows(ImageRecordView rec, IndexerContext context) {
        return extractRows(rec);
    }

    /**
     * @param rec the image, read-only
     * @return a deterministic hash of everything the rows depend on (params, ROIs, header values), so
     *     the runtime can tell when an image's rows are up to date
     */
    String paramsHash(ImageRecordView rec);

    /** @return the version of the analysis code, e.g. {@code radon@1.0}; bump it when results change */
    String analysisVersion();

    /**
     * The indexers whose rows this one reads, through {@link ImageRecordView#inputRows}. The runtime runs
     * them first where stale, and marks this indexer's results stale for an image when an input's results
     * for it change, so the params hash need not cover them.
     *
     * @return input indexer names; empty (the default) for an indexer that reads only the image
     */
    default java.util.List<String> inputs() {
        return java.util.List.of();
    }

    /**
     * The columns a person looks at first in this indexer's rows (the result, not the bookkeeping), in the
     * order to show them: a terminal table too narrow for every column shows these after the image and
     * ROI columns. Columns named here that the rows lack are ignored.
     *
     * @return column names; empty (the default) keeps the rows' own column order
     */
    default java.util.List<String> keyColumns() {
        return java.util.List.of();
    }

    /**
     * Describes this indexer's params for editors and help: type, default, range or choices, one line each
     * (see {@link ParamSpec}), in the order to show them. An indexer that describes none (the default) still
     * gets a plain editor of its {@link IndexerProvider#defaultParams()}, typed by their defaults.
     *
     * @return the params described; empty by default
     */
    default java.util.List<ParamSpec> describeParams() {
        return java.util.List.of();
    }
}
