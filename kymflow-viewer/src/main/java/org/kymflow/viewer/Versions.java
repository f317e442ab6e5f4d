package org.kymflow.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of the WebJars the pages load, from the pom (a filtered resource), so they are pinned once. */
final class Versions {
    /** The uPlot WebJar's version: its files sit under a folder named by it. */
    static final String UPLOT = load().getProperty("uplot");

    private Versions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("the viewer's versions.properties is missing from its jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the viewer's versions.properties", e);
        }
        return p;
    }
}
