package io.retention.console.services;

/** A service's problem+json answer (RFC 9457): what the console shows of a failed call. */
public record Problem(String title, int status, String detail) {}
