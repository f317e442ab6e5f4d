package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.table.Table;

/**
 * A wrapper that delegates to a plugin's indexer must forward every method of {@link BaseIndexer}, default
 * methods included: a default it does not override answers with the interface's default instead of the
 * plugin's own answer (its inputs, its key columns), silently. This fails when the API grows a method the
 * wrapper does not forward.
 */
class TestDelegatingWrappers {
    @Test
    void theClassLoaderWrapperForwardsEveryMethodOfBaseIndexer() {
        List<String> missing = new ArrayList<>();
        for (Method m : BaseIndexer.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                Method own = ContextClassLoaderIndexer.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                assertEquals(m.getReturnType(), own.getReturnType(), m.getName());
            } catch (NoSuchMethodException e) {
                missing.add(m.toGenericString());
            }
        }
        assertEquals(List.of(), missing, "ContextClassLoaderIndexer must forward these to the plugin's indexer");
    }

    @Test
    void whatTheWrapperForwardsIsThePluginsOwnAnswer() {
        BaseIndexer plugin = new BaseIndexer() {
            @Override
            public String name() {
                return "own";
            }

            @Override
            public Table extractRows(ImageRecordView rec) {
                return Table.empty(org.kymflow.table.Schema.of());
            }

            @Override
            public String paramsHash(ImageRecordView rec) {
                return "h";
            }

            @Override
            public String analysisVersion() {
                return "own@1";
            }

            @Override
            public List<String> inputs() {
                return List.of("radon");
            }

            @Override
            public List<String> keyColumns() {
                return List.of("velocity");
            }
        };
        BaseIndexer wrapped = new ContextClassLoaderIndexer(plugin, getClass().getClassLoader());
        assertEquals(List.of("radon"), wrapped.inputs());
        assertEquals(List.of("velocity"), wrapped.keyColumns());
        assertEquals("own@1", wrapped.analysisVersion());
        assertEquals("own", wrapped.name());
    }
}
