package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What a call to a service answered: its value, or what to show instead: the service's problem {@code detail}, or that
 * the service cannot be reached. Never a stack trace; one failed call leaves the rest of the page working.
 *
 * @param status the service's HTTP status when it refused (404 for another owner's customer), 503 when unreachable
 */
@TemplateData
public record Answer<T>(T value, String problem, int status) {
    private static final Logger LOG = Logger.getLogger(Answer.class);

    public boolean ok() {
        return problem == null;
    }

    /** Calls a service; {@code service} names it on the page when it cannot be reached. */
    public static <T> Answer<T> of(String service, Supplier<T> call) {
        try {
            return new Answer<>(call.get(), null, 200);
        } catch (WebApplicationException refused) {
            Response response = refused.getResponse();
            return new Answer<>(null, detailOf(response), response.getStatus());
        } catch (ProcessingException unreachable) {
            LOG.warnf("%s cannot be reached: %s", service, unreachable.getMessage());
            return new Answer<>(null, service + " cannot be reached just now; the rest of the console works", 503);
        }
    }

    private static String detailOf(Response response) {
        try {
            Problem problem = response.readEntity(Problem.class);
            if (problem != null && problem.detail() != null) {
                return problem.detail();
            }
            return problem != null && problem.title() != null ? problem.title() : "HTTP " + response.getStatus();
        } catch (RuntimeException notAProblem) {
            return "HTTP " + response.getStatus();
        }
    }
}
