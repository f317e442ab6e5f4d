package org.kymflow.cli;

import java.awt.Desktop;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.viewer.KymViewer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Serves the web viewer of a dataset until interrupted (Ctrl-C), read-only unless {@code --edit}. It prints
 * {@code serving DATASET at URL} once it answers (with {@code ?token=TOKEN (editing)} when editing), so
 * scripts and tests can wait for that line.
 */
@Command(name = "view",
        description = "Serve a read-only web viewer of the dataset (dataset page, image pages, JSON API) until Ctrl-C.")
final class ViewCommand extends DatasetCommand {
    @Option(names = "--port", paramLabel = "N", description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port = 8765;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "address to bind (default: ${DEFAULT-VALUE}, this machine only)")
    String host = "127.0.0.1";

    @Option(names = "--open", description = "open the dataset page in the desktop's browser")
    boolean open;

    @Option(names = "--edit", description = "allow changes (ROIs, params) through the JSON API, with the token printed; this machine only")
    boolean edit;

    @CommandLine.Mixin
    PluginsOption plugins;

    @Override
    public Integer call() throws InterruptedException {
        openReadOnly().close(); // the dataset checks and their messages, before anything listens
        boolean thisMachineOnly = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
        if (edit && !thisMachineOnly) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--edit serves this machine only: --host must be 127.0.0.1, ::1"
                    + " or localhost, was " + host);
        }
        if (!thisMachineOnly) {
            err().println("warning: serving on " + host + ": anyone who can reach this address can read the dataset");
            err().flush();
        }
        IndexerCatalog catalog = plugins.discover();
        IndexPlan.resolve(catalog, catalog.loadedNames(), java.util.Map.of()); // a missing input is an error before serving
        CountDownLatch stopped = new CountDownLatch(1);
        try (KymViewer viewer = KymViewer.start(dataset, catalog, host, port, edit)) {
            Thread hook = new Thread(stopped::countDown, "kymflow-view-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            out().println("serving " + viewer.dataset() + " at " + viewer.uri() + (edit ? "?token=" + viewer.token() + " (editing)" : ""));
            out().flush();
            if (open) {
                browse(viewer);
            }
            stopped.await();
        }
        return 0;
    }

    private void browse(KymViewer viewer) {
        if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            try {
                Desktop.getDesktop().browse(viewer.uri());
                return;
            } catch (IOException e) {
                err().println("cannot open a browser (" + e.getMessage() + "); open " + viewer.uri() + " yourself");
                return;
            }
        }
        err().println("this machine has no desktop browser to open; open " + viewer.uri() + " yourself");
        err().flush();
    }
}
