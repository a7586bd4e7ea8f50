package io.retention.winback.lost;

import io.quarkus.scheduler.Scheduled;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.OfferIssued;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.store.Outbox;
import io.retention.winback.config.WinbackConfig;
import io.retention.winback.experiment.Holdout;
import io.retention.winback.experiment.ThompsonSampling;
import io.retention.winback.offers.OfferCodes;
import io.retention.winback.offers.OfferRouting;
import io.retention.winback.offers.OfferTemplate;
import io.retention.winback.store.LostCustomerStore;
import io.retention.winback.store.Offers;
import io.retention.winback.store.Templates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Approaches the waiting lost customers, highest priority first, within the day's budget of offers: each is held out
 * (no offer, to measure against) or gets an offer of a template routed by their churn reason and chosen among the
 * eligible ones by Thompson sampling on the redemptions seen so far. Customers beyond the budget wait for the next day.
 * One transaction per round with the candidates locked ({@code SKIP LOCKED}): instances share the queue.
 */
@ApplicationScoped
public class Approach {
    private static final Logger LOG = Logger.getLogger(Approach.class);
    public static final String HOLDOUT = "holdout";

    private final EventSource source;
    private final Pool pool;
    private final Templates templates;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final WinbackConfig config;
    private final Holdout holdout;
    private final ThompsonSampling sampling;
    private final OfferCodes codes;
    private final LostCustomerStore queue;
    private final Offers offers;

    public Approach(
            Pool pool,
            LostCustomerStore queue,
            Offers offers,
            Templates templates,
            Outbox outbox,
            OutboxRelay relay,
            Clock clock,
            WinbackConfig config,
            Holdout holdout,
            ThompsonSampling sampling,
            OfferCodes codes,
            EventSource source) {
        this.source = source;
        this.pool = pool;
        this.queue = queue;
        this.offers = offers;
        this.templates = templates;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.config = config;
        this.holdout = holdout;
        this.sampling = sampling;
        this.codes = codes;
    }

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            identity = "winback-approach",
            every = "${retention.winback.round-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return round().onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(failure, "a win-back round failed; the customers wait for the next one");
                    return 0;
                })
                .replaceWithVoid();
    }

    /** One round; answers how many offers it issued. */
    public Uni<Integer> round() {
        Instant now = clock.instant();
        Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
        return pool.withTransaction(connection -> queueSettled(connection, now)
                        .chain(settled -> !settled
                                ? Uni.createFrom().item(0)
                                : offers.issuedSince(connection, dayStart).chain(issued -> {
                                    int left = config.dailyBudget() - issued.intValue();
                                    return left <= 0 ? Uni.createFrom().item(0) : approach(connection, left, now);
                                })))
                .invoke(issued -> {
                    if (issued > 0) {
                        relay.wakeUp();
                    }
                });
    }

    /**
     * Whether the queue is still: no customer joined it within the settle period, or the oldest waiting one joined
     * before the settle limit. Whether the rest of a burst has arrived decides nothing then.
     */
    private Uni<Boolean> queueSettled(SqlConnection connection, Instant now) {
        if (config.queueSettle().isZero()) {
            return Uni.createFrom().item(true);
        }
        return queue.waitingSpan(connection)
                .map(span -> span.newest() == null
                        || !span.newest().isAfter(now.minus(config.queueSettle()))
                        || !span.oldest().isAfter(now.minus(config.queueSettleLimit())));
    }

    private Uni<Integer> approach(SqlConnection connection, int budget, Instant now) {
        // held-out customers take no budget: look a little further down the queue for them
        int look = (int) Math.ceil(budget / (1 - config.holdoutShare())) + 10;
        return queue.lockWaiting(connection, look).chain(candidates -> {
            if (candidates.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return templates
                    .all(connection, true)
                    .chain(active -> offers.armResults(connection).chain(results -> {
                        AtomicInteger issued = new AtomicInteger();
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (LostCustomerStore.Candidate candidate : candidates) {
                            boolean heldOut = holdout.isHeldOut(candidate.customerId());
                            chain = chain.chain(() -> heldOut
                                    ? holdOut(connection, candidate, now)
                                    : issued.get() >= budget
                                            ? Uni.createFrom().voidItem()
                                            : offer(connection, candidate, active, results, now, issued));
                        }
                        return chain.replaceWith(issued::get);
                    }));
        });
    }

    /** The customer gets no offer, and counts against the arms when the window closes. */
    private Uni<Void> holdOut(SqlConnection connection, LostCustomerStore.Candidate candidate, Instant now) {
        return queue.heldOut(connection, candidate.id(), HOLDOUT, now, now.plus(config.window()));
    }

    private Uni<Void> offer(
            SqlConnection connection,
            LostCustomerStore.Candidate candidate,
            List<OfferTemplate> active,
            Map<String, Offers.ArmResult> results,
            Instant now,
            AtomicInteger issued) {
        Instant windowEnd = now.plus(config.window());
        List<OfferTemplate> arms = OfferRouting.arms(active, candidate.reason(), candidate.lifetimeValue());
        if (arms.isEmpty()) {
            LOG.warnf(
                    "no active offer template fits %s (lost over %s); nothing offered",
                    candidate.customerId(), candidate.reason());
            return queue.noOffer(connection, candidate.id(), now);
        }
        String chosen = sampling.choose(arms.stream()
                .map(t -> {
                    Offers.ArmResult result = results.get(candidate.reason() + "/" + t.id());
                    return result == null
                            ? new ThompsonSampling.Arm(t.id(), 0, 0)
                            : new ThompsonSampling.Arm(t.id(), result.redeemed(), result.expired());
                })
                .toList());
        OfferTemplate template =
                arms.stream().filter(t -> t.id().equals(chosen)).findFirst().orElseThrow();
        String code = codes.next();
        Instant validUntil = now.plus(Duration.ofDays(template.validityDays()));
        Instant attributionEnd = validUntil.isAfter(windowEnd) ? validUntil : windowEnd;
        issued.incrementAndGet();
        return offers.issue(
                        connection,
                        code,
                        candidate.customerId(),
                        template.kind(),
                        template.discountPercent(),
                        template.id(),
                        candidate.reason(),
                        now,
                        validUntil)
                .chain(() -> queue.offered(connection, candidate.id(), template.id(), code, now, attributionEnd))
                .chain(() -> outbox.addAll(
                        connection,
                        List.of(CloudEvent.create(
                                source.uri(),
                                EventType.OFFER_ISSUED,
                                candidate.customerId(),
                                now,
                                new OfferIssued(
                                        code,
                                        template.kind(),
                                        template.discountPercent(),
                                        validUntil,
                                        template.id(),
                                        candidate.reason().name())))));
    }
}
