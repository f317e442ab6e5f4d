package org.kymflow.builtin.radon;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Radon velocity of ROI 1 of the real kymograph (all 30000 x 38 pixels, 7497 windows of 16 x 38), on
 * one thread and spread over the common pool. Reads -Dkymflow.shared.data (default ../shared/data).
 * Lives in the radon package to reach the package-private kernel, as a test would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6) // the JIT and this VM need several seconds to settle
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector") // as `kymflow index` runs
public class RadonBenchmark {
    /** Whether windows are spread over the common fork-join pool (2 threads on this machine). */
    @Param({"false", "true"})
    public boolean parallel;

    /** The coarse search's loop: {@code vector} (the Vector API, as `kymflow index` runs) or {@code scalar}. */
    @Param({"vector", "scalar"})
    public String kernel;

    /** Whether each window's slope is refined past the angle grid (radon's {@code refine} param). */
    @Param({"false"})
    public boolean refine;

    private float[] roi;

    /**
     * Reads the kymograph.
     *
     * @throws IOException when the TIFF cannot be read
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        System.setProperty("kymflow.radon.kernel", kernel); // each param set runs in its own fork, before the kernel loads
        Path tif = Path.of(System.getProperty("kymflow.shared.data", "../shared/data"), "Capillary1_0001.tif");
        Raster raster = ImageIO.read(tif.toFile()).getRaster();
        int[] samples = raster.getSamples(0, 0, 38, 30000, 0, (int[]) null);
        roi = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            roi[i] = samples[i];
        }
    }

    /** @return the per-window results of ROI 1 */
    @Benchmark
    public RadonAnalysis.Result roi1() {
        if (RadonKernel.VECTOR != kernel.equals("vector")) {
            throw new IllegalStateException("asked for the " + kernel + " kernel, but this JVM runs the other");
        }
        return RadonAnalysis.analyze(roi, 30000, 38, 0, 16, 0.284, 35.099 / 30000, true, 2.0, parallel, refine);
    }
}
