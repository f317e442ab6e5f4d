package org.kymflow.zarr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
     * Writes a value as Python's {@code json.dumps(value, indent=indent, sort_keys=sortKeys)} lays it out.
     *
     * @param value maps, lists, arrays of primitives, strings, numbers, booleans, null
     * @param indent spaces per level
     * @param sortKeys whether to sort object keys
     * @return UTF-8 bytes
     */
    static byte[] write(Object value, int indent, boolean sortKeys) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, indent, sortKeys, 0);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void newline(StringBuilder sb, int indent, int depth) {
        sb.append('\n');
        sb.append(" ".repeat(indent * depth));
    }

    private static void write(StringBuilder sb, Object value, int indent, boolean sortKeys, int depth) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            quote(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                sb.append("NaN");
            } else if (Double.isInfinite(d)) {
                sb.append(d > 0 ? "Infinity" : "-Infinity");
            } else {
                sb.append(value instanceof Float f ? Float.toString(f) : Double.toString(d));
            }
        } else if (value instanceof Number n) {
            sb.append(n);
        } else if (value instanceof Map<?, ?> map) {
            Map<?, ?> m = sortKeys ? new TreeMap<>(map) : map;
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                newline(sb, indent, depth + 1);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent, sortKeys, depth + 1);
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            newline(sb, indent, depth);
            sb.append('}');
        } else if (value instanceof Iterable<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(items::add);
            writeList(sb, items, indent, sortKeys, depth);
        } else if (value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            int n = java.lang.reflect.Array.getLength(value);
            for (int i = 0; i < n; i++) {
                items.add(java.lang.reflect.Array.get(value, i));
            }
            writeList(sb, items, indent, sortKeys, depth);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: " + value);
        }
    }

    private static void writeList(StringBuilder sb, List<Object> items, int indent, boolean sortKeys, int depth) {
        if (items.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            newline(sb, indent, depth + 1);
            write(sb, items.get(i), indent, sortKeys, depth + 1);
            if (i < items.size() - 1) {
                sb.append(',');
            }
        }
        newline(sb, indent, depth);
        sb.append(']');
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        sb.append(String.format("\\u%04x", (int) c)); // ensure_ascii=True, as zarr writes
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
