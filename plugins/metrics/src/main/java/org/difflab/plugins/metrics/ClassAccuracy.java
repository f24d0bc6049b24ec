package org.difflab.plugins.metrics;

import java.util.Optional;
import java.util.Set;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.MetricValue;
import org.difflab.api.Param;
import org.difflab.api.Points;
import org.difflab.api.model.Condition;
import org.pf4j.Extension;

/**
 * How often a sample generated for class c lands where the data's exact class posterior p(c' | x) (Bayes' rule on the
 * labelled closed form, e.g. a labelled Gaussian mixture) puts c first: the accuracy of the Bayes-optimal classifier
 * on the samples, with their labels as ground truth. For labelled data without a closed form (images), p(c' | x) is
 * the softmax of the classifier the platform trains on the data ({@link ClassifierFeatures}, the one of
 * {@code fd_classifier} with the same options, cached by content), and the baseline is that classifier's accuracy on
 * held-out data. It is what guidance raises. Its data-vs-data baseline is the
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
        + " (or, without a closed form, a classifier trained on the data) assigns to c (higher is more class-typical;"
        + " all samples, its data baseline on at most 100,000 points)")
public final class ClassAccuracy implements Metric {

    /** The most data points its baseline averages over. */
    static final int BASELINE_POINTS = 100_000;

    /** Samples whose class posteriors are computed at a time (as rows: the closed form takes rows). */
    private static final int BLOCK = 4096;

    /** Options of {@link ClassAccuracy}: the classifier's, used only for data without a closed form. */
    public record Options(
            @Param(doc = "labelled examples the classifier is trained on (data without a closed form)",
                    defaultValue = "10000", min = 10)
            int examples,
            @Param(doc = "classifier training steps of 128 examples (Adam, learning rate 1e-3)", defaultValue = "1000",
                    min = 1)
            int steps,
            @Param(doc = "seed of the classifier's training draw, initial weights and batches", defaultValue = "0")
            long seed) {}

    private final Options options;

    /** class_accuracy as {@code options} say. */
    public ClassAccuracy(Options options) {
        this.options = options;
    }

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
        if (data.classes() == 0 || (data.closedForm().isEmpty() && data.classes() < 2)) {
            return Optional.of("class_accuracy needs labelled data (a labelled closed form such as gmm with classes,"
                    + " or at least 2 classes to train a classifier, e.g. idx with labels:); this data has "
                    + (data.classes() == 0 ? "no classes" : "one class"));
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
        inapplicableTo(input.data()).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        Optional<ClosedFormData> closedForm = input.data().closedForm();
        ClassifierFeatures classifier = closedForm.isPresent() ? null : ClassifierFeatures.of(input.data(),
                options.examples(), options.steps(), options.seed(), input.cacheDirectory());
        int labelled = 0;
        int correct = 0;
        double probability = 0;
        for (int start = 0; start < labels.length; start += BLOCK) {
            int end = Math.min(labels.length, start + BLOCK);
            Points block = samples.slice(start, end);
            double[][] posterior = classifier == null ? closedForm.get().classPosterior(block.toRows())
                    : classifier.classProbabilities(block);
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
    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
