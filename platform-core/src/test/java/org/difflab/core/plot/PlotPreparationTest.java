package org.difflab.core.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.difflab.api.Points;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run prepares samples.png on its own thread and draws it on another while the metrics run: preparing must be the
 * only step that calls the data's density (a component that need not be thread-safe), and drawing elsewhere must give
 * the same file as drawing in one step.
 */
class PlotPreparationTest {

    @TempDir
    Path dir;

    /** A standard normal log density that records the threads calling it. */
    private static Function<double[][], double[]> recording(List<Thread> callers) {
        return rows -> {
            callers.add(Thread.currentThread());
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double squares = 0;
                for (double v : rows[i]) {
                    squares += v * v;
                }
                out[i] = -0.5 * squares - 0.5 * rows[i].length * Math.log(2 * Math.PI);
            }
            return out;
        };
    }

    @Test
    void scatterCallsTheDensityOnlyWhilePreparingAndDrawsTheSameFileOnAnotherThread() throws Exception {
        Rng rng = new Rng(3);
        Points samples = Points.of(rng.gaussians(2 * 2000), 2);
        Points reference = Points.of(rng.gaussians(2 * 2000), 2);
        List<Thread> callers = new ArrayList<>();
        PlotFile prepared = ScatterOverDensity.prepare(samples, reference, recording(callers), "t", "s");
        assertThat(callers).containsExactly(Thread.currentThread());
        Path elsewhere = drawOnAnotherThread(prepared, "scatter-thread.png");
        assertThat(callers).hasSize(1);   // drawing called no density
        Path direct = dir.resolve("scatter-direct.png");
        ScatterOverDensity.write(direct, samples, reference, recording(new ArrayList<>()), "t", "s");
        assertThat(Files.readAllBytes(elsewhere)).isEqualTo(Files.readAllBytes(direct));
        assertThat(Files.size(direct)).isGreaterThan(1000);
    }

    @Test
    void histogramCallsTheDensityOnlyWhilePreparingAndDrawsTheSameFileOnAnotherThread() throws Exception {
        Rng rng = new Rng(4);
        double[] samples = rng.gaussians(3000);
        double[] reference = rng.gaussians(3000);
        List<Thread> callers = new ArrayList<>();
        PlotFile prepared = HistogramOverDensity.prepare(samples, reference, recording(callers), "t", "s");
        assertThat(callers).containsExactly(Thread.currentThread());
        Path elsewhere = drawOnAnotherThread(prepared, "histogram-thread.png");
        assertThat(callers).hasSize(1);
        Path direct = dir.resolve("histogram-direct.png");
        HistogramOverDensity.write(direct, samples, reference, recording(new ArrayList<>()), "t", "s");
        assertThat(Files.readAllBytes(elsewhere)).isEqualTo(Files.readAllBytes(direct));
    }

    private Path drawOnAnotherThread(PlotFile prepared, String name) throws Exception {
        Path file = dir.resolve(name);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                prepared.writeTo(file);
            } catch (Exception e) {
                failure.set(e);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return file;
    }
}
