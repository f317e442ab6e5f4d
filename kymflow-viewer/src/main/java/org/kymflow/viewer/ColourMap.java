package org.kymflow.viewer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The colour maps the image page offers for the kymograph: grey, inverted grey (dark cells on a light
 * lumen read like a printed figure) and matplotlib's perceptually uniform maps, which labs know from the
 * Python tools. Each maps a level 0..255 to an RGB colour.
 */
enum ColourMap {
    /** Black to white. */
    GRAY,
    /** White to black. */
    GRAY_R,
    /** matplotlib's viridis. */
    VIRIDIS,
    /** matplotlib's inferno. */
    INFERNO,
    /** matplotlib's magma. */
    MAGMA,
    /** matplotlib's plasma. */
    PLASMA;

    private static final Map<String, int[]> LISTED = load();

    /**
     * @return the name used in URLs and the page ({@code gray}, {@code viridis}, ...)
     */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param key a colour map's name as {@link #key()} gives it
     * @return the map
     * @throws IllegalArgumentException naming the choices when there is no such map
     */
    static ColourMap fromKey(String key) {
        for (ColourMap m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no colour map '" + key + "'; choose one of gray, gray_r, viridis, inferno, magma, plasma");
    }

    /**
     * @return 256 colours as 0xRRGGBB, level 0 first
     */
    int[] table() {
        return switch (this) {
            case GRAY -> grey(false);
            case GRAY_R -> grey(true);
            default -> LISTED.get(key()).clone();
        };
    }

    private static int[] grey(boolean inverted) {
        int[] rgb = new int[256];
        for (int level = 0; level < 256; level++) {
            int g = inverted ? 255 - level : level;
            rgb[level] = g << 16 | g << 8 | g;
        }
        return rgb;
    }

    // colour-maps.txt: a name line, then 256 hex colours in lines of 16 (written from matplotlib; see its header)
    private static Map<String, int[]> load() {
        Map<String, int[]> maps = new HashMap<>();
        try (InputStream in = ColourMap.class.getResourceAsStream("colour-maps.txt")) {
            if (in == null) {
                throw new IllegalStateException("colour-maps.txt is missing from the viewer's JAR");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String name = null;
            int[] colours = null;
            int n = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (Character.isLetter(line.charAt(0)) && !line.contains(" ")) {
                    name = line.strip();
                    colours = new int[256];
                    n = 0;
                    maps.put(name, colours);
                    continue;
                }
                for (String hex : line.strip().split(" ")) {
                    colours[n++] = Integer.parseInt(hex, 16);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the viewer's colour maps", e);
        }
        for (ColourMap m : values()) {
            if (m != GRAY && m != GRAY_R && (!maps.containsKey(m.key()))) {
                throw new IllegalStateException("colour-maps.txt has no " + m.key());
            }
        }
        return maps;
    }
}
