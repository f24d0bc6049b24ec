package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.SpecFile;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.tck.fixtures.ReferenceData;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a trained network from an earlier run. */
class CheckpointModelTest {

    @TempDir
    Path directory;

    /**
     * A denoiser exact for one process, asked through the equal-noise-level map, is exact for another: the map
     * itself is right (EDM section 3), whatever network it is applied to.
     */
    @Test
    void askingAtEqualNoiseLevelCarriesAnExactDenoiserToAnotherProcess() {
        ForwardProcess trainedOn = ReferenceProcesses.EDM_LIKE;
        ForwardProcess sampled = ReferenceProcesses.VP_LIKE;
        ConditionalDenoiser exactOnEdm = (x, t, c) ->
                ReferenceData.MIXTURE.posteriorMean(x, PathPoint.of(trainedOn, t));
        ConditionalDenoiser carried = CheckpointModel.atEqualNoiseLevel(exactOnEdm, trainedOn, sampled);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new Rng(5).gaussians(40 * 2), new Shape(40, 2));
            for (double t : new double[] {0.02, 0.2, 0.6, 0.95}) {
                double[] expected = ReferenceData.MIXTURE.posteriorMean(x, PathPoint.of(sampled, t)).toDoubleArray();
                double[] actual = carried.denoise(x, t, Condition.NONE).toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("t=%s", t).isCloseTo(expected[i], within(1e-9));
                }
            }
        }
    }

    @Test
    void aPathWithoutATrainedNetworkIsRefusedSayingWhatIsExpected() {
        assertThatThrownBy(() -> new CheckpointModel(new CheckpointModel.Options(
                new SpecFile("empty", directory)))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("empty holds no trained network")
                .hasMessageContaining("model.npz and model.yaml").hasMessageContaining("checkpoints/step-N");
    }

    /** A model.npz that is not an archive of arrays is refused when the spec is read, not after the run started. */
    @Test
    void aFileThatIsNotAnArchiveOfArraysIsRefusedWhenTheSpecIsRead() throws Exception {
        java.nio.file.Files.writeString(directory.resolve("model.yaml"), "model: {type: mlp}\n");
        java.nio.file.Files.writeString(directory.resolve("model.npz"), "not an archive\n");
        assertThatThrownBy(() -> new CheckpointModel(new CheckpointModel.Options(
                new SpecFile("model.npz", directory.resolve("model.npz"))))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("is not a readable .npz").hasMessageContaining("that a training run wrote");
        try (var zip = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(
                directory.resolve("model.npz")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("notes.txt"));
            zip.write("no arrays".getBytes());
        }
        assertThatThrownBy(() -> new CheckpointModel(new CheckpointModel.Options(
                new SpecFile("model.npz", directory.resolve("model.npz"))))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("holds no arrays");
    }
}
