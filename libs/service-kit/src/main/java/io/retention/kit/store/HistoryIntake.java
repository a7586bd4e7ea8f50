package io.retention.kit.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code history_intake} row: when any instance of the service last read history (work that waits for an import to
 * end asks it, with {@link io.retention.kit.messaging.InboundLag}). Written outside the inbound transactions (a
 * statement of its own, at most once a second per instance), so that the batches of three topics do not queue on one
 * row. Each service that uses it creates the table in a migration of its own.
 */
@ApplicationScoped
public class HistoryIntake {
    private static final Duration WRITE_AT_MOST_EVERY = Duration.ofSeconds(1);

    private final Pool pool;
    private final AtomicReference<Instant> lastWritten = new AtomicReference<>(Instant.MIN);

    public HistoryIntake(Pool pool) {
        this.pool = pool;
    }

    /** Records that history was read at {@code now}. */
    public Uni<Void> seen(Instant now) {
        Instant last = lastWritten.get();
        boolean writtenJustNow = !now.isBefore(last) && now.isBefore(last.plus(WRITE_AT_MOST_EVERY));
        if (writtenJustNow || !lastWritten.compareAndSet(last, now)) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("insert into history_intake (id, last_at) values (1, $1) "
                        + "on conflict (id) do update set last_at = greatest(history_intake.last_at, excluded.last_at)")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * Whether history has settled: none read for {@code period} before {@code now}, or never. A time further ahead than
     * the period itself was written before the clock was set back: stale, so settled.
     */
    public static boolean settled(Optional<Instant> lastSeen, Instant now, Duration period) {
        return lastSeen.map(at -> !at.isAfter(now.minus(period)) || at.isAfter(now.plus(period)))
                .orElse(true);
    }

    /** When history was last read, if ever. */
    public Uni<Optional<Instant>> lastSeen() {
        return pool.query("select last_at from history_intake where id = 1")
                .execute()
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    OffsetDateTime at = rows.iterator().next().getOffsetDateTime("last_at");
                    return Optional.of(at.toInstant());
                });
    }
}
