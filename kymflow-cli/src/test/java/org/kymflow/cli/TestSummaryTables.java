package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;

/** The summary a lab pastes into its statistics: read back by an independent spreadsheet reader. */
class TestSummaryTables {
    @TempDir
    Path tmp;

    private Path analysed() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("lab"));
        for (String name : List.of("vessel_a", "vessel_b")) {
            TestNamesAndReports.vessel(folder, name, "{\"experiment_metadata\": {\"genotype\": \"wt\", \"treated\": "
                    + name.endsWith("a") + ", \"age_weeks\": 12}, \"rois\": [{\"roi_id\": 1, \"data\": {\"x0\": 1, \"x1\": 11,"
                    + " \"y0\": 0, \"y1\": 2000}}, {\"roi_id\": 2, \"data\": {\"x0\": 12, \"x1\": 23, \"y0\": 1000, \"y1\": 2000}}]}");
        }
        Path ds = tmp.resolve("lab.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, folder).code());
        assertEquals(0, TestCli.kymflow("index", ds, "velocity_summary").code());
        return ds;
    }

    @Test
    void columnsComeAsAPersonReadsThemWithoutRepeatsAndWithTheRoiInPhysicalUnits() throws Exception {
        Path ds = analysed();
        TestCli.Run csv = TestCli.kymflow("summary", ds);
        assertEquals(0, csv.code(), csv.err());
        Table t = TableCsv.read(new java.io.StringReader(csv.out()));
        List<String> names = t.schema().names();
        assertEquals(List.of("file", "image_id", "acquired", "age_weeks", "genotype", "treated", "roi_id", "channel"),
                names.subList(0, 8), "file, metadata, ROI, then results: " + names);
        assertTrue(names.indexOf("roi_x0_um") < names.indexOf("summary") && names.indexOf("summary") < names.indexOf("clean_median"));
        assertFalse(names.stream().anyMatch(n -> n.startsWith("snr_")), "with min_snr 0 the snr_ columns only repeat: " + names);
        int roi2 = 1; // vessel_a's ROI 2: x 12..23 px, y 1000..2000 lines
        assertEquals(2L, t.getLong("roi_id", roi2));
        assertEquals(12 * 0.3, t.getDouble("roi_x0_um", roi2), 1e-12);
        assertEquals(1000 * 0.001, t.getDouble("roi_t0_s", roi2), 1e-12);
        assertTrue(csv.out().lines().skip(1).findFirst().orElse("").contains(",12,wt,True,1,"), "metadata typed: " + csv.out());
        String perImage = TestCli.kymflow("summary", ds, "--by", "image").out();
        String header = perImage.lines().findFirst().orElse("");
        List<String> cols = List.of(header.split(","));
        String first = perImage.lines().skip(1).findFirst().orElse("");
        String windows = first.split(",")[cols.indexOf("n_windows")];
        assertTrue(windows.matches("\\d+"), "counts are whole numbers, summed over the ROIs: " + windows);
        assertEquals(String.valueOf(497 + 247), windows, "two ROIs' windows");
        assertEquals("12", first.split(",")[cols.indexOf("age_weeks")], "metadata is the image's own, not a sum");
    }

    @Test
    void theXlsxHoldsNumbersDatesAndBooleansAsTheirTypes() throws Exception {
        Path ds = analysed();
        Path xlsx = tmp.resolve("summary.xlsx");
        assertEquals(0, TestCli.kymflow("summary", ds, "-o", xlsx).code());
        try (InputStream in = Files.newInputStream(xlsx); ReadableWorkbook wb = new ReadableWorkbook(in)) {
            List<Row> rows = wb.getFirstSheet().read();
            Row header = rows.get(0);
            java.util.Map<String, Integer> at = new java.util.HashMap<>();
            for (int c = 0; c < header.getCellCount(); c++) {
                at.put(header.getCell(c).getText(), c);
            }
            Row first = rows.get(1);
            Cell acquired = first.getCell(at.get("acquired"));
            assertEquals(CellType.NUMBER, acquired.getType(), "a date, not text");
            assertEquals(java.time.LocalDateTime.of(2022, 11, 2, 12, 30, 15, 461_000_000), acquired.asDate());
            assertEquals(CellType.BOOLEAN, first.getCell(at.get("treated")).getType());
            assertEquals(CellType.NUMBER, first.getCell(at.get("age_weeks")).getType());
            assertEquals(CellType.NUMBER, first.getCell(at.get("n_windows")).getType());
            assertEquals("497", first.getCell(at.get("n_windows")).getRawValue());
            assertEquals(CellType.STRING, first.getCell(at.get("file")).getType());
        }
    }
}
