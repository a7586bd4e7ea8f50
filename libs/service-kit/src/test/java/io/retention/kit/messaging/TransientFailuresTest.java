package io.retention.kit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    private static PgException pg(String sqlState) {
        return new PgException("message", "ERROR", sqlState, "detail");
    }

    @Test
    void aDatabaseThatIsDownRestartingOrBusyIsWaitedFor() {
        assertThat(TransientFailures.isTransient(new ConnectException("Connection refused")))
                .isTrue();
        assertThat(TransientFailures.isTransient(new CompletionException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(ClosedConnectionException.INSTANCE))
                .isTrue();
        assertThat(TransientFailures.isTransient(new NoStackTraceThrowable("Timeout")))
                .as("pool acquire timeout")
                .isTrue();
        assertThat(TransientFailures.isTransient(pg("57P01")))
                .as("admin shutdown")
                .isTrue();
        assertThat(TransientFailures.isTransient(pg("57P03")))
                .as("cannot connect now (starting up)")
                .isTrue();
        assertThat(TransientFailures.isTransient(pg("08006")))
                .as("connection failure")
                .isTrue();
        assertThat(TransientFailures.isTransient(pg("53300")))
                .as("too many connections")
                .isTrue();
        assertThat(TransientFailures.isTransient(pg("40P01"))).as("deadlock").isTrue();
        assertThat(TransientFailures.isTransient(pg("40001")))
                .as("serialization failure")
                .isTrue();
    }

    @Test
    void whatWouldFailTheSameWayAgainIsNot() {
        assertThat(TransientFailures.isTransient(pg("22003")))
                .as("numeric field overflow")
                .isFalse();
        assertThat(TransientFailures.isTransient(pg("23505")))
                .as("unique violation")
                .isFalse();
        assertThat(TransientFailures.isTransient(pg("42P01")))
                .as("undefined table")
                .isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("a bug")))
                .isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(TransientFailures.isTransient(new RuntimeException(pg("22003"))))
                .isFalse();
    }
}
