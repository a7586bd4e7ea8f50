package io.retention.kit.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The CloudEvents {@code source} of every event a service emits: a slash and the service's application name. */
@ApplicationScoped
public class EventSource {
    private final String uri;

    public EventSource(@ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.uri = "/" + applicationName;
    }

    /** For example {@code /risk-service}. */
    public String uri() {
        return uri;
    }
}
