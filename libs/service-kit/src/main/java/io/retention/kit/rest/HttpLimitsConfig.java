package io.retention.kit.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The request line and header limits every service answers with problem+json (the HTTP codec's own limits,
 * {@code quarkus.http.limits.max-initial-line-length} and {@code max-header-size}, sit well above them).
 */
@ConfigMapping(prefix = "retention.http")
public interface HttpLimitsConfig {

    /** The longest request target (path and query) accepted; a longer one is 414. */
    @WithDefault("8192")
    int maxUriLength();

    /** The most header bytes (names and values) a request may carry; more is 431. */
    @WithDefault("16K")
    MemorySize maxHeaderSize();
}
