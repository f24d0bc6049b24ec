package org.difflab.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix products of one training step of a stack of dense layers, with the shapes and operand layouts
 * PyTorch's autograd gives them, for counting the step's FLOPs and for timing those products alone.
 *
 * <p>A dense layer y = x W^T + b with x [batch, in] and W [out, in] (DJL's layout) costs, per step: the forward
 * product x W^T; the weight gradient dL/dW = g^T x (g = dL/dy, [batch, out]); and the input gradient dL/dx = g W,
 * except for a layer whose input needs no gradient (the first layer, fed by the data and the noise embedding, which
 * have no parameters upstream): autograd does not compute that product. Each product of an [m, k] by a [k, n]
 * matrix is 2 m k n FLOPs.
 */
final class StepProducts {

    /** One product: [m, k] by [k, n]; {@code transposedLeft}/{@code transposedRight} as autograd lays them out. */
    record Product(String what, long m, long k, long n, boolean transposedLeft, boolean transposedRight) {
        long flops() {
            return 2 * m * k * n;
        }
    }

    private final List<Product> products;

    private StepProducts(List<Product> products) {
        this.products = List.copyOf(products);
    }

    /**
     * The products of a step over {@code batch} examples through dense layers of the given {@code [out, in]} weight
     * shapes, in the order they are applied; the first layer's input needs no gradient.
     */
    static StepProducts of(long batch, List<long[]> weightShapes) {
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < weightShapes.size(); i++) {
            long out = weightShapes.get(i)[0];
            long in = weightShapes.get(i)[1];
            String layer = "layer " + (i + 1) + " (" + in + " -> " + out + ")";
            products.add(new Product(layer + " forward x W^T", batch, in, out, false, true));
            products.add(new Product(layer + " weight gradient g^T x", out, batch, in, true, false));
            if (i > 0) {
                products.add(new Product(layer + " input gradient g W", batch, out, in, false, false));
            }
        }
        return new StepProducts(products);
    }

    List<Product> products() {
        return products;
    }

    /** FLOPs of all the step's products. */
    long flops() {
        return products.stream().mapToLong(Product::flops).sum();
    }

    /**
     * GFLOP/s of the step's products run one after the other in float32 on the current thread setting, each with
     * its own shapes and layout: median over 9 rounds of {@code reps} passes over all of them, after 3 warm-up
     * passes. The operands are made once, so they are as warm in the caches as the single product's are.
     */
    double gflops(int reps) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray[]> operands = new ArrayList<>();
            for (Product p : products) {
                // a transposed operand is a transposed view of a contiguous array, as autograd passes it to mm
                NDArray left = p.transposedLeft()
                        ? manager.randomNormal(new Shape(p.k(), p.m()), DataType.FLOAT32).transpose()
                        : manager.randomNormal(new Shape(p.m(), p.k()), DataType.FLOAT32);
                NDArray right = p.transposedRight()
                        ? manager.randomNormal(new Shape(p.n(), p.k()), DataType.FLOAT32).transpose()
                        : manager.randomNormal(new Shape(p.k(), p.n()), DataType.FLOAT32);
                operands.add(new NDArray[] {left, right});
            }
            for (int i = 0; i < 3; i++) {
                pass(operands);
            }
            double[] rates = new double[9];
            for (int r = 0; r < rates.length; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    pass(operands);
                }
                rates[r] = (double) flops() * reps / ((System.nanoTime() - start) / 1e9) / 1e9;
            }
            return Stats.of(rates).median();
        }
    }

    private static void pass(List<NDArray[]> operands) {
        for (NDArray[] pair : operands) {
            pair[0].matMul(pair[1]).close();
        }
    }
}
