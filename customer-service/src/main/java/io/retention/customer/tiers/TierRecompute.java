package io.retention.customer.tiers;

import io.quarkus.scheduler.Scheduled;
import io.retention.contract.Topics;
import io.retention.customer.config.CustomerConfig;
import io.retention.customer.store.Customers;
import io.retention.customer.store.Profiles;
import io.retention.kit.messaging.InboundLag;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.store.HistoryIntake;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Ranks every customer by net revenue over the trailing period and assigns Pareto tiers, on a schedule and on request;
 * customers whose tier changed are updated and announced with {@code retention.customer.updated}, in one transaction.
 * One instance at a time (a transaction-scoped advisory lock): the others skip.
 */
@ApplicationScoped
public class TierRecompute {
    private static final Logger LOG = Logger.getLogger(TierRecompute.class);

    private final Pool pool;
    private final Profiles profiles;
    private final OutboxRelay relay;
    private final CustomerConfig config;
    private final Clock clock;
    private final HistoryIntake historyIntake;
    private final InboundLag lag;
    private final Customers customers;
    private final AtomicBoolean deferred = new AtomicBoolean();

    public TierRecompute(
            Pool pool,
            Profiles profiles,
            OutboxRelay relay,
            CustomerConfig config,
            Clock clock,
            HistoryIntake historyIntake,
            InboundLag lag,
            Customers customers) {
        this.customers = customers;
        this.lag = lag;
        this.pool = pool;
        this.historyIntake = historyIntake;
        this.profiles = profiles;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    /** What a recompute did. */
    public record Result(
            Instant at, LocalDate revenueFrom, int customers, int changed, Map<String, Integer> customersByTier) {}

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "${retention.customer.tiers.recompute-every:6h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        deferred.set(true);
        return recomputeIfSettled();
    }

    /**
     * A recompute put off while history was read runs once it has settled: no instance has read history for the settle
     * period, and nothing waits unread (an instance that was stopped, or lost its partitions, reads nothing meanwhile).
     */
    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "1m",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recomputeIfSettled() {
        if (!deferred.get()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return historyIntake.lastSeen().chain(lastHistory -> {
            if (!HistoryIntake.settled(lastHistory, now, config.tiers().settleAfter())) {
                LOG.info("tier recompute put off: history is being read (an import)");
                return Uni.createFrom().voidItem();
            }
            return lag.unread(Topics.INBOUND).onFailure().recoverWithItem(-1L).chain(unread -> {
                if (unread != 0) {
                    LOG.info("tier recompute put off: events are waiting to be read");
                    return Uni.createFrom().voidItem();
                }
                deferred.set(false);
                return recompute()
                        .invoke(result -> LOG.infof("tiers recomputed: %s", result))
                        .onFailure(ProblemException.class)
                        .recoverWithNull()
                        .replaceWithVoid();
            });
        });
    }

    public Uni<Result> recompute() {
        Instant now = clock.instant();
        ParetoTiers tiers =
                new ParetoTiers(config.tiers().aShare(), config.tiers().bShare());
        LocalDate from = LocalDate.ofInstant(now.minus(config.tiers().period()), ZoneOffset.UTC);
        return pool.withTransaction(connection -> customers
                        .tryLockTierRecompute(connection)
                        .chain(locked -> {
                            if (!locked) {
                                return Uni.createFrom()
                                        .failure(ProblemException.conflict("a tier recompute is already running"));
                            }
                            return recompute(connection, tiers, from, now);
                        }))
                .invoke(result -> {
                    if (result.changed() > 0) {
                        relay.wakeUp();
                    }
                });
    }

    private Uni<Result> recompute(SqlConnection connection, ParetoTiers tiers, LocalDate from, Instant now) {
        return customers.revenuesSince(connection, from).chain(revenues -> {
            Map<String, String> current = new HashMap<>();
            List<ParetoTiers.Revenue> ranked = new ArrayList<>();
            for (Customers.Revenue revenue : revenues) {
                ranked.add(new ParetoTiers.Revenue(revenue.customerId(), revenue.revenue()));
                current.put(revenue.customerId(), revenue.tier());
            }
            Map<String, String> assigned = tiers.assign(ranked);
            Map<String, Integer> counts = new TreeMap<>();
            List<String> changedIds = new ArrayList<>();
            List<String> changedTiers = new ArrayList<>();
            assigned.forEach((id, tier) -> {
                counts.merge(tier, 1, Integer::sum);
                if (!Objects.equals(current.get(id), tier)) {
                    changedIds.add(id);
                    changedTiers.add(tier);
                }
            });
            Result result = new Result(now, from, assigned.size(), changedIds.size(), counts);
            if (changedIds.isEmpty()) {
                return Uni.createFrom().item(result);
            }
            // rows locked in id order, as the event projection locks them: no deadlock between the two
            return customers
                    .setTiers(connection, changedIds, changedTiers, now)
                    .chain(() -> profiles.announceUpdates(connection, changedIds, now))
                    .replaceWith(result);
        });
    }
}
