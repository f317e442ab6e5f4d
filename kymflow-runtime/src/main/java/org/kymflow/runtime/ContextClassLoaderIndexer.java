package org.kymflow.runtime;

import java.util.function.Supplier;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.table.Table;

/** Makes the plugin's class loader the thread context class loader during each of its calls. */
final class ContextClassLoaderIndexer implements BaseIndexer {
    private final BaseIndexer delegate;
    private final ClassLoader loader;

    ContextClassLoaderIndexer(BaseIndexer delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    private <T> T call(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public String name() {
        return call(delegate::name);
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        return call(() -> delegate.extractRows(rec));
    }

    @Override
    public Table extractRows(ImageRecordView rec, org.kymflow.api.IndexerContext context) {
        return call(() -> delegate.extractRows(rec, context));
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        return call(() -> delegate.paramsHash(rec));
    }

    @Override
    public String analysisVersion() {
        return call(delegate::analysisVersion);
    }

    // every default method of BaseIndexer must be forwarded here, or the plugin's own answer is lost
    @Override
    public java.util.List<String> inputs() {
        return call(delegate::inputs);
    }

    @Override
    public java.util.List<String> keyColumns() {
        return call(delegate::keyColumns);
    }

    @Override
    public java.util.List<org.kymflow.api.ParamSpec> describeParams() {
        return call(delegate::describeParams);
    }
}
