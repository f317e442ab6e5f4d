/**
 * What a KymFlow plugin compiles against: {@link org.kymflow.api.BaseIndexer}, its
 * {@link org.kymflow.api.IndexerProvider}, the read-only {@link org.kymflow.api.ImageRecordView}, and
 * {@link org.kymflow.api.Roi}. Depends on {@code kymflow-table} and the JDK only.
 *
 * <p>A complete indexer: the mean intensity of each ROI.
 * <pre>{@code
 * public final class MeanProvider implements IndexerProvider {
 *     public String name() { return "roi_mean"; }
 *     public String description() { return "Mean pixel value per ROI"; }
 *     public Map<String, Object> defaultParams() { return Map.of(); }
 *     public BaseIndexer create(Map<String, Object> params) {
 *         Params.resolve(name(), defaultParams(), params); // rejects unknown keys
 *         return new BaseIndexer() {
 *             public String name() { return "roi_mean"; }
 *             public String analysisVersion() { return "roi_mean@1"; }
 *             public String paramsHash(ImageRecordView rec) { return Integer.toHexString(rec.rois().hashCode()); }
 *             public Table extractRows(ImageRecordView rec) {
 *                 Table.RowBuilder rows = Table.builder(Schema.of(
 *                         Field.of("roi_id", ColumnType.INT), Field.of("mean", ColumnType.DOUBLE)));
 *                 Pixels px = rec.pixels();
 *                 for (Roi roi : rec.rois()) {
 *                     double sum = 0;
 *                     for (int y = roi.y0(); y < roi.y1(); y++)
 *                         for (int x = roi.x0(); x < roi.x1(); x++) sum += px.getDouble(y, x);
 *                     rows.addRow(roi.roiId(), sum / ((double) roi.width() * roi.height()));
 *                 }
 *                 return rows.build();
 *             }
 *         };
 *     }
 * }
 * }</pre>
 * Register it in {@code META-INF/services/org.kymflow.api.IndexerProvider}, build a JAR, and drop the JAR
 * into the {@code plugins/} folder: {@code kymflow indexers} lists it, {@code kymflow index DATASET
 * roi_mean} writes {@code tables/kym_roi_mean.parquet} with the provenance columns added.
 */
package org.kymflow.api;
