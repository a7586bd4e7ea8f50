package io.retention.risk.model;

import io.quarkus.scheduler.Scheduled;
import io.retention.kit.store.HistoryIntake;
import io.retention.risk.config.RiskConfig;
import io.retention.risk.learning.ChurnLearning;
import io.retention.risk.store.PurchaseModelFits;
import io.retention.risk.store.RescoreSweeps;
import io.retention.risk.store.RiskStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The purchase model in use: fitted on all customers on a schedule or on request, stored with every fit, and read
 * again by every instance whenever a newer fit is stored (checked at the start of each judging transaction), so that
 * several instances score with the same model. A fit after history is taken by one instance at a time.
 */
@ApplicationScoped
public class PurchaseModels {
    private static final Logger LOG = Logger.getLogger(PurchaseModels.class);

    private final Pool pool;
    private final RiskStore store;
    private final PurchaseModelFits fits;
    private final RescoreSweeps sweeps;
    private final RiskConfig config;
    private final Clock clock;
    private final ChurnLearning learning;
    private final HistoryIntake historyIntake;
    /** Since when the scheduled refit has been put off because history was being read; null when it is not. */
    private final AtomicReference<Instant> refitPutOffSince = new AtomicReference<>();

    /** A stored fit and its row id. */
    private record Stored(long id, PurchaseModel model) {}

    private final AtomicReference<Stored> current = new AtomicReference<>();

    public PurchaseModels(
            Pool pool,
            RiskStore store,
            PurchaseModelFits fits,
            RescoreSweeps sweeps,
            RiskConfig config,
            Clock clock,
            ChurnLearning learning,
            HistoryIntake historyIntake) {
        this.pool = pool;
        this.historyIntake = historyIntake;
        this.learning = learning;
        this.fits = fits;
        this.sweeps = sweeps;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** The model in use; empty until the first fit. */
    public Optional<PurchaseModel> current() {
        return Optional.ofNullable(current.get()).map(Stored::model);
    }

    /** Makes the newest stored fit the one in use, if another instance stored a newer one; answers the one in use. */
    public Uni<Optional<PurchaseModel>> refresh(SqlClient client) {
        return fits.newestId(client).chain(newest -> {
            Stored inUse = current.get();
            if (newest == null || (inUse != null && inUse.id() >= newest)) {
                return Uni.createFrom().item(current());
            }
            return fits.load(
                            client,
                            newest,
                            config.model().horizonWeeks(),
                            config.model().cadenceWeight())
                    .map(model -> {
                        use(new Stored(newest, model));
                        return current();
                    });
        });
    }

    /**
     * Fits the model once for history read since the one in use, unless another instance is fitting (then the caller
     * waits for that fit, which {@link #refresh} brings). Answers whether the model in use has seen {@code lastHistory}.
     */
    public Uni<Boolean> fitAfterHistory(Instant lastHistory) {
        return asTheOneFitting(
                false,
                model -> model.map(m -> m.fittedAt().isAfter(lastHistory)).orElse(false)
                        ? Uni.createFrom().item(true)
                        : fit().replaceWith(true).onFailure(NotEnoughData.class).recoverWithItem(failure -> {
                            LOG.debug(failure.getMessage());
                            return true;
                        }));
    }

    /**
     * Runs {@code then} with the newest fit of any instance if this instance is the only one fitting now (for as long as
     * {@code then} runs); answers {@code elsewhere} when another instance is.
     */
    private <T> Uni<T> asTheOneFitting(T elsewhere, Function<Optional<PurchaseModel>, Uni<T>> then) {
        return pool.withTransaction(connection -> fits.tryLockFitting(connection)
                .chain(fitting -> !fitting
                        ? Uni.createFrom().item(elsewhere)
                        : refresh(connection).chain(model -> then.apply(model))));
    }

    /** Keeps the newer of the fit in use and the one given (fits and reloads may finish in any order). */
    private void use(Stored stored) {
        current.accumulateAndGet(
                stored, (inUse, offered) -> inUse == null || offered.id() > inUse.id() ? offered : inUse);
    }

    /** Fits both models on every customer now, stores the fit, and uses it; fails when there are too few buyers. */
    public Uni<PurchaseModel> fit() {
        Instant now = clock.instant();
        long started = System.nanoTime();
        return store.purchaseHistories(pool, now)
                .chain(histories -> store.repeatSpend(pool)
                        // the optimiser takes seconds on a large base: off the event loop that serves the inbound
                        // batches
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(spend -> {
                            long customers = ModelFitter.observedCustomers(histories);
                            if (customers < config.model().minCustomers()) {
                                throw new NotEnoughData("the purchase model needs at least "
                                        + config.model().minCustomers()
                                        + " customers with a purchase; there are " + customers
                                        + " (a customer whose first purchase is today does not count yet)");
                            }
                            long repeatBuyers = spend.values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum();
                            // the two models side by side, each on a worker
                            CompletableFuture<GammaGammaFit> spending =
                                    repeatBuyers >= config.model().minRepeatBuyers()
                                            ? CompletableFuture.supplyAsync(
                                                    () -> ModelFitter.fitGammaGamma(spend),
                                                    Infrastructure.getDefaultWorkerPool())
                                            : CompletableFuture.completedFuture(null);
                            BgNbdFit purchases = ModelFitter.fitBgNbd(histories);
                            return new PurchaseModel(
                                    purchases,
                                    spending.join(),
                                    now,
                                    Duration.ofNanos(System.nanoTime() - started)
                                            .toMillis(),
                                    config.model().horizonWeeks(),
                                    config.model().cadenceWeight());
                        }))
                // stored with the start of every buyer's re-assessment: a fit is never left without it
                .call(model -> pool.withTransaction(connection -> fits.save(connection, model)
                                .call(() -> sweeps.start(
                                        connection, now, config.model().rescoreSpread())))
                        .invoke(id -> use(new Stored(id, model))))
                .invoke(model -> LOG.infof(
                        "fitted purchase model on %d customers: %s; every buyer re-assessed with it within %s",
                        model.purchases().customers(),
                        model.purchases().model(),
                        config.model().rescoreSpread()))
                // snapshots, outcomes and the score's validation follow each fit, without holding it up
                .invoke(model -> learning.afterFit(now));
    }

    /** The newest stored fit, read at start and then regularly. */
    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "${retention.risk.model.reload-every:1m}",
            delay = 0,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        return refresh(pool).replaceWithVoid();
    }

    /**
     * Refits when the newest fit is older than the refit interval (whichever instance gets there first; the others
     * skip). While history is being read the refit is put off, for at most the settle hold limit: the fit that follows
     * an import once it has settled ({@link #fitAfterHistory}) is the one worth its learning round, and a fit on half an
     * import would only slow the reading down.
     */
    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            every = "${retention.risk.model.refit-check:10m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refitWhenDue() {
        Instant now = clock.instant();
        // one instance at a time, judging by the newest fit of any instance: two pods at once would fit twice
        return asTheOneFitting(
                null,
                model -> model.isPresent()
                                && model.get()
                                        .fittedAt()
                                        .plus(config.model().refitEvery())
                                        .isAfter(now)
                        ? Uni.createFrom().voidItem()
                        : refitUnlessHistoryIsRead(now));
    }

    private Uni<Void> refitUnlessHistoryIsRead(Instant now) {
        return historyIntake.lastSeen().chain(lastHistory -> {
            if (!HistoryIntake.settled(lastHistory, now, config.settleAfter())) {
                Instant since = refitPutOffSince.updateAndGet(at -> at == null ? now : at);
                if (since.plus(config.settleHoldLimit()).isAfter(now)) {
                    LOG.info("refit put off: history is being read (an import)");
                    return Uni.createFrom().voidItem();
                }
            }
            refitPutOffSince.set(null);
            return fit().replaceWithVoid().onFailure(NotEnoughData.class).recoverWithItem(failure -> {
                LOG.debug(failure.getMessage());
                return null;
            });
        });
    }

    /** Too few customers to fit a model to. */
    public static class NotEnoughData extends RuntimeException {
        NotEnoughData(String message) {
            super(message);
        }
    }
}
