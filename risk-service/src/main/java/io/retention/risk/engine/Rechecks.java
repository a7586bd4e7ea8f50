package io.retention.risk.engine;

import io.quarkus.scheduler.Scheduled;
import io.retention.contract.Topics;
import io.retention.kit.messaging.InboundLag;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.store.HistoryIntake;
import io.retention.risk.config.RiskConfig;
import io.retention.risk.learning.ChurnLearning;
import io.retention.risk.model.PurchaseModels;
import io.retention.risk.store.RiskStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Rules that depend on time passing fire without a new event: customers whose next check is due (an indexed column)
 * are re-assessed batch by batch; instances share the work by skipping rows another one holds. After a new model the
 * buyers are re-assessed by a sweep at an even pace, a step at a time by whichever instance takes it.
 *
 * <p>Customers left unjudged by their history are judged here once it has settled: when the service has read no
 * history for {@link RiskConfig#settleAfter()} and its consumer group has nothing left unread (the end of an import,
 * not a consumer that was stopped), the purchase model is first refitted if it
 * predates that history (by one instance, the others waiting for its fit), and the score in force chosen after it, so
 * that the customers are judged on the model of the whole history and the score it taught, once each.
 */
@ApplicationScoped
public class Rechecks {
    private static final Logger LOG = Logger.getLogger(Rechecks.class);

    private final Pool pool;
    private final RiskEngine engine;
    private final OutboxRelay relay;
    private final RiskConfig config;
    private final Clock clock;
    private final HistoryIntake historyIntake;
    private final RiskStore store;
    private final PurchaseModels models;
    private final InboundLag lag;
    private final ChurnLearning learning;

    public Rechecks(
            Pool pool,
            RiskEngine engine,
            OutboxRelay relay,
            RiskConfig config,
            Clock clock,
            HistoryIntake historyIntake,
            RiskStore store,
            PurchaseModels models,
            InboundLag lag,
            ChurnLearning learning) {
        this.lag = lag;
        this.learning = learning;
        this.pool = pool;
        this.historyIntake = historyIntake;
        this.store = store;
        this.models = models;
        this.engine = engine;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "${retention.risk.recheck-poll:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runDue().onFailure()
                .invoke(failure -> LOG.warn("re-assessing due customers failed; next poll retries", failure))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Re-assesses every customer whose check is due now, and the buyers a re-assessment after a new model has come to;
     * answers how many customers were looked at.
     */
    public Uni<Integer> runDue() {
        Instant now = clock.instant();
        return runDueChecks(now).chain(checked -> sweep(now).map(swept -> checked + swept));
    }

    private Uni<Integer> runDueChecks(Instant now) {
        return historyIntake.lastSeen().chain(lastHistory -> {
            if (!HistoryIntake.settled(lastHistory, now, config.settleAfter())) {
                return runDue(now, now.minus(config.settleHoldLimit()));
            }
            // quiet, and nothing waits unread (a consumer that was stopped or paused reads no history while its
            // partitions fill): then customers waiting to be judged on history are judged on all of it
            Instant holdUntil = now.minus(config.settleHoldLimit());
            return store.anyUnsettledDue(pool, now)
                    .chain(waiting -> !waiting
                            ? runDue(now, now)
                            : unread().chain(unread -> unread != 0
                                    ? runDue(now, holdUntil)
                                    : judgeableAfterHistory(lastHistory.orElse(null))
                                            .chain(judgeable -> runDue(now, judgeable ? now : holdUntil))));
        });
    }

    /** Records of the inbound topics not read yet by the service's instances; -1 when the broker cannot tell. */
    private Uni<Long> unread() {
        return lag.unread(Topics.INBOUND).onFailure().recoverWithItem(failure -> {
            LOG.warnf("history not judged yet: %s", failure.getMessage());
            return -1L;
        });
    }

    /**
     * Whether customers waiting to be judged on history can be judged now: the model in use has seen that history, or
     * this instance has just fitted one that has. While another instance fits, they wait for its fit.
     */
    private Uni<Boolean> judgeableAfterHistory(Instant lastHistory) {
        if (lastHistory == null) {
            return Uni.createFrom().item(true);
        }
        return models.refresh(pool)
                .chain(model -> model.isPresent() && model.get().fittedAt().isAfter(lastHistory)
                        ? scoreChosenAfter(model.get().fittedAt())
                        : models.fitAfterHistory(lastHistory)
                                .chain(fitted -> !fitted
                                        ? Uni.createFrom().item(false)
                                        : models.refresh(pool)
                                                .chain(fit -> fit.isEmpty()
                                                        ? Uni.createFrom().item(true)
                                                        : scoreChosenAfter(
                                                                fit.get().fittedAt()))));
    }

    /**
     * Whether the score in force has been chosen after the fit of {@code fittedAt}: a customer judged on the shipped
     * weights now and on a learned model a moment later would be signalled twice. A round that failed (the database
     * was away) or whose instance went down is taken up here.
     */
    private Uni<Boolean> scoreChosenAfter(Instant fittedAt) {
        return learning.learnedSince(fittedAt).invoke(learned -> {
            if (!learned) {
                learning.afterFit(fittedAt);
            }
        });
    }

    /** The steps of the re-assessment after a new model that are due now, a transaction each. */
    private Uni<Integer> sweep(Instant now) {
        return inBatches(connection -> engine.sweepStep(connection, now, config.recheckBatch()));
    }

    private Uni<Integer> runDue(Instant now, Instant unsettledUntil) {
        return inBatches(connection -> engine.recheckDue(connection, now, unsettledUntil));
    }

    /**
     * Runs {@code batch} a transaction at a time, the signals of each published once it is committed, until one comes
     * back short of a full batch; answers how many customers they looked at.
     */
    private Uni<Integer> inBatches(Function<SqlConnection, Uni<Integer>> batch) {
        return pool.withTransaction(batch)
                .invoke(count -> {
                    if (count > 0) {
                        relay.wakeUp();
                    }
                })
                .chain(count -> count < config.recheckBatch()
                        ? Uni.createFrom().item(count)
                        : inBatches(batch).map(more -> count + more));
    }
}
