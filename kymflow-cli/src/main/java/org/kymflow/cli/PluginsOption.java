package org.kymflow.cli;

import java.nio.file.Path;
import org.kymflow.runtime.IndexerCatalog;
import picocli.CommandLine.Option;

/** The {@code --plugins} and {@code --strict} options shared by the commands that discover indexers. */
final class PluginsOption {
    @Option(names = "--plugins", paramLabel = "FOLDER", description = "plugins folder (default: $KYMFLOW_PLUGINS or ./plugins)")
    Path plugins;

    @Option(names = "--strict", description = "fail when any plugin is REJECTED or FAILED")
    boolean strict;

    /** @return the plugins folder: the option, else {@code KYMFLOW_PLUGINS}, else {@code ./plugins} */
    Path folder() {
        return folder(plugins);
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
        return IndexerCatalog.discover(folder(), strict);
    }
}
