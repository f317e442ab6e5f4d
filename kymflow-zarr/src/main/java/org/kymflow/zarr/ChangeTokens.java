package org.kymflow.zarr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dataset's change token and every image's, from one walk of its folders (see
 * {@link ZarrDatasetReader#changeToken} and {@link ZarrDatasetReader#imageChangeTokens}): a reader's cache
 * key, which changes whenever any writer, Java or Python, adds, removes or replaces a file.
 *
 * @param dataset the token of the whole dataset
 * @param images image id to the token of its folder
 */
public record ChangeTokens(String dataset, Map<String, String> images) {
    /**
     * Copies the map.
     *
     * @param dataset see the record
     * @param images see the record
     */
    public ChangeTokens {
        images = Map.copyOf(images);
    }

    /** Hashes the identities of the root's files and folders other than images, then each image's token. */
    static ChangeTokens of(DatasetStore store, String location, Map<String, String> images) {
        StringBuilder all = new StringBuilder();
        try {
            for (String child : store.listChildren("")) {
                if (child.equals(ZarrDatasetReader.IMAGES)) {
                    continue;
                }
                String token = store.isFolder(child) ? store.versionSignature(child) : store.version(child).orElse("-");
                all.append(child).append('=').append(token).append('\n');
            }
        } catch (IOException e) {
            throw new ZarrException("cannot list the files of " + location + ": " + e.getMessage(), e);
        }
        new TreeMap<>(images).forEach((id, token) -> // in id order: the same files give the same token
                all.append(ZarrDatasetReader.IMAGES).append('/').append(id).append('=').append(token).append('\n'));
        byte[] digest = ZarrImageReader.sha256().digest(all.toString().getBytes(StandardCharsets.UTF_8));
        return new ChangeTokens(HexFormat.of().formatHex(digest), images);
    }
}
