package io.retention.kit.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a bearer token says whose customers an account manager looks after. */
@ConfigMapping(prefix = "retention.auth")
public interface AuthConfig {

    /** The claim naming the owner an {@code account-manager} token acts for (the customers' {@code owner}). */
    @WithDefault("sub")
    String ownerClaim();
}
