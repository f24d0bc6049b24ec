package org.difflab.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** loss.csv grows while training: restored rows first, then every step, on disk at each log interval (issue 16, item 4). */
class LiveLossTest {

    @TempDir
    Path directory;

    @Test
    void rowsReachTheFileAtEveryLogIntervalWhileItIsStillOpen() throws IOException {
        Path csv = directory.resolve("loss.csv");
        try (LiveLoss live = new LiveLoss(csv, List.of(new double[] {1, 0.9}, new double[] {2, 0.8}), 5)) {
            assertThat(Files.readAllLines(csv)).containsExactly("step,loss", "1,0.9", "2,0.8");
            for (int step = 3; step <= 12; step++) {
                live.add(step, 1.0 / step);
            }
            // flushed at steps 5 and 10; 11 and 12 wait in the buffer (far from full) for the next interval
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines).hasSize(11).endsWith("10," + (1.0 / 10));
        }
        assertThat(Files.readAllLines(csv)).hasSize(13).endsWith("12," + (1.0 / 12));
    }
}
