package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kymflow.api.Provenance;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * The provenance columns a run puts in front of every row an indexer returns (DESIGN.md section 4, item 3):
 * the runtime, not the indexer, says which image, analysis version and parameters a row came from.
 */
final class ProvenanceColumns {
    private ProvenanceColumns() {
    }

    private static Schema provenanceSchema() {
        return Schema.of(Field.required(Provenance.IMAGE_ID, ColumnType.STRING),
                Field.required(Provenance.ANALYSIS_VERSION, ColumnType.STRING),
                Field.required(Provenance.PARAMS_HASH, ColumnType.STRING));
    }

    /**
     * Puts the provenance columns first, set by us. Returned provenance columns must already hold exactly
     * these values; anything else breaks the indexer's contract.
     */
    static Table stamp(String indexer, String imageId, String version, String hash, Table rows) {
        if (rows == null) {
            throw new IndexingException(indexer, imageId, "extractRows returned null (return an empty table instead)", null);
        }
        if (hash == null || version == null) {
            throw new IndexingException(indexer, imageId, "paramsHash or analysisVersion returned null", null);
        }
        Map<String, String> expected = Map.of(Provenance.IMAGE_ID, imageId, Provenance.ANALYSIS_VERSION, version,
                Provenance.PARAMS_HASH, hash);
        List<Field> fields = new ArrayList<>(provenanceSchema().fields());
        List<Column> columns = new ArrayList<>();
        for (String column : Provenance.COLUMNS) {
            if (rows.hasColumn(column)) {
                Column given = rows.column(column);
                for (int r = 0; r < rows.rowCount(); r++) {
                    Object v = given.get(r);
                    if (!expected.get(column).equals(v)) {
                        throw new IndexingException(indexer, imageId, "returned provenance column '" + column
                                + "' with value " + v + " at row " + r + " (the runtime sets it to " + expected.get(column)
                                + "; do not return provenance columns)", null);
                    }
                }
            }
            columns.add(Column.constant(ColumnType.STRING, expected.get(column), rows.rowCount()));
        }
        for (int c = 0; c < rows.columnCount(); c++) {
            Field f = rows.schema().field(c);
            if (!Provenance.COLUMNS.contains(f.name())) {
                fields.add(f);
                columns.add(rows.column(c));
            }
        }
        return Table.of(new Schema(fields), columns);
    }
}
