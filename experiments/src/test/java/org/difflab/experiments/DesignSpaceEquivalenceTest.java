package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.io.Npy;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.Integrator;
import org.difflab.core.cli.ComponentVerifier;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.spec.YamlSpecParser;
import org.difflab.tck.NamedProcess;
import org.difflab.tck.oracle.ExactSolverContext;
import org.difflab.tck.oracle.ReferenceFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's equivalences, on the bundled plugins as loaded by the plugin manager: every affine process has the
 * same probability-flow ODE (in EDM's coordinates x/alpha and sigma/alpha), and every parameterization gives the
 * same sampler.
 */
class DesignSpaceEquivalenceTest {

    private static final GaussianMixture MIXTURE = new GaussianMixture(
            new double[][] {{-2.0, 0.0}, {1.0, 1.5}, {2.0, -1.0}}, new double[] {0.4, 0.3, 0.5},
            new double[] {0.3, 0.5, 0.2});

    @RegisterExtension
    static final BundledPlugins PLUGINS = new BundledPlugins();

    @TempDir
    Path out;

    /**
     * "All affine flows are equivalent": rk45 at a tight tolerance, started on every bundled process from the same
     * point x~ = 20 z at noise level 20 and run to sigma = 1e-4 before its final step, ends (in x~ = x/alpha) at the
     * exact ODE endpoint of that point. Processes
     * whose data end keeps noise (VE's geometric form ends at sigma_min) are compared at their own end level.
     */
    @Test
    void everyAffineProcessReachesTheSameOdeEndpoint() {
        Solver rk45 = (Solver) new SpecBinder(PLUGINS.registry(), YamlSpecParser.parse("s: {type: rk45, rtol: 1e-9,"
                + " atol: 1e-9, max_nfe: 100000}", "test", null)).bindComponent(
                        YamlSpecParser.parse("s: {type: rk45, rtol: 1e-9, atol: 1e-9, max_nfe: 100000}", "test", null)
                                .root().get("s"), ExtensionKind.SOLVER, "s").create();
        List<NamedProcess> processes = new ComponentVerifier(PLUGINS.registry()).processes();
        List<String> checked = new ArrayList<>();
        double start = 20.0;
        java.util.Map<Double, NDArray> exactByEndLevel = new java.util.HashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = new Rng(11).normal(manager, new Shape(32, 2), DataType.FLOAT64);
            for (NamedProcess named : processes) {
                ForwardProcess process = named.process();
                double tStart;
                try {
                    tStart = process.timeAtNoiseLevel(start);
                } catch (IllegalArgumentException e) {
                    continue;   // the process never reaches noise level 20 (e.g. a discrete table ending below it)
                }
                double tEnd = process.tMin();
                // rk45 integrates to the grid's last time before sigma = 0 and then denoises; ending the ODE at
                // sigma = 1e-4 keeps that last jump's O(sigma^2) error near 1e-8
                double[] times = process.sigma(tEnd) > 0 ? new double[] {tStart, tEnd}
                        : new double[] {tStart, process.timeAtNoiseLevel(1e-4), tEnd};
                NDArray x = z.mul(start * process.alpha(tStart));
                NDArray endpoint = Integrator.integrate(rk45, new ExactSolverContext(process, MIXTURE, 1), times, x)
                        .x();
                // the exact x~ endpoint depends only on the start and end noise levels: computed once per end level
                NDArray exact = exactByEndLevel.computeIfAbsent(process.noiseLevel(tEnd),
                        level -> ReferenceFlow.endpoint(MIXTURE, process, tStart, tEnd, x, 1e-10)
                                .div(process.alpha(tEnd)));
                double error = endpoint.div(process.alpha(tEnd)).sub(exact).abs().max().getDouble();
                // rk45 at rtol = atol = 1e-9 over ~20 units of log sigma: local errors of 1e-9 accumulate to ~1e-7
                assertThat(error).as("%s: max |x~ - x~_exact| at its data end", named.name()).isLessThan(1e-6);
                checked.add(named.name());
            }
        }
        assertThat(checked).as("processes compared").contains("edm", "vp", "sub-vp", "ve", "rectified-flow",
                "cosine");
    }

    /** eps, x0, score, velocity, v and EDM's target: the same samples through the same sampler (quickstart). */
    @Test
    void everyParameterizationGivesTheSameSamples() {
        Path spec = Path.of(System.getProperty("difflab.root"), "experiments", "quickstart.yaml");
        List<double[]> samples = new ArrayList<>();
        List<String> targets = List.of("x0", "eps", "score", "velocity", "v", "edm");
        for (String target : targets) {
            for (String process : List.of("edm", "vp")) {
                Path where = out.resolve(target + "-" + process);
                Cli.Result result = Cli.run("run", spec.toString(), "--out", where.toString(),
                        "--set", "parameterization=" + target, "--set", "process=" + process,
                        "--set", "sampling.schedule={type: karras, steps: 10, sigma_min: 0.01, sigma_max: 80}",
                        "--set", "sampling.count=200", "--set", "evaluation.plots=false",
                        "--set", "evaluation.metrics=[]");
                assertThat(result.exitCode()).as(result.toString()).isZero();
                samples.add(Npy.read(single(where.resolve("quickstart")).resolve("samples.npy")).values());
            }
        }
        for (int k = 2; k < samples.size(); k++) {
            double[] reference = samples.get(k % 2);   // same process, x0 target
            double[] other = samples.get(k);
            double worst = 0;
            for (int i = 0; i < other.length; i++) {
                worst = Math.max(worst, Math.abs(other[i] - reference[i]));
            }
            // float64 rounding through 19 evaluations of the 2x2 conversion, on samples of size ~2
            assertThat(worst).as("%s on %s", targets.get(k / 2), k % 2 == 0 ? "edm" : "vp").isLessThan(1e-9);
        }
    }

    private static Path single(Path directory) {
        try (var runs = java.nio.file.Files.list(directory)) {
            return runs.filter(java.nio.file.Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
