package org.difflab.plugins.metrics;

import java.util.Optional;
import java.util.Set;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.MetricValue;
import org.difflab.api.Points;
import org.difflab.api.model.Condition;
import org.pf4j.Extension;

/**
 * How often a sample generated for class c lands where the data's exact class posterior p(c' | x) (Bayes' rule on the
 * labelled closed form, e.g. a labelled Gaussian mixture) puts c first: the accuracy of the Bayes-optimal classifier
 * on the samples, with their labels as ground truth. It is what guidance raises. Its data-vs-data baseline is the
 * Bayes accuracy of the data itself (below 1 where classes overlap); a guided sampler can exceed it, which is the
 * point of the trade-off with the distance to the class's data ({@code class_energy_distance}). Higher means samples
 * more typical of their class.
 *
 * <p>Detail {@code posterior}: the mean of p(c | x) over the samples, the same question answered without the argmax
 * (smoother in the guidance scale). Samples without a label are left out.
 *
 * <p>It uses every sample and no reference point; its data-vs-data baseline averages over min(count,
 * {@value #BASELINE_POINTS}) labelled data points (more when another metric of the run draws more), a standard error
 * of at most 0.0016.
 */
@Extension
@Component(id = "class_accuracy", summary = "fraction of samples of class c that the data's exact class posterior"
        + " assigns to c (labelled closed-form data; higher is more class-typical; all samples, its data baseline on at"
        + " most 100,000 points)")
public final class ClassAccuracy implements Metric {

    /** The most data points its baseline averages over. */
    static final int BASELINE_POINTS = 100_000;

    /** Samples whose class posteriors are computed at a time (as rows: the closed form takes rows). */
    private static final int BLOCK = 4096;

    /** It reads no reference point; its baseline uses at most {@value #BASELINE_POINTS} data points. */
    @Override
    public int referencePoints() {
        return BASELINE_POINTS;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.LABELS);
    }

    @Override
    public Optional<String> inapplicableTo(DataSource data) {
        if (data.closedForm().isEmpty() || data.classes() == 0) {
            return Optional.of("class_accuracy needs labelled data with a closed form (its exact class posterior),"
                    + " e.g. gmm with classes; this data has " + (data.closedForm().isEmpty() ? "no closed form"
                    : "no classes"));
        }
        return Optional.empty();
    }

    @Override
    public double compute(MetricInput input) {
        return measure(input).value();
    }

    @Override
    public MetricValue measure(MetricInput input) {
        int[] labels = input.sampleLabels();
        Points samples = input.samples();
        if (labels == null || labels.length != samples.count()) {
            throw new IllegalArgumentException("class_accuracy needs one label per sample (sampling.labels: all, data"
                    + " or a list); got " + (labels == null ? "none" : labels.length + " for " + samples.count()
                    + " samples"));
        }
        ClosedFormData closedForm = input.data().closedForm().orElseThrow(() -> new IllegalArgumentException(
                inapplicableTo(input.data()).orElseThrow()));
        int labelled = 0;
        int correct = 0;
        double probability = 0;
        for (int start = 0; start < labels.length; start += BLOCK) {
            int end = Math.min(labels.length, start + BLOCK);
            double[][] posterior = closedForm.classPosterior(samples.slice(start, end).toRows());
            for (int i = start; i < end; i++) {
                int c = labels[i];
                if (c == Condition.NO_LABEL) {
                    continue;
                }
                labelled++;
                probability += posterior[i - start][c];
                if (argmax(posterior[i - start]) == c) {
                    correct++;
                }
            }
        }
        if (labelled == 0) {
            throw new IllegalArgumentException("class_accuracy needs labelled samples; every sample has no label");
        }
        return MetricValue.of((double) correct / labelled).with("posterior", probability / labelled);
    }

    /** The first index of the largest value. */
    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
