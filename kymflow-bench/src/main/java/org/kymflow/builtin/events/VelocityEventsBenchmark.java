package org.kymflow.builtin.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The velocity-event detector over the shared real trace ({@code velocity_events/20251204_A117_0004_velocity.csv},
 * 7,497 windows), per trace. Reads -Dkymflow.shared.data (default ../shared/data).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class VelocityEventsBenchmark {
    private double[] time;
    private double[] velocity;

    /**
     * Reads the trace.
     *
     * @throws IOException when the CSV cannot be read
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path csv = Path.of(System.getProperty("kymflow.shared.data", "../shared/data"), "velocity_events", "20251204_A117_0004_velocity.csv");
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int t = header.indexOf("time");
        int v = header.indexOf("velocity");
        time = new double[lines.size() - 1];
        velocity = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            time[i - 1] = Double.parseDouble(cells[t]);
            velocity[i - 1] = cells[v].isEmpty() ? Double.NaN : Double.parseDouble(cells[v]);
        }
    }

    /** @return the events of the trace with the default params */
    @Benchmark
    public VelocityEventDetector.Result detect() {
        return VelocityEventDetector.detect(time, velocity, EventParams.ofDefaults());
    }
}
