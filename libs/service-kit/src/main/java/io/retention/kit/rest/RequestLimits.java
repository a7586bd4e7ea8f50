package io.retention.kit.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.retention.contract.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose declared body is larger than {@code quarkus.http.limits.max-body-size} is answered 413 with a
 * problem+json that gives the limit, before any handler reads it. The body is read and dropped first (up to a bound), so
 * that the client, still sending, gets the answer instead of a reset connection.
 */
@ApplicationScoped
public class RequestLimits {
    /** How much of an oversized body is read and dropped before the connection is closed instead. */
    private static final long DRAIN_AT_MOST = 256L * 1024 * 1024;

    private final long maxBodyBytes;

    public RequestLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseOversizedBody);
    }

    private void refuseOversizedBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        long declared = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared <= maxBodyBytes) {
            context.next();
            return;
        }
        Buffer problem = Buffer.buffer(problemJson(declared));
        if (declared > DRAIN_AT_MOST) {
            answer(context, problem);
            return;
        }
        request.handler(ignored -> { });
        request.endHandler(ended -> answer(context, problem));
        request.exceptionHandler(failure -> context.response().reset());
        request.resume();
    }

    private static void answer(RoutingContext context, Buffer problem) {
        if (!context.response().ended()) {
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(problem);
        }
    }

    private byte[] problemJson(long declared) {
        try {
            return Json.MAPPER.writeValueAsBytes(new Problem("about:blank", "Content Too Large", 413,
                    "the request body has " + declared + " bytes; at most " + maxBodyBytes + " are accepted", List.of()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Content-Length header as a number; a malformed one is left to the HTTP server, which refuses it. */
    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
