package io.retention.kit.rest;

import java.util.List;

/** A request the service refuses, with the status and the words the caller gets back as problem+json. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.Violation> violations;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    private ProblemException(int status, String title, String detail, List<Problem.Violation> violations) {
        super(detail);
        this.status = status;
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    /** A 400 naming each broken rule of the request. */
    public static ProblemException invalid(List<Problem.Violation> violations) {
        String detail = String.join(
                "; ",
                violations.stream().map(v -> v.field() + ": " + v.message()).toList());
        return new ProblemException(400, "Bad Request", detail, violations);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }
}
