package org.kymflow.viewer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Roi;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.KymDataset;
import org.kymflow.runtime.Rois;
import org.kymflow.runtime.SourceFiles;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * A small lab dataset on disk for the viewer's tests: synthetic kymographs with known velocities, a scale
 * and acquisition time in each header, ROIs (two in the first image), source file names, and the real
 * built-in analyses run over all but the last image (which stays "missing").
 */
final class ViewerFixture {
    static final int LINES = 3000;
    static final int PIXELS = 32;
    static final double DELT = 0.001;
    static final double DELX = 0.284;
    static final List<String> PLAN = List.of("radon", "velocity_events", "velocity_summary");

    /** Ids in the order they were added, the last one not analysed. */
    final List<String> ids = new ArrayList<>();
    final Path path;

    private ViewerFixture(Path path) {
        this.path = path;
    }

    static List<BaseIndexer> plan() {
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        return IndexPlan.resolve(catalog, PLAN, Map.of()).order();
    }

    static ViewerFixture build(Path dir, int images) {
        ViewerFixture f = new ViewerFixture(dir.resolve("lab.zarr"));
        Table.RowBuilder sources = Table.builder(org.kymflow.table.Schema.of(
                org.kymflow.table.Field.required(SourceFiles.PATH, org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.required(SourceFiles.IMAGE_ID, org.kymflow.table.ColumnType.STRING)));
        try (ZarrDataset ds = ZarrDataset.open(f.path, OpenMode.WRITE)) {
            for (int i = 0; i < images; i++) {
                double velocity = 0.4 + 0.3 * i;
                short[] px = SyntheticKymograph.draw(LINES, PIXELS, SyntheticKymograph.pixelsPerLine(velocity, DELX, DELT), 20, i);
                ZarrImageRecord rec = ds.addImage(NdArray.ofUint16(px, LINES, PIXELS));
                List<Object> rois = new ArrayList<>();
                rois.add(Rois.toEnvelope(new Roi(1, 1, 0, 2, PIXELS / 2, 0, LINES)));
                if (i == 0) {
                    rois.add(Rois.toEnvelope(new Roi(2, 1, 0, PIXELS / 2, PIXELS - 2, 0, LINES)));
                }
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("voxels", List.of(DELT, DELX));
                header.put("acquired_local_epoch_ns", 1_768_471_200_000_000_000L + i * 60_000_000_000L);
                rec.saveMetadataPayload(Map.of("header", header, "rois", rois, "experiment_metadata", Map.of()));
                sources.addRow("/lab/raw/vessel" + (i + 1) + "_0001.tif", rec.imageId());
                f.ids.add(rec.imageId());
            }
            ds.saveTable(SourceFiles.TABLE, sources.build());
            KymDataset kym = new KymDataset(ds);
            java.util.Set<String> analysed = new java.util.LinkedHashSet<>(f.ids.subList(0, images - 1));
            for (BaseIndexer indexer : plan()) {
                kym.updateIndex(indexer, org.kymflow.runtime.IndexOptions.builder().images(analysed).build());
            }
            ds.updateManifest();
        }
        return f;
    }
}
