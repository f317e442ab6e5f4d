package org.kymflow.zarr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.table.PythonJson;

/**
 * JSON as the Python side reads and writes it: parsed into plain maps, lists, strings, numbers, booleans
 * and nulls (NaN and Infinity allowed, as Python's json module writes them), and written with
 * {@code json.dumps(indent=n)}'s layout.
 *
 * <p>Parsing walks Jackson's streaming parser rather than its object mapper: plain maps and lists need
 * nothing more, and every command reads JSON first thing, where the mapper's start-up (some three hundred
 * classes) was a noticeable part of a short command's time.
 */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {
    }

    /**
     * @param bytes UTF-8 JSON
     * @param where the file, for the message
     * @return the value as plain Java objects: objects as insertion-ordered maps, arrays as lists,
     *     integers as Integer, Long or BigInteger (the narrowest that holds them), other numbers as Double
     * @throws ZarrException naming the file when the JSON is malformed
     */
    static Object parse(byte[] bytes, String where) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ZarrException(where + ": invalid JSON: the file is empty");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) { // as Python's json.loads: one value, then only white space
                throw new ZarrException(where + ": invalid JSON: more content after the value at "
                        + parser.currentTokenLocation().offsetDescription());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ZarrException(where + ": invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ZarrException(where + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** The value that starts at {@code token}; the parser is left on its last token. */
    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(parser, "unexpected end of the text");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    map.put(key, read(parser, parser.nextToken())); // a repeated key keeps its last value, as Python
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(read(parser, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue(); // NaN and Infinity arrive here too
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(parser, "unexpected " + token);
        }
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
