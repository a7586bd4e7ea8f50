package io.retention.local.testing;

import java.util.Arrays;

/** Reads figures from a service's {@code /q/metrics} (the Prometheus and OpenMetrics text formats). */
public final class MetricsText {
    private MetricsText() {}

    /**
     * The sum of the samples whose line starts with {@code name} and contains every one of {@code labels} (such as
     * {@code topic="retention.purchases"}). A sample's value is the token after its name and labels: an exemplar (a
     * trace id, its value and a timestamp) may follow it.
     */
    public static double sum(String exposition, String name, String... labels) {
        return exposition
                .lines()
                .filter(line -> line.startsWith(name) && Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.split(" ")[1]))
                .sum();
    }
}
