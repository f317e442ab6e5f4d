package org.kymflow.table;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON writer for everything Python reads or compares: output byte-identical to Python's
 * {@code json.dumps}. Two layouts: {@link #canonical} ({@code sort_keys=True, separators=(",", ":"),
 * ensure_ascii=False}, no NaN), whose SHA-256 is a params hash Python and Java agree on, and
 * {@link #indented} ({@code indent=n}), the layout of Zarr metadata and JSON artifacts. Floats use
 * Python's shortest repr ({@code 1e-05}, {@code 1e+16}, {@code 0.1}, {@code 2.0}, {@code -0.0}).
 *
 * <p>It lives here, in the JDK-only module both storage and plugins see, so that there is one writer.
 * Accepts plain Java values: maps with string keys, lists and other iterables, arrays, strings, numbers,
 * booleans, null.
 */
public final class PythonJson {
    private PythonJson() {
    }

    /**
     * @param value the value
     * @return Python's {@code json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)}
     * @throws IllegalArgumentException for NaN, infinities, non-string map keys, or unsupported types
     */
    public static String canonical(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(-1, true, false, false).append(sb, value, 0);
        return sb.toString();
    }

    /**
     * @param value the value
     * @param indent spaces per level
     * @param sortKeys whether object keys are sorted (by code point, as Python does)
     * @param ensureAscii whether non-ASCII characters are escaped (backslash-u and four hex digits), as zarr-python writes
     * @return Python's {@code json.dumps(value, indent=indent, sort_keys=sortKeys, ensure_ascii=ensureAscii)};
     *     NaN and infinities are written as Python does ({@code NaN}, {@code Infinity})
     * @throws IllegalArgumentException for non-string map keys or unsupported types
     */
    public static String indented(Object value, int indent, boolean sortKeys, boolean ensureAscii) {
        if (indent < 0) {
            throw new IllegalArgumentException("indent must be 0 or more, was " + indent);
        }
        StringBuilder sb = new StringBuilder();
        new Writer(indent, sortKeys, ensureAscii, true).append(sb, value, 0);
        return sb.toString();
    }

    /** One layout: compact when indent is negative. */
    private record Writer(int indent, boolean sortKeys, boolean ensureAscii, boolean allowNan) {
        void append(StringBuilder sb, Object value, int depth) {
            if (value == null) {
                sb.append("null");
            } else if (value instanceof String s) {
                quote(sb, s, ensureAscii);
            } else if (value instanceof Boolean b) {
                sb.append(b ? "true" : "false");
            } else if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    if (!allowNan) {
                        throw new IllegalArgumentException("NaN and infinities are not JSON and cannot be hashed: " + d);
                    }
                    sb.append(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                } else {
                    sb.append(pythonFloat(d));
                }
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                    || value instanceof BigInteger) {
                sb.append(value);
            } else if (value instanceof BigDecimal d) {
                append(sb, d.doubleValue(), depth);
            } else if (value instanceof Map<?, ?> map) {
                Map<String, Object> entries = sortKeys ? new TreeMap<>(PythonJson::comparePython) : new java.util.LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String k)) {
                        throw new IllegalArgumentException("JSON object keys must be strings, found " + e.getKey());
                    }
                    entries.put(k, e.getValue());
                }
                if (entries.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                Iterator<Map.Entry<String, Object>> it = entries.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, Object> e = it.next();
                    newline(sb, depth + 1);
                    quote(sb, e.getKey(), ensureAscii);
                    sb.append(indent < 0 ? ":" : ": ");
                    append(sb, e.getValue(), depth + 1);
                    if (it.hasNext()) {
                        sb.append(',');
                    }
                }
                newline(sb, depth);
                sb.append('}');
            } else if (value instanceof Iterable<?> iterable) {
                List<Object> items = new ArrayList<>();
                iterable.forEach(items::add);
                appendList(sb, items, depth);
            } else if (value.getClass().isArray()) {
                List<Object> items = new ArrayList<>();
                int n = java.lang.reflect.Array.getLength(value);
                for (int i = 0; i < n; i++) {
                    items.add(java.lang.reflect.Array.get(value, i));
                }
                appendList(sb, items, depth);
            } else {
                throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: " + value);
            }
        }

        private void appendList(StringBuilder sb, List<Object> items, int depth) {
            if (items.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                newline(sb, depth + 1);
                append(sb, items.get(i), depth + 1);
                if (i < items.size() - 1) {
                    sb.append(',');
                }
            }
            newline(sb, depth);
            sb.append(']');
        }

        private void newline(StringBuilder sb, int depth) {
            if (indent >= 0) {
                sb.append('\n').append(" ".repeat(indent * depth));
            }
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
     * @throws IllegalArgumentException for NaN and infinities
     */
    public static String pythonFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("NaN and infinities have no repr in JSON numbers: " + d);
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        // Java's Double.toString gives the shortest round-tripping digits (JDK 19+ exactly; JDK 17 can
        // give one digit too many, so BigDecimal trims to the shortest that still round-trips).
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        for (int len = 1; len < digits.length(); len++) {
            BigDecimal candidate = exact.round(new MathContext(len, RoundingMode.HALF_EVEN));
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

    private static void quote(StringBuilder sb, String s, boolean ensureAscii) {
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
                    if (c < 0x20 || (ensureAscii && c > 0x7E)) {
                        sb.append(String.format("\\u%04x", (int) c)); // surrogates escape one by one, as Python's
                    } else {
                        sb.append(c); // ensure_ascii=False: everything else, surrogates included, as is
                    }
                }
            }
        }
        sb.append('"');
    }
}
