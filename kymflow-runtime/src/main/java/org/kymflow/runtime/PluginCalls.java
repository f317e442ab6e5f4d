package org.kymflow.runtime;

import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.table.Table;

/**
 * The boundary where the runtime calls an indexer's code for one image: whatever it throws (plugins may
 * throw anything) is re-thrown at once as an {@link IndexingException} naming the indexer and the image,
 * so it reaches the caller or, with keep-going, the report.
 */
final class PluginCalls {
    private PluginCalls() {
    }

    static Table extractRows(BaseIndexer indexer, String name, String imageId, ImageRecordView view,
                             org.kymflow.api.IndexerContext context) {
        try {
            return indexer.extractRows(view, context);
        } catch (RuntimeException | LinkageError e) {
            throw new IndexingException(name, imageId, describe(e), e);
        }
    }

    static String paramsHash(BaseIndexer indexer, String name, String imageId, ImageRecordView view) {
        try {
            String hash = indexer.paramsHash(view);
            if (hash == null) {
                throw new IndexingException(name, imageId, "paramsHash returned null", null);
            }
            return hash;
        } catch (IndexingException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new IndexingException(name, imageId, "paramsHash failed: " + describe(e), e);
        }
    }

    /**
     * A storage error reading the image names its file and cause itself; anything else is the indexer's
     * own failure, named with its type for the plugin's author.
     */
    private static String describe(Throwable e) {
        return e instanceof org.kymflow.zarr.ZarrException ? e.getMessage() : String.valueOf(e);
    }
}
