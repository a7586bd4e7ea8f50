package io.retention.winback.experiment;

/**
 * A rate of successes among trials with its 95 % Wilson score interval, which stays inside [0, 1] and behaves with few
 * trials or none. Pure logic.
 */
public record Proportion(long successes, long trials, double rate, double low, double high) {
    private static final double Z = 1.959963984540054;

    public static Proportion of(long successes, long trials) {
        if (trials == 0) {
            return new Proportion(0, 0, 0, 0, 1);
        }
        double p = (double) successes / trials;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
        double half = Z * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / (1 + z2 / trials);
        return new Proportion(successes, trials, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
