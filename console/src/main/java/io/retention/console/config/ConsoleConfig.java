package io.retention.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The console's settings (prefix {@code retention.console}); the services' addresses are the REST clients' URLs. */
@ConfigMapping(prefix = "retention.console")
public interface ConsoleConfig {
    /**
     * The private key (PEM, PKCS#8) that signs local sign-ins: the launcher's, which the services trust on one machine.
     * Unset in production, where people sign in with the organisation's identity provider.
     */
    Optional<Path> localSigningKey();

    /** How long a sign-in lasts. */
    @WithDefault("8h")
    Duration sessionLifetime();

    /** Follow-ups shown on "My work": those due before the end of this many days from now (today and overdue: 1). */
    @WithDefault("1")
    int workHorizonDays();
}
