package org.kymflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The version, from the pom: Maven filters {@code version.properties} at build time, so it is defined once. */
public final class PomVersionProvider implements CommandLine.IVersionProvider {
    /** Creates the provider (picocli instantiates it). */
    public PomVersionProvider() {
    }

    /** @return the project version, e.g. {@code 0.1.0-SNAPSHOT} */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = PomVersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the kymflow-cli jar (a broken build)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties from the kymflow-cli jar", e);
        }
        return p.getProperty("version");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"kymflow " + version()};
    }
}
