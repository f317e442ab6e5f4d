package org.kymflow.zarr;

import java.nio.file.Path;
import org.kymflow.table.Table;

/** A second process for the lock and crash tests. */
public final class ChildProcess {
    static final int BIG_ROWS = 400_000;

    private ChildProcess() {
    }

    /**
     * "lock DATASET": tries to open for writing; exit 3 with the message when locked.
     * "rewrite DATASET IMAGE_ID": rewrites a big table forever, until killed.
     *
     * @param args see above
     */
    public static void main(String[] args) {
        Path root = Path.of(args[1]);
        if (args[0].equals("lock")) {
            try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.APPEND)) {
                System.out.println("opened " + ds);
                System.exit(0);
            } catch (DatasetLockedException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
        Table big = TestTables.rows(args[2], BIG_ROWS, 0.5);
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.APPEND)) {
            System.out.print("STARTED\n");
            System.out.flush();
            while (true) {
                ds.saveTable("kym_t", big);
            }
        }
    }
}
