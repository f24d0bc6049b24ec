import java.awt.Color;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.difflab.core.plot.LineChart;

/**
 * The few-step frontier's figure and tables from the sweeps' summary.csv files (issue 13):
 * <pre>
 *   java -cp 'distribution/target/difflab/lib/*' experiments/FewStepFrontier.java results/few-step-frontier \
 *       docs/figures/few-step-frontier.png
 * </pre>
 * Each trial counts for the smallest budget (4, 6, 8, 10 NFE) its NFE fits in. Prints markdown tables.
 */
public final class FewStepFrontier {

    static final int[] BUDGETS = {4, 6, 8, 10};
    /** The published schedules, grids optimised for a solver, and a solver's weights fitted with its grid. */
    static final List<String> FAMILIES = List.of("karras", "log-snr", "uniform-time", "optimised", "fitted weights");
    static final String FITTED = "fitted weights";

    record Trial(String data, String solver, String family, int nfe, double ode, double energy, double energyData) {}

    public static void main(String[] args) throws Exception {
        List<Trial> trials = new ArrayList<>();
        try (var files = Files.walk(Path.of(args[0]))) {
            for (Path csv : files.filter(p -> p.getFileName().toString().equals("summary.csv")).toList()) {
                try (Reader in = Files.newBufferedReader(csv)) {
                    for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                            .parse(in)) {
                        if (!r.get("status").equals("done")) {
                            continue;
                        }
                        String data = r.get("data").contains("gmm-ring") ? "ring (2-D)" : "mixture (16-D)";
                        String family = r.isMapped("sampling.schedule.type") ? r.get("sampling.schedule.type")
                                : r.isMapped("sampling.solver.coefficients") ? FITTED : "optimised";
                        trials.add(new Trial(data, r.get("sampling.solver.type"), family,
                                Integer.parseInt(r.get("nfe")), Double.parseDouble(r.get("ode_rmse")),
                                Double.parseDouble(r.get("energy_distance")),
                                Double.parseDouble(r.get("energy_distance_data"))));
                    }
                }
            }
        }
        LineChart chart = new LineChart("The few-step frontier: best RMS to the exact ODE endpoint at a budget")
                .axes("NFE budget (at most)", "ode_rmse of the best solver").logarithmic(false, true);
        chart.subtitle("exact denoiser, EDM process sigma 80 to 0.002; solid: ring of 8 Gaussians (2-D), dashed:"
                + " 16-D mixture of 8");
        int colour = 0;
        for (String family : FAMILIES) {
            Color c = family.equals("optimised") ? Color.BLACK : LineChart.color(colour++);
            for (String data : List.of("ring (2-D)", "mixture (16-D)")) {
                double[] x = new double[BUDGETS.length];
                double[] y = new double[BUDGETS.length];
                for (int i = 0; i < BUDGETS.length; i++) {
                    x[i] = BUDGETS[i];
                    y[i] = best(trials, data, BUDGETS[i], t -> t.family.equals(family)).map(Trial::ode)
                            .orElse(Double.NaN);
                }
                chart.add(series(family, data, c, x, y));
            }
        }
        Files.write(Path.of(args[1]), chart.png());

        // the energy distance to the data of the same configurations, against a fresh data draw's (the floor)
        LineChart energy = new LineChart("Energy distance to the data of the configurations above")
                .axes("NFE budget (at most)", "energy distance").logarithmic(false, true);
        energy.subtitle("grey: data vs data, a fresh draw of the same size (the sampling-noise floor); solid: ring,"
                + " dashed: 16-D mixture");
        colour = 0;
        for (String family : FAMILIES) {
            Color c = family.equals("optimised") ? Color.BLACK : LineChart.color(colour++);
            for (String data : List.of("ring (2-D)", "mixture (16-D)")) {
                double[] x = new double[BUDGETS.length];
                double[] y = new double[BUDGETS.length];
                for (int i = 0; i < BUDGETS.length; i++) {
                    x[i] = BUDGETS[i];
                    y[i] = best(trials, data, BUDGETS[i], t -> t.family.equals(family)).map(Trial::energy)
                            .orElse(Double.NaN);
                }
                energy.add(series(family, data, c, x, y));
            }
        }
        for (String data : List.of("ring (2-D)", "mixture (16-D)")) {
            double level = trials.stream().filter(t -> t.data.equals(data)).mapToDouble(Trial::energyData).average()
                    .orElse(Double.NaN);
            energy.add(new LineChart.Series("data vs data, " + data, Color.GRAY, data.startsWith("ring")
                    ? LineChart.Style.LINE : LineChart.Style.DASHED, 1.5f, new double[] {4, 10},
                    new double[] {level, level}, null));
        }
        Files.write(Path.of(args[1].replace(".png", "-energy.png")), energy.png());

        for (String data : List.of("ring (2-D)", "mixture (16-D)")) {
            System.out.printf("%n**%s** — best configuration per budget (ode_rmse; energy distance, data vs data in"
                    + " brackets)%n%n", data);
            System.out.println("| NFE <= | best published (solver, schedule) | ode_rmse | energy distance | best optimised"
                    + " grid (solver) | ode_rmse | energy distance | fitted weights | ode_rmse | energy distance |"
                    + " published / best |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (int budget : BUDGETS) {
                Optional<Trial> published = best(trials, data, budget, t -> !t.family.equals("optimised")
                        && !t.family.equals(FITTED));
                Optional<Trial> optimised = best(trials, data, budget, t -> t.family.equals("optimised"));
                Optional<Trial> fitted = best(trials, data, budget, t -> t.family.equals(FITTED));
                if (published.isEmpty()) {
                    continue;
                }
                Trial p = published.get();
                double bestOde = Math.min(optimised.map(Trial::ode).orElse(Double.NaN), fitted.map(Trial::ode)
                        .orElse(Double.NaN));
                if (Double.isNaN(bestOde)) {
                    bestOde = optimised.or(() -> fitted).map(Trial::ode).orElse(Double.NaN);
                }
                System.out.printf(Locale.ROOT, "| %d | %s, %s (%d NFE) | %.3g | %.3g (%.3g) | %s | %s | %.1f |%n", budget,
                        p.solver, p.family, p.nfe, p.ode, p.energy, p.energyData, cells(optimised, true),
                        cells(fitted, false), p.ode / bestOde);
            }
            System.out.printf("%n%s at <= 10 NFE, ode_rmse per solver and schedule (the best per row in bold):%n%n",
                    data);
            System.out.println("| solver | NFE | " + String.join(" | ", FAMILIES) + " | optimised beats best hand-made by |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            Map<String, List<Trial>> bySolver = new LinkedHashMap<>();
            trials.stream().filter(t -> t.data.equals(data) && budgetOf(t.nfe) == 10)
                    .forEach(t -> bySolver.computeIfAbsent(t.solver, k -> new ArrayList<>()).add(t));
            bySolver.forEach((solver, list) -> {
                double min = list.stream().mapToDouble(Trial::ode).min().orElse(Double.NaN);
                double hand = list.stream().filter(t -> !t.family.equals("optimised") && !t.family.equals(FITTED))
                        .mapToDouble(Trial::ode).min().orElse(Double.NaN);
                StringBuilder row = new StringBuilder("| " + solver + " | " + list.get(0).nfe + " |");
                Double opt = null;
                for (String family : FAMILIES) {
                    Optional<Trial> t = list.stream().filter(x -> x.family.equals(family)).findFirst();
                    row.append(t.map(x -> String.format(Locale.ROOT, x.ode == min ? " **%.3g** |" : " %.3g |", x.ode))
                            .orElse(" |"));
                    if ((family.equals("optimised") || family.equals(FITTED)) && t.isPresent()) {
                        opt = opt == null ? t.get().ode : Math.min(opt, t.get().ode);
                    }
                }
                row.append(opt == null || Double.isNaN(hand) ? " |" : String.format(Locale.ROOT, " %.1fx |", hand / opt));
                System.out.println(row);
            });
        }
    }

    /**
     * Solid for the ring, dashed for the 16-D mixture; the fitted weights, which may have a point or two only, with
     * markers on both (another colour for the mixture).
     */
    static LineChart.Series series(String family, String data, Color c, double[] x, double[] y) {
        boolean ring = data.startsWith("ring");
        if (family.equals(FITTED)) {
            return new LineChart.Series(family + ", " + data, ring ? c : LineChart.color(7),
                    LineChart.Style.LINE_AND_MARKERS, 2, x, y, null);
        }
        return new LineChart.Series(family + ", " + data, c, ring ? LineChart.Style.LINE_AND_MARKERS
                : LineChart.Style.DASHED, 2, x, y, null);
    }

    /** Solver (and NFE), ode_rmse, energy distance (data vs data) of a trial, or dashes. */
    static String cells(Optional<Trial> trial, boolean withSolver) {
        return trial.map(t -> String.format(Locale.ROOT, "%s | %.3g | %.3g (%.3g)", withSolver ? t.solver + " ("
                + t.nfe + " NFE)" : t.nfe + " NFE", t.ode, t.energy, t.energyData)).orElse("- | - | -");
    }

    static int budgetOf(int nfe) {
        for (int b : BUDGETS) {
            if (nfe <= b) {
                return b;
            }
        }
        return Integer.MAX_VALUE;
    }

    static Optional<Trial> best(List<Trial> trials, String data, int budget, java.util.function.Predicate<Trial> which) {
        return trials.stream().filter(t -> t.data.equals(data) && t.nfe <= budget && which.test(t))
                .min(Comparator.comparingDouble(Trial::ode));
    }
}
