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
 * Requests over the size limits are answered with a problem+json that gives the limit, before any handler reads them:
 * a request target longer than {@link HttpLimitsConfig#maxUriLength} is 414, headers over
 * {@link HttpLimitsConfig#maxHeaderSize} 431, and a declared body larger than {@code quarkus.http.limits.max-body-size}
 * 413. An oversized body is read and dropped first (up to a bound), so that the client, still sending, gets the answer
 * instead of a reset connection. Vert.x's HTTP codec answers what is over its own, higher limits with an empty 414 or
 * 431 that cannot be changed from Quarkus.
 */
@ApplicationScoped
public class RequestLimits {
    /** How much of an oversized body is read and dropped before the connection is closed instead. */
    private static final long DRAIN_AT_MOST = 256L * 1024 * 1024;

    private final long maxBodyBytes;
    private final HttpLimitsConfig limits;

    public RequestLimits(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize,
            HttpLimitsConfig limits) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.limits = limits;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseOversized);
    }

    private void refuseOversized(RoutingContext context) {
        HttpServerRequest request = context.request();
        int uriLength = request.uri().length();
        if (uriLength > limits.maxUriLength()) {
            answer(
                    context,
                    414,
                    "URI Too Long",
                    "the request target has " + uriLength + " characters; at most " + limits.maxUriLength()
                            + " are accepted");
            return;
        }
        long headerBytes = 0;
        for (var header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > limits.maxHeaderSize().asLongValue()) {
            answer(
                    context,
                    431,
                    "Request Header Fields Too Large",
                    "the request headers have " + headerBytes + " bytes; at most "
                            + limits.maxHeaderSize().asLongValue() + " are accepted");
            return;
        }
        long declared = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared <= maxBodyBytes) {
            context.next();
            return;
        }
        String detail = "the request body has " + declared + " bytes; at most " + maxBodyBytes + " are accepted";
        if (declared > DRAIN_AT_MOST) {
            answer(context, 413, "Content Too Large", detail);
            return;
        }
        request.handler(ignored -> {});
        request.endHandler(ended -> answer(context, 413, "Content Too Large", detail));
        request.exceptionHandler(failure -> context.response().reset());
        request.resume();
    }

    private static void answer(RoutingContext context, int status, String title, String detail) {
        if (!context.response().ended()) {
            context.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Buffer.buffer(problemJson(status, title, detail)));
        }
    }

    private static byte[] problemJson(int status, String title, String detail) {
        try {
            return Json.MAPPER.writeValueAsBytes(new Problem("about:blank", title, status, detail, List.of()));
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
