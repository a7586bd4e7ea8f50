package io.retention.kit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 7807 problem detail, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One broken rule of the request: where, and what is wrong. */
    public record Violation(String field, String message) {}
}
