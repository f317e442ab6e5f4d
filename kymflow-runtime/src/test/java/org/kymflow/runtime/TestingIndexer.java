package org.kymflow.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.table.Table;

/** An indexer whose rows and hash come from functions; counts its calls. */
class TestingIndexer implements BaseIndexer {
    final String name;
    final String version;
    final Function<ImageRecordView, Table> rows;
    final Function<ImageRecordView, String> hash;
    final AtomicInteger calls = new AtomicInteger();

    TestingIndexer(String name, String version, Function<ImageRecordView, Table> rows, Function<ImageRecordView, String> hash) {
        this.name = name;
        this.version = version;
        this.rows = rows;
        this.hash = hash;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        calls.incrementAndGet();
        return rows.apply(rec);
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        return hash.apply(rec);
    }

    @Override
    public String analysisVersion() {
        return version;
    }
}
