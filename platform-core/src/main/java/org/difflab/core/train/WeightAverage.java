package org.difflab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential moving average of the weights with a half-life in training examples, as EDM's training loop:
 * after each step, avg = beta avg + (1 - beta) w with beta = 0.5^(batch / half-life) (Karras et al. 2022,
 * training_loop.py's ema_beta).
 */
final class WeightAverage {

    private final Map<String, NDArray> averages = new LinkedHashMap<>();
    private final double beta;

    /** Starts the average at the current weights. */
    WeightAverage(Map<String, NDArray> parameters, double halfLifeExamples, int batchSize, NDManager manager) {
        this.beta = Math.pow(0.5, batchSize / halfLifeExamples);
        parameters.forEach((name, array) -> {
            NDArray copy = array.stopGradient().duplicate();
            copy.attach(manager);
            averages.put(name, copy);
        });
    }

    Map<String, NDArray> averages() {
        return averages;
    }

    /** Moves the average towards the current weights (call inside a scope: temporaries are freed with it). */
    void update(Map<String, NDArray> parameters) {
        parameters.forEach((name, weight) -> averages.get(name).muli(beta).addi(weight.stopGradient().mul(1 - beta)));
    }
}
