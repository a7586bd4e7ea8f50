package io.retention.kit.messaging;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that says nothing about the event (the database unreachable, restarting or out of connections, a
 * deadlock or serialization conflict) from one that would fail the same way again. Only the second kind may send an
 * event to a dead-letter topic; the first is waited out.
 */
public final class TransientFailures {
    /** SQLSTATE classes and codes that a later attempt of the same statement can pass. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57");

    private static final Set<String> TRANSIENT_CODES = Set.of("40001", "40P01", "55P03", "58030");

    private TransientFailures() {}

    /** Whether the failure, or anything that caused it, is a passing condition of a dependency. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg) {
                return isTransientSqlState(pg.getSqlState());
            }
            if (cause instanceof IOException
                    || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException
                    || isPoolTimeout(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a PostgreSQL error code names a condition that passes (connection, resources, shutdown, conflict). */
    static boolean isTransientSqlState(String sqlState) {
        return sqlState != null
                && sqlState.length() == 5
                && (TRANSIENT_CLASSES.contains(sqlState.substring(0, 2)) || TRANSIENT_CODES.contains(sqlState));
    }

    /** The SQL client's pool fails a wait for a connection with a bare "Timeout" (Vert.x's stackless exception). */
    private static boolean isPoolTimeout(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getName().startsWith("io.vertx.")
                && message != null
                && (message.startsWith("Timeout")
                        || message.contains("Connection refused")
                        || message.contains("Connection is closed")
                        || message.contains("connection closed"));
    }
}
