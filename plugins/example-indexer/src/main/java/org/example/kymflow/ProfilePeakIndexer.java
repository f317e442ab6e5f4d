package org.example.kymflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.ParamsHash;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * A derived indexer: for each ROI, the column where the {@code profile} indexer found the brightest mean
 * intensity (often the vessel's centre). It reads {@code profile}'s rows instead of pixels: it names it
 * in {@link #inputs()}, and the runtime runs {@code profile} first and marks these results stale when
 * profile's change. Also its own provider.
 */
public final class ProfilePeakIndexer implements BaseIndexer, IndexerProvider {
    /** The indexer name; its table is {@code kym_profile_peak}. */
    public static final String NAME = "profile_peak";
    static final Schema SCHEMA = Schema.of(Field.required("roi_id", ColumnType.INT), Field.required("peak_x", ColumnType.INT),
            Field.required("peak_mean", ColumnType.DOUBLE));

    /** Needed by ServiceLoader. */
    public ProfilePeakIndexer() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Per ROI, the column of the brightest mean intensity, from profile's rows";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return Map.of();
    }

    @Override
    public BaseIndexer create(Map<String, Object> params) {
        org.kymflow.api.Params.resolve(NAME, defaultParams(), params); // refuses any param
        return this;
    }

    @Override
    public List<String> inputs() {
        return List.of(ProfileProvider.NAME);
    }

    @Override
    public String analysisVersion() {
        return "profile_peak@1.0";
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        return ParamsHash.sha256(Map.of()); // nothing of its own; the runtime stamps profile's rows it reads
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        Table profile = rec.inputRows(ProfileProvider.NAME);
        Map<Integer, int[]> best = new LinkedHashMap<>();
        Map<Integer, Double> bestMean = new LinkedHashMap<>();
        for (int r = 0; r < profile.rowCount(); r++) {
            int roi = profile.getInt("roi_id", r);
            double mean = profile.getDouble("mean", r);
            if (!bestMean.containsKey(roi) || mean > bestMean.get(roi)) {
                bestMean.put(roi, mean);
                best.put(roi, new int[] {profile.getInt("x", r)});
            }
        }
        Table.RowBuilder rows = Table.builder(SCHEMA);
        best.forEach((roi, x) -> rows.addRow(roi, x[0], bestMean.get(roi)));
        return rows.build();
    }
}
