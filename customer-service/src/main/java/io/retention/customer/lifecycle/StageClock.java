package io.retention.customer.lifecycle;

import io.quarkus.scheduler.Scheduled;
import io.retention.customer.config.CustomerConfig;
import io.retention.customer.registry.LifecycleStage;
import io.retention.customer.store.Customers;
import io.retention.customer.store.Profiles;
import io.retention.customer.store.StageHistory;
import io.retention.kit.messaging.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves on the stages that end with time and no event: ONBOARDING and WON_BACK become ACTIVE when their period is over.
 * Reads exactly the customers in those stages whose period ended (indexed by stage), in batches, skipping rows another
 * instance holds; each change is recorded and announced.
 */
@ApplicationScoped
public class StageClock {
    private static final int BATCH = 500;

    private final Pool pool;
    private final Lifecycle lifecycle;
    private final Profiles profiles;
    private final OutboxRelay relay;
    private final CustomerConfig config;
    private final Clock clock;

    private final Customers customers;
    private final StageHistory stageHistory;

    public StageClock(
            Pool pool,
            Lifecycle lifecycle,
            Profiles profiles,
            OutboxRelay relay,
            CustomerConfig config,
            Clock clock,
            Customers customers,
            StageHistory stageHistory) {
        this.pool = pool;
        this.customers = customers;
        this.stageHistory = stageHistory;
        this.lifecycle = lifecycle;
        this.profiles = profiles;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "${retention.customer.stage-check-every:1h}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return moveOn().replaceWithVoid();
    }

    /** Moves on every customer whose stage has ended by now; answers how many. */
    public Uni<Integer> moveOn() {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> moveOnBatch(connection, now))
                .invoke(moved -> {
                    if (moved > 0) {
                        relay.wakeUp();
                    }
                })
                .chain(moved -> moved < BATCH ? Uni.createFrom().item(moved) : moveOn().map(more -> moved + more));
    }

    private Uni<Integer> moveOnBatch(SqlConnection connection, Instant now) {
        return customers
                .lockEndedPeriods(connection, now.minus(config.onboarding()), now.minus(config.wonBack()), BATCH)
                .chain(staged -> {
                    List<Customers.Judged> judged = new ArrayList<>();
                    List<StageHistory.StageChange> changes = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (Customers.Staged customer : staged) {
                        LifecycleStage was = customer.position().stage();
                        Lifecycle.Position next = lifecycle.stageAt(customer.facts(), now);
                        if (next.stage() != was) {
                            ids.add(customer.customerId());
                            judged.add(new Customers.Judged(customer.customerId(), customer.facts(), next, now));
                            changes.add(new StageHistory.StageChange(
                                    customer.customerId(),
                                    next.stage(),
                                    next.since(),
                                    was == LifecycleStage.ONBOARDING ? "onboarding-ended" : "won-back-period-ended"));
                        }
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return customers
                            .writeStages(connection, judged)
                            .chain(() -> stageHistory.record(connection, changes))
                            .chain(() -> profiles.announceUpdates(connection, ids, now))
                            .replaceWith(staged.size());
                });
    }
}
