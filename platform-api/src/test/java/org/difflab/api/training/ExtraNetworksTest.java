package org.difflab.api.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.difflab.api.model.BlockNetwork;
import org.junit.jupiter.api.Test;

/** Extra networks start as copies of the trained weights, one per well-formed name. */
class ExtraNetworksTest {

    /** A linear map of the sample (the noise input ignored), initialised from {@code seed}. */
    private static BlockNetwork network(int seed) {
        SequentialBlock block = new SequentialBlock()
                .add(new LambdaBlock(inputs -> new NDList(inputs.get(0))))
                .add(Linear.builder().setUnits(2).build());
        return BlockNetwork.initialize(block, new Shape(2), 0, seed, 4);
    }

    @Test
    void anExtraNetworkStartsWithTheTrainedWeightsAndEachNameIsTakenOnce() {
        try (ExtraNetworks extras = new ExtraNetworks(); BlockNetwork trained = network(1)) {
            BlockNetwork ema = extras.create("ema", trained, () -> network(2));
            assertThat(ema.parameters()).isNotEmpty();
            trained.parameters().forEach((name, weights) ->
                    assertThat(ema.parameters().get(name).toFloatArray()).containsExactly(weights.toFloatArray()));
            assertThatThrownBy(() -> extras.create("ema", trained, () -> network(3)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("'ema' was already created");
            assertThatThrownBy(() -> extras.create("EMA target", trained, () -> network(3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower case, digits and '_'");
            assertThat(extras.byName()).containsOnlyKeys("ema");
        }
    }
}
