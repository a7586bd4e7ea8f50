package io.retention.risk.engine;

import io.quarkus.scheduler.Scheduled;
import io.retention.kit.messaging.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Rules that depend on time passing fire without a new event: customers whose next check is due (an indexed column)
 * are re-assessed batch by batch; instances share the work by skipping rows another one holds.
 */
@ApplicationScoped
public class Rechecks {
    private static final Logger LOG = Logger.getLogger(Rechecks.class);

    private final Pool pool;
    private final RiskEngine engine;
    private final OutboxRelay relay;
    private final RiskConfig config;
    private final Clock clock;

    public Rechecks(Pool pool, RiskEngine engine, OutboxRelay relay, RiskConfig config, Clock clock) {
        this.pool = pool;
        this.engine = engine;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${retention.risk.recheck-poll:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runDue().onFailure().invoke(failure -> LOG.warn("re-assessing due customers failed; next poll retries", failure))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Re-assesses every customer whose check is due now; answers how many. */
    public Uni<Integer> runDue() {
        return pool.withTransaction(connection -> engine.recheckDue(connection, clock.instant()))
                .invoke(count -> {
                    if (count > 0) {
                        relay.wakeUp();
                    }
                })
                .chain(count -> count < config.recheckBatch()
                        ? Uni.createFrom().item(count)
                        : runDue().map(more -> count + more));
    }
}
