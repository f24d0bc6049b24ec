package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundPlotTest {

    @TempDir
    Path dir;

    @Test
    void writesOnItsOwnThreadAndReportsItsTime() {
        Path file = dir.resolve("samples.png");
        Thread caller = Thread.currentThread();
        AtomicBoolean elsewhere = new AtomicBoolean();
        BackgroundPlot plot = BackgroundPlot.start(f -> {
            elsewhere.set(Thread.currentThread() != caller && Thread.currentThread().isDaemon());
            Files.writeString(f, "png");
        }, file);
        assertThat(plot.await()).isGreaterThanOrEqualTo(0.0);
        assertThat(file).hasContent("png");
        assertThat(elsewhere).isTrue();
    }

    @Test
    void aFailedWriteFailsTheCallerAsBeforeWhenItWasDrawnInline() {
        IOException disk = new IOException("disk full");
        BackgroundPlot failing = BackgroundPlot.start(f -> {
            throw disk;
        }, dir.resolve("a.png"));
        assertThatThrownBy(failing::await).isInstanceOf(UncheckedIOException.class).hasCause(disk);
        IllegalStateException bug = new IllegalStateException("bad view");
        BackgroundPlot broken = BackgroundPlot.start(f -> {
            throw bug;
        }, dir.resolve("b.png"));
        assertThatThrownBy(broken::await).isSameAs(bug);
    }

    /** When the run fails, it waits for the plot to end, so nothing writes into its directory afterwards. */
    @Test
    void awaitQuietlyReturnsOnlyOnceThePlotHasEnded() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        BackgroundPlot plot = BackgroundPlot.start(f -> {
            started.countDown();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.set(true);
            throw new IOException("ignored");
        }, dir.resolve("c.png"));
        started.await();
        plot.awaitQuietly();
        assertThat(ended).isTrue();
    }
}
