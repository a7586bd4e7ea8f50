package io.retention.winback.lost;

import io.quarkus.scheduler.Scheduled;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.ChurnReason;
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
import io.retention.winback.offers.Templates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

    public Approach(
            Pool pool,
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
        this.templates = templates;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.config = config;
        this.holdout = holdout;
        this.sampling = sampling;
        this.codes = codes;
    }

    /** A waiting lost customer. */
    record Candidate(long id, String customerId, ChurnReason reason, BigDecimal lifetimeValue) {}

    @Scheduled(
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
                                : connection
                                        .preparedQuery("select count(*) as issued from offer where issued_at >= $1")
                                        .execute(Tuple.of(dayStart.atOffset(ZoneOffset.UTC)))
                                        .chain(rows -> {
                                            int left = config.dailyBudget()
                                                    - rows.iterator()
                                                            .next()
                                                            .getLong("issued")
                                                            .intValue();
                                            return left <= 0
                                                    ? Uni.createFrom().item(0)
                                                    : approach(connection, left, now);
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
        return connection
                .preparedQuery("select max(churned_at) as newest, min(churned_at) as oldest from lost_customer "
                        + "where status = 'WAITING'")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getOffsetDateTime("newest") == null) {
                        return true;
                    }
                    return !row.getOffsetDateTime("newest").toInstant().isAfter(now.minus(config.queueSettle()))
                            || !row.getOffsetDateTime("oldest")
                                    .toInstant()
                                    .isAfter(now.minus(config.queueSettleLimit()));
                });
    }

    private Uni<Integer> approach(SqlConnection connection, int budget, Instant now) {
        // held-out customers take no budget: look a little further down the queue for them
        int look = (int) Math.ceil(budget / (1 - config.holdoutShare())) + 10;
        return connection
                .preparedQuery(
                        "select id, customer_id, churn_reason, lifetime_value from lost_customer "
                                + "where status = 'WAITING' order by priority desc, churned_at, id limit $1 for update skip locked")
                .execute(Tuple.of(look))
                .chain(rows -> {
                    List<Candidate> candidates = new ArrayList<>();
                    for (Row row : rows) {
                        candidates.add(new Candidate(
                                row.getLong("id"),
                                row.getString("customer_id"),
                                ChurnReason.valueOf(row.getString("churn_reason")),
                                row.getBigDecimal("lifetime_value")));
                    }
                    if (candidates.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return templates
                            .all(connection, true)
                            .chain(active -> armResults(connection).chain(results -> {
                                AtomicInteger issued = new AtomicInteger();
                                Uni<Void> chain = Uni.createFrom().voidItem();
                                for (Candidate candidate : candidates) {
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
    private Uni<Void> holdOut(SqlConnection connection, Candidate candidate, Instant now) {
        return connection
                .preparedQuery("update lost_customer set status = 'HOLDOUT', arm = $2, decided_at = $3, "
                        + "window_until = $4 where id = $1")
                .execute(Tuple.of(
                        candidate.id(),
                        HOLDOUT,
                        now.atOffset(ZoneOffset.UTC),
                        now.plus(config.window()).atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private Uni<Void> offer(
            SqlConnection connection,
            Candidate candidate,
            List<OfferTemplate> active,
            Map<String, ThompsonSampling.Arm> results,
            Instant now,
            AtomicInteger issued) {
        Instant windowEnd = now.plus(config.window());
        List<OfferTemplate> arms = OfferRouting.arms(active, candidate.reason(), candidate.lifetimeValue());
        if (arms.isEmpty()) {
            LOG.warnf(
                    "no active offer template fits %s (lost over %s); nothing offered",
                    candidate.customerId(), candidate.reason());
            return connection
                    .preparedQuery("update lost_customer set status = 'NO_OFFER', decided_at = $2 where id = $1")
                    .execute(Tuple.of(candidate.id(), now.atOffset(ZoneOffset.UTC)))
                    .replaceWithVoid();
        }
        String chosen = sampling.choose(arms.stream()
                .map(t ->
                        results.getOrDefault(candidate.reason() + "/" + t.id(), new ThompsonSampling.Arm(t.id(), 0, 0)))
                .toList());
        OfferTemplate template =
                arms.stream().filter(t -> t.id().equals(chosen)).findFirst().orElseThrow();
        String code = codes.next();
        Instant validUntil = now.plus(Duration.ofDays(template.validityDays()));
        Instant attributionEnd = validUntil.isAfter(windowEnd) ? validUntil : windowEnd;
        issued.incrementAndGet();
        return connection
                .preparedQuery("""
                        insert into offer (code, customer_id, kind, discount_percent, arm, churn_reason, status, issued_at,
                                           valid_until, template_id)
                        values ($1, $2, $3, $4, $5, $6, 'ISSUED', $7, $8, $5)""")
                .execute(Tuple.tuple(Arrays.asList(
                        code,
                        candidate.customerId(),
                        template.kind().name(),
                        template.discountPercent(),
                        template.id(),
                        candidate.reason().name(),
                        now.atOffset(ZoneOffset.UTC),
                        validUntil.atOffset(ZoneOffset.UTC))))
                .chain(() -> connection
                        .preparedQuery("update lost_customer set status = 'OFFERED', arm = $2, offer_code = $3, "
                                + "decided_at = $4, window_until = $5 where id = $1")
                        .execute(Tuple.of(
                                candidate.id(),
                                template.id(),
                                code,
                                now.atOffset(ZoneOffset.UTC),
                                attributionEnd.atOffset(ZoneOffset.UTC))))
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

    /** Redeemed and expired-unredeemed offers per reason and arm: what Thompson sampling learns from. */
    private static Uni<Map<String, ThompsonSampling.Arm>> armResults(SqlConnection connection) {
        return connection
                .query("select churn_reason, arm, count(*) filter (where status = 'REDEEMED') as redeemed, "
                        + "count(*) filter (where status = 'EXPIRED') as expired from offer group by churn_reason, arm")
                .execute()
                .map(rows -> {
                    Map<String, ThompsonSampling.Arm> results = new HashMap<>();
                    for (Row row : rows) {
                        results.put(
                                row.getString("churn_reason") + "/" + row.getString("arm"),
                                new ThompsonSampling.Arm(
                                        row.getString("arm"), row.getLong("redeemed"), row.getLong("expired")));
                    }
                    return results;
                });
    }
}
