package io.retention.kit.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The platform's own timers (an event's lag, its wait in the outbox, a held event's wait) publish histogram buckets,
 * so that a p99 can be read from Prometheus across pods ({@code histogram_quantile}); bounded to 1 ms-5 min to keep the
 * number of series small.
 */
@Singleton
public class LatencyHistograms {
    private static final String PLATFORM_METERS = "retention.";

    @Produces
    @Singleton
    MeterFilter latencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith(PLATFORM_METERS)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofMinutes(5).toNanos())
                        .build()
                        .merge(config);
            }
        };
    }
}
