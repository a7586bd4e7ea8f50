package io.retention.kit.store;

import io.quarkus.scheduler.Scheduled;
import io.retention.kit.messaging.InboundConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Deletes the ids of events processed longer ago than the dedupe window ({@code retention.inbound.dedupe-window}), when
 * one is set (by default ids are kept for ever, as the contract promises), in short transactions so that the inbound
 * batches inserting new ids never wait long. The window is measured on the database's clock, the one that stamped the
 * ids.
 */
@ApplicationScoped
public class ProcessedEventsPruner {
    private static final Logger LOG = Logger.getLogger(ProcessedEventsPruner.class);
    /** Ids deleted per transaction. */
    static final int CHUNK = 10_000;

    private final Pool pool;
    private final InboundConfig config;

    public ProcessedEventsPruner(Pool pool, InboundConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "${retention.inbound.prune-every:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return prune().invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof(
                                "deleted %d processed-event ids older than %s",
                                deleted, config.dedupeWindow().orElseThrow());
                    }
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("pruning processed-event ids failed, will retry: %s", failure.getMessage());
                    return 0L;
                })
                .replaceWithVoid();
    }

    /** Deletes every id older than the window; answers how many (none without a window). */
    public Uni<Long> prune() {
        if (config.dedupeWindow().isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return Uni.createFrom()
                .deferred(this::pruneChunk)
                .repeat()
                .whilst(deleted -> deleted == CHUNK)
                .collect()
                .with(Collectors.summingLong(Integer::longValue));
    }

    private Uni<Integer> pruneChunk() {
        return pool.preparedQuery("delete from processed_event where ctid = any(array(select ctid from processed_event "
                        + "where processed_at < now() - $1 * interval '1 second' limit $2))")
                .execute(Tuple.of((double) config.dedupeWindow().orElseThrow().toSeconds(), CHUNK))
                .map(RowSet::rowCount);
    }
}
