package io.retention.risk.engine;

import io.quarkus.runtime.configuration.DurationConverter;
import io.retention.risk.config.RiskConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;

/** The risk configuration with the defaults the service ships, read from {@link RiskConfig} itself, outside Quarkus. */
public final class ShippedConfig {

    private ShippedConfig() {}

    public static RiskConfig risk() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(RiskConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .build();
        return config.getConfigMapping(RiskConfig.class);
    }
}
