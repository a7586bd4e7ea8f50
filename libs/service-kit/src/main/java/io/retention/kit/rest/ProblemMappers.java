package io.retention.kit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.retention.kit.messaging.TransientFailures;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every refused or broken request into an RFC 7807 problem+json response that says what is wrong. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public RestResponse<Problem> refused(ProblemException e) {
        return problem(new Problem("about:blank", e.title(), e.status(), e.getMessage(), e.violations()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        String detail =
                violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        return problem(new Problem("about:blank", "Bad Request", 400, detail, violations));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unreadable(JsonProcessingException e) {
        String detail;
        if (e instanceof StrictJson.UnstorableTextException unstorable) {
            detail = "field '" + path(unstorable) + "' " + unstorable.getOriginalMessage();
        } else if (e instanceof InvalidFormatException format) {
            detail = "field '" + path(format) + "': value '" + format.getValue() + "' is not a valid "
                    + format.getTargetType().getSimpleName();
        } else if (e instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            detail = "field '" + path(mismatch) + "' has the wrong type";
        } else {
            detail = "request body is not valid JSON: " + e.getOriginalMessage();
        }
        return problem(new Problem("about:blank", "Bad Request", 400, detail, List.of()));
    }

    /** Quarkus maps this one itself (a bare JSON body, not problem+json) unless a mapper for exactly it is here. */
    @ServerExceptionMapper
    public RestResponse<Problem> mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            // the JSON reader wraps its own error in a bare 400
            return unreadable(unreadable);
        }
        Response response = e.getResponse();
        return problem(new Problem(
                "about:blank",
                response.getStatusInfo().getReasonPhrase(),
                response.getStatus(),
                e.getMessage(),
                List.of()));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Problem> unauthenticated(RuntimeException e) {
        return RestResponse.ResponseBuilder.<Problem>create(401)
                .entity(new Problem(
                        "about:blank",
                        "Unauthorized",
                        401,
                        "a valid bearer token is needed: Authorization: Bearer <JWT of the identity provider>",
                        List.of()))
                .type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e) {
        return problem(new Problem("about:blank", "Forbidden", 403, "the token's roles do not allow this", List.of()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Exception e) {
        if (TransientFailures.isTransient(e)) {
            LOG.warnf("request refused while a dependency is down: %s", e);
            return RestResponse.ResponseBuilder.<Problem>create(503)
                    .entity(new Problem(
                            "about:blank",
                            "Service Unavailable",
                            503,
                            "a dependency of the service (its database) is unavailable for the moment; try again shortly",
                            List.of()))
                    .type(Problem.MEDIA_TYPE)
                    .header("Retry-After", "5")
                    .build();
        }
        LOG.error("request failed", e);
        return problem(new Problem(
                "about:blank",
                "Internal Server Error",
                500,
                "the request failed on the server; it has been logged",
                List.of()));
    }

    private static RestResponse<Problem> problem(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .entity(problem)
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The field a violation is about, without the method and parameter prefix of a REST parameter. */
    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2
                ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }
}
