package io.retention.customer.lifecycle;

import io.quarkus.scheduler.Scheduled;
import io.retention.customer.config.CustomerConfig;
import io.retention.customer.registry.LifecycleStage;
import io.retention.customer.store.Profiles;
import io.retention.customer.store.StageFacts;
import io.retention.customer.store.StageHistory;
import io.retention.kit.messaging.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

    public StageClock(
            Pool pool, Lifecycle lifecycle, Profiles profiles, OutboxRelay relay, CustomerConfig config, Clock clock) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.profiles = profiles;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
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
        Tuple due = Tuple.of(
                now.minus(config.onboarding()).atOffset(ZoneOffset.UTC),
                now.minus(config.wonBack()).atOffset(ZoneOffset.UTC),
                BATCH);
        return connection
                .preparedQuery("select customer_id, lifecycle_stage, " + StageFacts.COLUMNS + " from customer "
                        + "where (lifecycle_stage = 'ONBOARDING' and first_seen_at <= $1) or (lifecycle_stage = 'WON_BACK' and stage_since <= $2) "
                        + "order by customer_id limit $3 for update skip locked")
                .execute(due)
                .chain(rows -> {
                    List<StageFacts.Judged> judged = new ArrayList<>();
                    List<StageHistory.StageChange> changes = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (Row row : rows) {
                        LifecycleStage was = LifecycleStage.valueOf(row.getString("lifecycle_stage"));
                        Lifecycle.Facts facts = StageFacts.read(row);
                        Lifecycle.Position next = lifecycle.stageAt(facts, now);
                        if (next.stage() != was) {
                            String id = row.getString("customer_id");
                            ids.add(id);
                            judged.add(new StageFacts.Judged(id, facts, next, now));
                            changes.add(new StageHistory.StageChange(
                                    id,
                                    next.stage(),
                                    next.since(),
                                    was == LifecycleStage.ONBOARDING ? "onboarding-ended" : "won-back-period-ended"));
                        }
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return StageFacts.write(connection, judged)
                            .chain(() -> StageHistory.record(connection, changes))
                            .chain(() -> profiles.announceUpdates(connection, ids, now))
                            .replaceWith(rows.size());
                });
    }
}
