package org.kymflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kymflow.runtime.IndexerCatalog;
import picocli.CommandLine.Option;

/** The {@code --plugins} and {@code --strict} options shared by the commands that discover indexers. */
final class PluginsOption {
    @Option(names = "--plugins", paramLabel = "FOLDER", description = "plugins folder (default: $KYMFLOW_PLUGINS, else the folder named plugins here and the one beside the installation)")
    Path plugins;

    @Option(names = "--strict", description = "fail when any plugin is REJECTED or FAILED")
    boolean strict;

    /** @return the plugins folder: the option, else {@code KYMFLOW_PLUGINS}, else {@code ./plugins} */
    Path folder() {
        return folder(plugins);
    }

    /**
     * @return the folders searched: the option or {@code KYMFLOW_PLUGINS} alone when given; else
     *     {@code ./plugins}, then the {@code plugins} folder beside the installation (the launcher passes
     *     it as {@code kymflow.home})
     */
    static List<Path> folders(Path given) {
        String env = System.getenv("KYMFLOW_PLUGINS");
        if (given != null || env != null && !env.isBlank()) {
            return List.of(folder(given));
        }
        List<Path> out = new ArrayList<>(List.of(Path.of("plugins")));
        String home = System.getProperty("kymflow.home");
        if (home != null && !Path.of(home, "plugins").toAbsolutePath().normalize().equals(Path.of("plugins").toAbsolutePath().normalize())) {
            out.add(Path.of(home, "plugins"));
        }
        return out;
    }

    static Path folder(Path given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv("KYMFLOW_PLUGINS");
        return Path.of(env != null && !env.isBlank() ? env : "plugins");
    }

    /** @return the built-ins on the class path plus the plugins in the folder */
    IndexerCatalog discover() {
        return IndexerCatalog.discover(folders(plugins), strict);
    }
}
