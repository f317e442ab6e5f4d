package org.kymflow.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.kymflow.table.PythonJson;

/**
 * The params hash every indexer can use for {@link BaseIndexer#paramsHash}: SHA-256 (hex) of the
 * canonical JSON of everything the rows depend on, byte-identical to Python's
 * {@code hashlib.sha256(json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode())},
 * so Python and Java agree on which results are stale.
 */
public final class ParamsHash {
    private ParamsHash() {
    }

    /**
     * @param value plain values: maps with string keys, lists, arrays, strings, numbers, booleans, null
     * @return the lower-case hex SHA-256 of its canonical JSON (UTF-8)
     * @throws IllegalArgumentException for NaN, infinities, non-string keys or unsupported types
     */
    public static String sha256(Object value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(PythonJson.canonical(value).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }
}
