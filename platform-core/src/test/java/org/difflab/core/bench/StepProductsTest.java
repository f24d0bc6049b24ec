package org.difflab.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StepProductsTest {

    /**
     * The FLOPs counted are those of the products PyTorch's autograd runs: a training step of a small stack of dense
     * layers (distinct sizes, so no two products coincide by accident) under PyTorch's profiler runs exactly the
     * products StepProducts lists, as [m, k] by [k, n] with the same sizes, and no input-gradient product for the
     * first layer.
     */
    @Test
    void theProductsAreThoseAutogradRuns(@TempDir Path dir) throws Exception {
        long batch = 11;
        int in = 5;
        int[] units = {7, 6, 3};
        Engine.getEngine("PyTorch");
        List<String> ran = new ArrayList<>();
        List<long[]> weights = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock();
            for (int i = 0; i < units.length; i++) {
                net.add(Linear.builder().setUnits(units[i]).build());
                if (i < units.length - 1) {
                    net.add(Activation::relu);
                }
            }
            net.setInitializer(new NormalInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT32, new Shape(batch, in));
            net.getParameters().forEach(p -> {
                p.getValue().getArray().setRequiresGradient(true);
                if (p.getValue().getArray().getShape().dimension() == 2) {
                    weights.add(p.getValue().getArray().getShape().getShape());
                }
            });
            NDArray x = manager.randomNormal(new Shape(batch, in));
            Path trace = dir.resolve("trace.json");
            JniUtils.startProfile(false, true, false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(new ParameterStore(manager, false), new NDList(x), true).head();
                collector.backward(y.square().sum());
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
            for (JsonNode event : JsonMapper.builder().build().readTree(Files.readString(trace))) {
                String name = event.get("name").asString();
                JsonNode shapes = event.get("shape");
                // addmm(bias, a, b) and mm(a, b): the [m, k] and [k, n] operands
                int first = name.equals("aten::addmm") ? 1 : name.equals("aten::mm") ? 0 : -1;
                if (first >= 0) {
                    JsonNode a = shapes.get(first);
                    JsonNode b = shapes.get(first + 1);
                    ran.add(a.get(0).asLong() + "x" + a.get(1).asLong() + "x" + b.get(1).asLong());
                }
            }
        }
        List<String> listed = new ArrayList<>();
        StepProducts products = StepProducts.of(batch, weights);
        for (StepProducts.Product p : products.products()) {
            listed.add(p.m() + "x" + p.k() + "x" + p.n());
        }
        assertThat(weights).hasSize(3);
        assertThat(ran).containsExactlyInAnyOrderElementsOf(listed);
        // 2 B (in out) forward and for the weight gradient at every layer, the input gradient from the second on
        long expected = 2 * batch * (2 * 5 * 7 + 3 * 7 * 6 + 3 * 6 * 3);
        assertThat(products.flops()).isEqualTo(expected);
    }
}
