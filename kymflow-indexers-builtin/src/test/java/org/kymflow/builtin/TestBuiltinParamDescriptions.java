package org.kymflow.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.ParamSpec;

/** Every built-in describes every param it takes, with the default it uses, a type that fits it and a line of help. */
class TestBuiltinParamDescriptions {
    @Test
    void descriptionsMatchTheDefaults() {
        int providers = 0;
        for (IndexerProvider provider : ServiceLoader.load(IndexerProvider.class)) {
            providers++;
            Map<String, Object> defaults = provider.defaultParams();
            List<ParamSpec> specs = provider.create(defaults).describeParams();
            String who = provider.name();
            assertEquals(List.copyOf(defaults.keySet()).stream().sorted().toList(), specs.stream().map(ParamSpec::name).sorted().toList(),
                    who + ": every param described, nothing else");
            for (ParamSpec spec : specs) {
                Object value = defaults.get(spec.name());
                assertEquals(value, spec.defaultValue(), who + "." + spec.name() + " default");
                assertEquals(ParamSpec.of(spec.name(), value).type(), spec.type(), who + "." + spec.name() + " type");
                assertFalse(spec.help().isBlank(), who + "." + spec.name() + " has help");
                if (spec.min() != null && value instanceof Number n) {
                    assertTrue(n.doubleValue() >= spec.min(), who + "." + spec.name() + " default within its range");
                }
            }
        }
        assertEquals(8, providers, "the built-ins");
    }
}
