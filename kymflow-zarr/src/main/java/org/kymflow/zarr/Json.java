package org.kymflow.zarr;

import org.kymflow.table.PythonJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * JSON as the Python side reads and writes it: parsed into plain maps, lists, strings, numbers, booleans
 * and nulls (NaN and Infinity allowed, as Python's json module writes them), and written with
 * {@code json.dumps(indent=n)}'s layout.
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private Json() {
    }

    /**
     * @param bytes UTF-8 JSON
     * @param where the file, for the message
     * @return the value as plain Java objects
     * @throws ZarrException naming the file when the JSON is malformed
     */
    static Object parse(byte[] bytes, String where) {
        try {
            return normalize(MAPPER.readValue(bytes, Object.class));
        } catch (JsonProcessingException e) {
            throw new ZarrException(where + ": invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ZarrException(where + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** Narrows BigIntegers that fit into Long, so callers see Integer/Long/Double as usual. */
    private static Object normalize(Object value) {
        if (value instanceof java.math.BigInteger big) {
            return big.bitLength() < 32 ? (Object) big.intValue() : big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            m.replaceAll((k, v) -> normalize(v));
            return m;
        }
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            l.replaceAll(Json::normalize);
            return l;
        }
        return value;
    }

    /**
     * @param bytes UTF-8 JSON holding an object
     * @param where the file, for the message
     * @return the object
     * @throws ZarrException naming the file when the JSON is malformed or not an object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(byte[] bytes, String where) {
        Object value = parse(bytes, where);
        if (!(value instanceof Map)) {
            throw new ZarrException(where + ": expected a JSON object, found " + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return (Map<String, Object>) value;
    }

    /**
     * Writes a value as Python's {@code json.dumps(value, indent=indent, sort_keys=sortKeys)} lays it out
     * (ASCII-escaped, as zarr-python writes), through the project's one Python-compatible writer.
     *
     * @param value maps, lists, arrays of primitives, strings, numbers, booleans, null
     * @param indent spaces per level
     * @param sortKeys whether to sort object keys
     * @return UTF-8 bytes
     */
    static byte[] write(Object value, int indent, boolean sortKeys) {
        return PythonJson.indented(value, indent, sortKeys, true).getBytes(StandardCharsets.UTF_8);
    }
}
