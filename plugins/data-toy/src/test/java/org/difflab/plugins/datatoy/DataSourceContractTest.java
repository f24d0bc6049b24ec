package org.difflab.plugins.datatoy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.stream.Stream;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.math.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pf4j.Extension;

/** Shape, type, determinism and declared capabilities of every source, with its default options. */
class DataSourceContractTest {

    static Stream<Arguments> sources() {
        return Stream.of(
                Arguments.of("gmm", new GaussianMixtureSource(new GaussianMixtureSource.Options(
                        new double[][] {{-2.0}, {2.0}}, new double[] {0.5, 0.5}, new double[] {0.3, 0.7})), 1, true),
                Arguments.of("gmm-ring", new RingMixtureSource(new RingMixtureSource.Options(8, 2.0, 0.2)), 2, true),
                Arguments.of("gmm-random", new RandomMixtureSource(new RandomMixtureSource.Options(16, 8, 0L, 1.0, 0.2)),
                        16, true),
                Arguments.of("moons", new MoonsSource(new MoonsSource.Options(0.1, 1.0)), 2, false),
                Arguments.of("checkerboard", new CheckerboardSource(new CheckerboardSource.Options(4, 2.0)), 2, false),
                Arguments.of("swiss-roll", new SwissRollSource(new SwissRollSource.Options(0.1, 0.2)), 2, false),
                Arguments.of("rings", new ConcentricRingsSource(new ConcentricRingsSource.Options(4, 2.0, 0.05)), 2,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void drawsHaveTheDeclaredShapeAndDependOnlyOnTheRng(String id, DataSource source, int dims, boolean closed) {
        assertThat(source.getClass().getAnnotation(Component.class).id()).isEqualTo(id);
        assertThat(source.getClass().isAnnotationPresent(Extension.class)).isTrue();
        assertThat(source.sampleShape().getShape()).containsExactly(dims);
        assertThat(source.closedForm().isPresent()).isEqualTo(closed);
        assertThat(source.capabilities().contains(Capability.CLOSED_FORM)).isEqualTo(closed);
        source.closedForm().ifPresent(form -> assertThat(form.dims()).isEqualTo(dims));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray first = source.sample(manager, 500, new Rng(7));
            NDArray again = source.sample(manager, 500, new Rng(7));
            NDArray other = source.sample(manager, 500, new Rng(8));
            assertThat(first.getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(first.getShape().getShape()).containsExactly(500, dims);
            assertThat(first.toDoubleArray()).containsExactly(again.toDoubleArray());
            assertThat(first.toDoubleArray()).isNotEqualTo(other.toDoubleArray());
            assertThat(java.util.Arrays.stream(first.toDoubleArray()).allMatch(Double::isFinite)).isTrue();
            assertThat(source.sample(manager, 0, new Rng(7)).getShape().getShape()).containsExactly(0, dims);
        }
    }
}
