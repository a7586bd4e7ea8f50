package io.retention.kit.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: DOWN while inbound events wait for a dependency to come back, with what they last failed on. */
@Readiness
@ApplicationScoped
public class DependencyWaitsCheck implements HealthCheck {
    private final DependencyWaits waits;

    public DependencyWaitsCheck(DependencyWaits waits) {
        this.waits = waits;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Inbound events: dependencies reachable");
        if (!waits.anyWaiting()) {
            return response.up().build();
        }
        return response.down()
                .withData("batchesWaiting", waits.waiting())
                .withData("waitingSince", String.valueOf(waits.since()))
                .withData("lastFailure", String.valueOf(waits.lastFailure()))
                .build();
    }
}
