package io.retention.winback.offers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What win-back offers give and how long they last. */
@ConfigMapping(prefix = "retention.winback")
public interface WinbackConfig {

    /** How long an offer can be redeemed after it is issued. */
    @WithDefault("30d")
    Duration validity();

    /** The discount offered to customers who left over price. */
    @WithDefault("20")
    int priceDiscountPercent();

    /** The discount inside the bundle offered to everyone else. */
    @WithDefault("10")
    int bundleDiscountPercent();
}
