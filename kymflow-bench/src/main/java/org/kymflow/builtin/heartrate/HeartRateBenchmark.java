package org.kymflow.builtin.heartrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The heart rate of ROI 1 of the real capillary (7,497 windows): both methods and the refined peak, as the
 * {@code heart_rate} analysis runs per trace. Reads the reference CSV's time and velocity from
 * -Dkymflow.shared.data (default ../shared/data), as the Python script it is compared with does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(1)
public class HeartRateBenchmark {
    private double[] time;
    private double[] velocity;

    /**
     * Reads ROI 1's trace.
     *
     * @throws IOException when the CSV cannot be read
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path csv = Path.of(System.getProperty("kymflow.shared.data", "../shared/data"), "Capillary1_0001_kymanalysis.csv");
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (Integer.parseInt(cells[header.indexOf("roi_id")]) == 1) {
                String v = cells[header.indexOf("velocity")];
                rows.add(new double[] {Double.parseDouble(cells[header.indexOf("time")]), v.isEmpty() ? Double.NaN : Double.parseDouble(v)});
            }
        }
        time = rows.stream().mapToDouble(r -> r[0]).toArray();
        velocity = rows.stream().mapToDouble(r -> r[1]).toArray();
    }

    /** @return the summary of ROI 1 */
    @Benchmark
    public HeartRateAnalysis.Summary roi1() {
        return HeartRateAnalysis.analyze(time, velocity, HeartRateParams.ofDefaults());
    }
}
