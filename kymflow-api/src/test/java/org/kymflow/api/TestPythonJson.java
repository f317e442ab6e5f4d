package org.kymflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kymflow.table.PythonJson;

class TestPythonJson {
    @Test
    void knownFloatsAndStructuresMatchPythonRepr() {
        assertEquals("1e-05", PythonJson.canonical(1e-5));
        assertEquals("1e+16", PythonJson.canonical(1e16));
        assertEquals("0.1", PythonJson.canonical(0.1));
        assertEquals("2.0", PythonJson.canonical(2.0));
        assertEquals("-0.0", PythonJson.canonical(-0.0));
        assertEquals("1234567890123456.0", PythonJson.canonical(1234567890123456.0));
        assertEquals("0.0001", PythonJson.canonical(0.0001));
        assertEquals("5e-324", PythonJson.canonical(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", PythonJson.canonical(Double.MAX_VALUE));
        assertEquals("{\"a\":[1,2.5,null,true],\"b\":\"é\\n\"}", PythonJson.canonical(Map.of("b", "é\n", "a", java.util.Arrays.asList(1, 2.5, null, true))));
        assertThrows(IllegalArgumentException.class, () -> PythonJson.canonical(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PythonJson.canonical(List.of(Double.POSITIVE_INFINITY)));
    }

    /** Random JSON values of every kind, including awkward floats, unicode and escapes. */
    static Object randomValue(Random random, int depth) {
        int kind = depth > 3 ? random.nextInt(6) : random.nextInt(8);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2: {
                long[] ints = {0, -1, 7, Integer.MAX_VALUE, Long.MIN_VALUE, random.nextLong(), random.nextInt(1000)};
                return ints[random.nextInt(ints.length)];
            }
            case 3: {
                double[] special = {0.1, 2.0, -0.0, 1e-5, 1e16, 1e15, 123456789.123, 1e-4, 9.999999999999999e-5,
                        Double.MIN_VALUE, Double.MAX_VALUE, 0.30000000000000004, 1.5e300, -2.5e-300, 100.0, 1e22};
                if (random.nextBoolean()) {
                    return special[random.nextInt(special.length)];
                }
                double d = Double.longBitsToDouble(random.nextLong());
                return Double.isFinite(d) ? d : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            }
            case 4: {
                String[] strings = {"", "plain", "ünïcode ✓", "tab\tquote\"back\\slash", "ctrl\u0001\u001f", "emoji 🐭",
                        "newline\nreturn\r", "\u2028sep", "日本語", "/slash"};
                return strings[random.nextInt(strings.length)];
            }
            case 5:
                return new BigInteger(100, random).negate();
            case 6: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                String[] keys = {"b", "a", "A", "é", "z", "aa", "_", "10", "9", "𝔘"};
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(keys[random.nextInt(keys.length)], randomValue(random, depth + 1));
                }
                return map;
            }
        }
    }

    @Test
    void hundredsOfValuesMatchPythonByteForByteAndHashForHash() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean ok = Files.isExecutable(python);
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("CI=true but /usr/bin/python3 is missing");
        }
        if (!(ok)) {
            System.out.println("[skipped] /usr/bin/python3 is not installed"); // on the console, not only in the reports
        }
        Assumptions.assumeTrue(ok, "skipped: /usr/bin/python3 is not installed");
        Random random = new Random(2026);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            values.add(randomValue(random, 0));
        }
        // Python reads the values from JSON we write with Jackson (its own shortest-repr floats)
        byte[] input = new ObjectMapper().writeValueAsBytes(values);
        Process p = new ProcessBuilder(python.toString(), "src/test/python/python_json.py").start();
        p.getOutputStream().write(input);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), err);
        String[] lines = out.split("\n");
        assertEquals(values.size(), lines.length);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < values.size(); i++) {
            String[] parts = lines[i].split("\t");
            String pythonText = mapper.readValue(parts[0], String.class);
            // hash the value as Jackson parses it back, the path a params map takes from JSON
            Object reparsed = mapper.readValue(mapper.writeValueAsBytes(values.get(i)), Object.class);
            assertEquals(pythonText, PythonJson.canonical(reparsed), "value " + i + ": " + values.get(i));
            assertEquals(parts[1], ParamsHash.sha256(reparsed), "hash of value " + i);
            assertEquals(mapper.readValue(parts[2], String.class), PythonJson.indented(reparsed, 4, true, true),
                    "indented value " + i);
        }
    }
}
