package io.retention.engagement.followup;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.MessageSent;
import io.retention.engagement.config.EngagementConfig;
import io.retention.engagement.contact.Contact;
import io.retention.engagement.delivery.Deliveries;
import io.retention.engagement.delivery.OutgoingMessage;
import io.retention.engagement.playbook.PlannedStep;
import io.retention.engagement.playbook.Planner;
import io.retention.engagement.playbook.PlaybookCatalog;
import io.retention.engagement.policy.CommunicationPolicy;
import io.retention.engagement.store.Contacts;
import io.retention.engagement.store.FollowUpStore;
import io.retention.engagement.store.FollowUpStore.Due;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.store.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Fires follow-ups when they fall due, from PostgreSQL, so a restart loses none and a second instance doubles none.
 * <p>
 * A round claims due rows with {@code FOR UPDATE SKIP LOCKED} and, in the same transaction, decides each: a task fires
 * (it is in its owner's queue; a recurring one gets its next occurrence), a message is checked against the
 * communication policy and is then claimed for sending ({@code SENDING}), postponed, or skipped. The customers'
 * contact rows are locked meanwhile, so two instances count one customer's messages against the cap one after the
 * other. After that commit the claimed messages are sent, and a second transaction records each as {@code SENT}
 * (emitting {@code retention.message.sent}) or schedules a retry.
 * <p>
 * A crash between sending and recording leaves the row {@code SENDING}; once its lease has passed, a later round sends
 * it again with the same message id ({@code Message-ID}, {@code Idempotency-Key}): delivery is at least once, and
 * receivers drop the repeat by that id. Nothing is recorded as sent that was not.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private final EventSource source;
    private final Pool pool;
    private final Contacts contacts;
    private final FollowUpStore store;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final PlaybookCatalog catalog;
    private final CommunicationPolicy policy;
    private final Deliveries deliveries;
    private final Clock clock;
    private final EngagementConfig.Dispatch config;
    private final MeterRegistry meters;

    public Dispatcher(
            Pool pool,
            Contacts contacts,
            FollowUpStore store,
            Outbox outbox,
            OutboxRelay relay,
            PlaybookCatalog catalog,
            CommunicationPolicy policy,
            Deliveries deliveries,
            Clock clock,
            EngagementConfig config,
            MeterRegistry meters,
            EventSource source) {
        this.source = source;
        this.pool = pool;
        this.contacts = contacts;
        this.store = store;
        this.outbox = outbox;
        this.relay = relay;
        this.catalog = catalog;
        this.policy = policy;
        this.deliveries = deliveries;
        this.clock = clock;
        this.config = config.dispatch();
        this.meters = meters;
    }

    /** A follow-up row the dispatcher works on. */
    /** A message claimed for sending, with where it goes. */
    public record Sending(Due row, Contact contact) {}

    /** What a round claimed: the rows it decided and the messages it must now send. */
    public record Claim(int rows, List<Sending> sending) {}

    /** How one send went. */
    public record Outcome(Sending sending, String error) {}

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            identity = "follow-up-dispatch",
            every = "${retention.engagement.dispatch.every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return fireDue()
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(failure, "a dispatch round failed; its rows stay due for the next one");
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Fires what is due, round after round while rounds come back full; answers how many rows were handled. */
    public Uni<Integer> fireDue() {
        return Uni.createFrom()
                .deferred(this::round)
                .repeat()
                .whilst(handled -> handled == config.batchSize())
                .collect()
                .with(Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> round() {
        return claim(clock.instant())
                .chain(claim -> deliver(claim.sending())
                        .chain(outcomes -> record(outcomes, clock.instant()))
                        .replaceWith(claim.rows()));
    }

    /** The first transaction: claims and decides due rows, and the messages of senders that crashed. */
    public Uni<Claim> claim(Instant now) {
        return pool.withTransaction(connection -> store.lockStaleSends(
                                connection, now.minus(config.lease()), config.batchSize())
                        .chain(stale -> store.lockDue(connection, now, config.batchSize() - stale.size())
                                .chain(due -> decide(connection, stale, due, now))))
                .invoke(relay::wakeUp);
    }

    private Uni<Claim> decide(SqlConnection connection, List<Due> stale, List<Due> due, Instant now) {
        Set<String> messaged = new LinkedHashSet<>();
        stale.forEach(row -> messaged.add(row.customerId()));
        due.stream().filter(Due::isMessage).forEach(row -> messaged.add(row.customerId()));
        List<String> customers = messaged.stream().sorted().toList();
        return contacts.load(connection, customers, true)
                .chain(found -> store.sendsSince(connection, customers, now.minus(policy.capWindow()))
                        .chain(recent -> {
                            Decisions decisions = new Decisions();
                            for (Due row : stale) {
                                // a send whose sender crashed goes again as it was decided, with the same message id
                                decisions.sending.add(new Sending(row, found.get(row.customerId())));
                            }
                            for (Due row : due) {
                                if (!row.isMessage()) {
                                    decisions.firedTasks.add(row.id());
                                    nextOccurrence(row).ifPresent(decisions.next::add);
                                    continue;
                                }
                                Contact contact = found.get(row.customerId());
                                List<Instant> sends = recent.computeIfAbsent(row.customerId(), id -> new ArrayList<>());
                                CommunicationPolicy.Decision decision = policy.decide(
                                        row.planned().channel(), row.planned().purpose(), contact, sends, now);
                                if (decision instanceof CommunicationPolicy.Decision.Postpone postpone) {
                                    decisions.postponed.add(new FollowUpStore.Postponement(
                                            row.id(), postpone.until(), truncate(postpone.reason())));
                                    continue;
                                }
                                if (decision instanceof CommunicationPolicy.Decision.Skip skip) {
                                    decisions.skipped.add(
                                            new FollowUpStore.Settlement(row.id(), truncate(skip.reason())));
                                } else {
                                    sends.add(now);
                                    decisions.sending.add(new Sending(row, contact));
                                }
                                nextOccurrence(row).ifPresent(decisions.next::add);
                            }
                            count("task", "fired", decisions.firedTasks.size());
                            count("message", "postponed", decisions.postponed.size());
                            count("message", "skipped", decisions.skipped.size());
                            return decisions
                                    .write(store, connection, now)
                                    .chain(() -> store.schedule(connection, decisions.next, null, null, now))
                                    .chain(scheduled -> outbox.addAll(
                                            connection, Reactions.announcements(source.uri(), scheduled, now)))
                                    .replaceWith(new Claim(stale.size() + due.size(), List.copyOf(decisions.sending)));
                        }));
    }

    /** The decisions of one round, written together. */
    private static final class Decisions {
        final List<UUID> firedTasks = new ArrayList<>();
        final List<Sending> sending = new ArrayList<>();
        final List<FollowUpStore.Postponement> postponed = new ArrayList<>();
        final List<FollowUpStore.Settlement> skipped = new ArrayList<>();
        final List<PlannedStep> next = new ArrayList<>();

        Uni<Void> write(FollowUpStore store, SqlConnection connection, Instant now) {
            return store.markFired(connection, firedTasks, now)
                    .chain(() -> store.markSending(
                            connection, sending.stream().map(s -> s.row().id()).toList(), now))
                    .chain(() -> store.postpone(connection, postponed))
                    .chain(() -> store.skip(connection, skipped, now));
        }
    }

    /** Sends the claimed messages, several at a time; a failure is an outcome, not an error of the round. */
    public Uni<List<Outcome>> deliver(List<Sending> sending) {
        if (sending.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom()
                .iterable(sending)
                .onItem()
                .transformToUni(s -> Uni.createFrom()
                        .deferred(() -> send(s))
                        .replaceWith(new Outcome(s, null))
                        .onFailure()
                        .recoverWithItem(failure -> new Outcome(s, String.valueOf(failure.getMessage()))))
                .merge(config.concurrency())
                .collect()
                .asList();
    }

    private Uni<Void> send(Sending sending) {
        Due row = sending.row();
        Contact contact = sending.contact();
        if (contact == null) {
            return Uni.createFrom().failure(new IllegalStateException("the customer's profile is not known"));
        }
        Map<String, String> values = new HashMap<>(row.planned().params());
        values.put("name", contact.name() == null || contact.name().isBlank() ? "there" : contact.name());
        var message = catalog.template(row.planned().template()).render(values);
        String to = switch (row.planned().channel()) {
            case EMAIL -> contact.email();
            case SMS -> contact.phone();
            default -> null;
        };
        return deliveries.send(new OutgoingMessage(
                row.id().toString(),
                row.customerId(),
                row.planned().channel(),
                row.planned().template(),
                to,
                message.subject(),
                message.body()));
    }

    /** The second transaction: records what was sent (and announces it), and retries or gives up what failed. */
    public Uni<Void> record(List<Outcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> sent = outcomes.stream()
                .filter(o -> o.error() == null)
                .map(o -> o.sending().row().id())
                .toList();
        List<FollowUpStore.Postponement> retries = new ArrayList<>();
        List<FollowUpStore.Settlement> failed = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.error() == null) {
                continue;
            }
            Due row = outcome.sending().row();
            int attempt = row.attempts() + 1;
            LOG.warnf(
                    "delivery of follow-up %s (%s) failed, attempt %d: %s",
                    row.id(), row.planned().channel(), attempt, outcome.error());
            if (attempt >= config.attempts()) {
                failed.add(new FollowUpStore.Settlement(row.id(), truncate(outcome.error())));
            } else {
                Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
                retries.add(new FollowUpStore.Postponement(row.id(), now.plus(wait), truncate(outcome.error())));
            }
        }
        count("message", "sent", sent.size());
        count("message", "retried", retries.size());
        count("message", "failed", failed.size());
        return pool.withTransaction(connection -> store.markSent(connection, sent, now)
                        .chain(messages -> outbox.addAll(
                                connection,
                                messages.stream()
                                        .map(message -> CloudEvent.create(
                                                source.uri(),
                                                EventType.MESSAGE_SENT,
                                                message.customerId(),
                                                now,
                                                new MessageSent(
                                                        message.channel(),
                                                        message.template(),
                                                        message.id().toString())))
                                        .toList()))
                        .chain(() -> store.retry(connection, retries))
                        .chain(() -> store.fail(connection, failed, now)))
                .invoke(relay::wakeUp);
    }

    private Optional<PlannedStep> nextOccurrence(Due row) {
        return catalog.byName(row.planned().playbook())
                .flatMap(playbook -> playbook.step(row.planned().step()))
                .filter(step -> step.every() != null)
                .map(step -> Planner.next(row.planned(), step));
    }

    private void count(String kind, String outcome, int amount) {
        if (amount > 0) {
            meters.counter("retention.followups.fired", "kind", kind, "outcome", outcome)
                    .increment(amount);
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }
}
