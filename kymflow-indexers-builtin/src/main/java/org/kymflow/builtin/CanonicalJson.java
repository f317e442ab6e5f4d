package org.kymflow.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.Hashing;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical JSON: bytes identical to Python's
 * {@code json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)}, so Python and Java
 * compute the same params hash. Floats use Python's shortest repr ({@code 1e-05}, {@code 1e+16},
 * {@code 0.1}, {@code 2.0}, {@code -0.0}); NaN and infinities are refused.
 *
 * <p>Accepts plain Java values (maps with string keys, lists, arrays, strings, numbers, booleans, null)
 * and Jackson trees.
 */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    /**
     * @param value the value
     * @return its canonical JSON text
     * @throws IllegalArgumentException for NaN, infinities, non-string map keys, or unsupported types
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    /**
     * @param value the value
     * @return SHA-256 hex of its canonical JSON (UTF-8)
     */
    public static String sha256(Object value) {
        return Hashing.sha256().hashString(write(value), StandardCharsets.UTF_8).toString();
    }

    private static void append(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof JsonNode node) {
            appendNode(sb, node);
        } else if (value instanceof String s) {
            quote(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float) {
            sb.append(pythonFloat(((Number) value).doubleValue()));
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            sb.append(value);
        } else if (value instanceof BigDecimal d) {
            sb.append(pythonFloat(d.doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>(CanonicalJson::comparePython);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, found " + e.getKey());
                }
                sorted.put(k, e.getValue());
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                quote(sb, e.getKey());
                sb.append(':');
                append(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Iterable<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object o : list) {
                sb.append(first ? "" : ",");
                first = false;
                append(sb, o);
            }
            sb.append(']');
        } else if (value.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            Object[] items = new Object[n];
            for (int i = 0; i < n; i++) {
                items[i] = java.lang.reflect.Array.get(value, i);
            }
            append(sb, List.of(items));
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as canonical JSON");
        }
    }

    private static void appendNode(StringBuilder sb, JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>(CanonicalJson::comparePython);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                sorted.put(e.getKey(), e.getValue());
            }
            append(sb, sorted);
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                appendNode(sb, node.get(i));
            }
            sb.append(']');
        } else if (node.isTextual()) {
            quote(sb, node.textValue());
        } else if (node.isIntegralNumber()) {
            sb.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            sb.append(pythonFloat(node.doubleValue()));
        } else if (node.isBoolean()) {
            sb.append(node.booleanValue());
        } else if (node.isNull() || node.isMissingNode()) {
            sb.append("null");
        } else {
            throw new IllegalArgumentException("unsupported JSON node " + node.getNodeType());
        }
    }

    /** Python sorts str keys by code point; Java's String order is by UTF-16 unit. */
    private static int comparePython(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip, in positional notation for
     * exponents -4..15 and scientific ({@code 1e-05}, {@code 1.5e+16}) otherwise.
     *
     * @param d a finite double
     * @return the text
     */
    static String pythonFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("NaN and infinities are not JSON and cannot be hashed: " + d);
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        // Java's Double.toString gives the shortest round-tripping digits (JDK 19+ exactly; JDK 17 can
        // give one digit too many, so BigDecimal trims to the shortest that still round-trips).
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        for (int len = 1; len < digits.length(); len++) {
            BigDecimal candidate = exact.round(new java.math.MathContext(len, java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                exact = candidate.stripTrailingZeros();
                digits = exact.unscaledValue().abs().toString();
                break;
            }
        }
        int exponent = digits.length() - 1 - exact.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        if (exponent < 0) {
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        if (digits.length() <= exponent + 1) {
            return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
        }
        return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
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
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c); // ensure_ascii=False: everything else, surrogates included, as is
                    }
                }
            }
        }
        sb.append('"');
    }
}
