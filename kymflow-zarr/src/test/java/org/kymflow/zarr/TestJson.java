package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON parsed as Python's json module reads what it writes. */
class TestJson {
    private static Object parse(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8), "test.json");
    }

    @Test
    void numbersTakeTheNarrowestJavaTypeAndNonFiniteValuesAreAllowed() {
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) parse("[1, -2147483649, 18446744073709551616, 2.5, 1e3, NaN, Infinity, -Infinity]");
        assertEquals(List.of(1, -2147483649L, new BigInteger("18446744073709551616"), 2.5, 1000.0), values.subList(0, 5));
        assertTrue(Double.isNaN((Double) values.get(5)));
        assertEquals(Double.POSITIVE_INFINITY, values.get(6));
        assertEquals(Double.NEGATIVE_INFINITY, values.get(7));
    }

    @Test
    void objectsKeepTheirKeyOrderAndNestingAndARepeatedKeyKeepsItsLastValue() {
        Map<String, Object> object = Json.parseObject(
                "{\"z\": {\"b\": [true, false, null], \"a\": \"\\u00e9\"}, \"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8), "t");
        assertEquals(List.of("z", "a"), new ArrayList<>(object.keySet()));
        assertEquals(2, object.get("a"));
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) object.get("z");
        assertEquals(List.of("b", "a"), new ArrayList<>(inner.keySet()));
        assertEquals("\u00e9", inner.get("a"));
        List<?> flags = (List<?>) inner.get("b");
        assertEquals(Boolean.TRUE, flags.get(0));
        assertEquals(Boolean.FALSE, flags.get(1));
        assertNull(flags.get(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{\"a\": 1", "[1, 2", "{\"a\": 1} {}", "[1] 2", "{a: 1}", "[1,]"})
    void malformedTextIsAnErrorNamingTheFile(String text) {
        ZarrException e = assertThrows(ZarrException.class, () -> parse(text));
        assertTrue(e.getMessage().startsWith("test.json: invalid JSON"), e.getMessage());
    }

    @Test
    void anObjectIsRequiredWhereOneIsAskedFor() {
        ZarrException e = assertThrows(ZarrException.class, () -> Json.parseObject("[1]".getBytes(StandardCharsets.UTF_8), "x.json"));
        assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());
    }
}
