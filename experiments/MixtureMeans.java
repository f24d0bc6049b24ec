import org.difflab.plugins.datatoy.RandomMixtureSource;

/**
 * Prints the component means of a {@code gmm-random} mixture as CSV, one component a line, for scripts outside the
 * JVM (experiments/few-step-frontier-teleport.py). Arguments: dims components seed spread std.
 * Run: java -cp 'distribution/target/difflab/lib/*:distribution/target/difflab/plugins/*' \
 *          experiments/MixtureMeans.java 16 8 0 1.0 0.2 > means.csv
 */
public class MixtureMeans {
    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: MixtureMeans dims components seed spread std");
            System.exit(2);
        }
        var source = new RandomMixtureSource(new RandomMixtureSource.Options(Integer.parseInt(args[0]),
                Integer.parseInt(args[1]), Long.parseLong(args[2]), Double.parseDouble(args[3]),
                Double.parseDouble(args[4])));
        for (double[] mean : source.mixture().means()) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < mean.length; j++) {
                line.append(j == 0 ? "" : ",").append(mean[j]);
            }
            System.out.println(line);
        }
    }
}
