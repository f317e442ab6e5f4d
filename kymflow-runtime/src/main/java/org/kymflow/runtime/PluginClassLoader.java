package org.kymflow.runtime;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * The class loader of one plugin: its own JARs first, the JDK (platform loader) as parent, and only the
 * plugin API packages ({@code org.kymflow.api.}, {@code org.kymflow.table.}) from the host, so a plugin
 * may bundle any library at any version without clashing with the host's or another plugin's.
 */
final class PluginClassLoader extends URLClassLoader {
    /** Packages the host shares with every plugin; everything else is the plugin's own. */
    static final List<String> HOST_PACKAGES = List.of("org.kymflow.api.", "org.kymflow.table.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;
    private final String origin;

    PluginClassLoader(String origin, URL[] jars, ClassLoader host) {
        super("kymflow-plugin:" + origin, jars, ClassLoader.getPlatformClassLoader());
        this.host = host;
        this.origin = origin;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : HOST_PACKAGES) {
            if (name.startsWith(prefix)) {
                return host.loadClass(name);
            }
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + origin + "]";
    }
}
