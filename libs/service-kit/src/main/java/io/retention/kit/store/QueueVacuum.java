package io.retention.kit.store;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Vacuums the service's queue tables when their dead rows pass a bound. Each handled row is deleted, and until a
 * vacuum its index entries stay: the queries that look for the oldest rows walk past all of them, so with autovacuum
 * off (as on CI's PostgreSQL) or behind, every release of held events and every outbox round slows as traffic goes on
 * (on 100,000 customers, a signal's release and relay from 17 ms to 105-153 ms at the median; 9 ms after a vacuum of
 * 1.3 s). {@code VACUUM} takes no lock that writers wait for, and skips a table another instance is vacuuming.
 */
@ApplicationScoped
public class QueueVacuum {
    private static final Logger LOG = Logger.getLogger(QueueVacuum.class);
    /** A table name as the migrations write them: it goes into the statement as an identifier. */
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*");

    private final Pool pool;
    private final QueueVacuumConfig config;

    public QueueVacuum(Pool pool, QueueVacuumConfig config) {
        this.pool = pool;
        this.config = config;
        config.tables().forEach(table -> {
            if (!TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException(
                        "retention.queue-vacuum.tables: '" + table + "' is not a table name");
            }
        });
    }

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "${retention.queue-vacuum.check-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return vacuumWhereDue().onFailure().recoverWithItem(failure -> {
            LOG.warnf("vacuuming the queue tables failed, will retry: %s", failure.getMessage());
            return null;
        });
    }

    /** Vacuums each queue table with at least the bound of dead rows. */
    public Uni<Void> vacuumWhereDue() {
        if (config.deadRows() <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(config.tables())
                .onItem()
                .transformToUniAndConcatenate(this::vacuumIfDue)
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> vacuumIfDue(String table) {
        return pool.preparedQuery("select n_dead_tup from pg_stat_user_tables where relid = to_regclass($1)")
                .execute(Tuple.of(table))
                .chain(rows -> {
                    long dead = 0;
                    for (Row row : rows) {
                        dead = row.getLong("n_dead_tup");
                    }
                    if (dead < config.deadRows()) {
                        return Uni.createFrom().voidItem();
                    }
                    long started = System.nanoTime();
                    long deadRows = dead;
                    // not in a transaction: VACUUM cannot run in one
                    return pool.query("vacuum (skip_locked) " + table)
                            .execute()
                            .invoke(() -> LOG.infof(
                                    "vacuumed %s (%,d dead rows: autovacuum is off or behind) in %d ms",
                                    table, deadRows, (System.nanoTime() - started) / 1_000_000))
                            .replaceWithVoid();
                });
    }
}
