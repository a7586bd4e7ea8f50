package io.retention.engagement.followup;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.FollowUpCompleted;
import io.retention.engagement.playbook.Step;
import io.retention.engagement.store.FollowUp;
import io.retention.engagement.store.FollowUpStore;
import io.retention.kit.auth.Caller;
import io.retention.kit.messaging.EventSource;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.store.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What people do with the follow-ups in their queue: complete with an outcome, snooze, hand to someone else. */
@ApplicationScoped
public class WorkQueue {
    private final EventSource source;
    private final Pool pool;
    private final FollowUpStore store;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;

    public WorkQueue(
            Pool pool, FollowUpStore store, Outbox outbox, OutboxRelay relay, Clock clock, EventSource source) {
        this.source = source;
        this.pool = pool;
        this.store = store;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    /**
     * Marks an open follow-up done with its outcome, and announces it. Here and below, a caller scoped to an owner
     * (see {@link Caller#writesFor}) works only the follow-ups in that owner's queue.
     */
    public Uni<FollowUp> complete(UUID id, String outcome, Optional<String> scope) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> openFollowUp(connection, id, scope)
                        .chain(() -> store.complete(connection, id, outcome, now))
                        .call(done -> outbox.addAll(
                                connection,
                                List.of(CloudEvent.create(
                                        source.uri(),
                                        EventType.FOLLOWUP_COMPLETED,
                                        done.customerId(),
                                        now,
                                        new FollowUpCompleted(
                                                done.id().toString(), outcome, done.playbook(), done.step()))))))
                .invoke(relay::wakeUp);
    }

    /** Moves an open follow-up's due time to later; a message not yet sent goes out then. */
    public Uni<FollowUp> snooze(UUID id, Instant until, Optional<String> scope) {
        if (!until.isAfter(clock.instant())) {
            return Uni.createFrom()
                    .failure(ProblemException.badRequest("snooze until " + until + " is not in the future"));
        }
        return pool.withTransaction(
                connection -> openFollowUp(connection, id, scope).chain(() -> store.snooze(connection, id, until)));
    }

    /** Hands an open follow-up to another owner's queue. */
    public Uni<FollowUp> reassign(UUID id, String owner, Optional<String> scope) {
        return pool.withTransaction(connection -> openFollowUp(connection, id, scope)
                .invoke(followUp -> {
                    if (Step.PLATFORM.equals(followUp.owner())) {
                        throw ProblemException.conflict("follow-up " + id
                                + " is a message the platform sends; it has no one to reassign it from");
                    }
                })
                .chain(() -> store.reassign(connection, id, owner)));
    }

    private static ProblemException unknown(UUID id) {
        return ProblemException.notFound("no follow-up has id " + id);
    }

    private Uni<FollowUp> openFollowUp(SqlConnection connection, UUID id, Optional<String> scope) {
        return store.lock(connection, id)
                .onItem()
                .ifNull()
                .failWith(() -> unknown(id))
                .invoke(followUp -> {
                    Caller.requireOwner(scope, followUp.owner(), () -> unknown(id));
                    if (followUp.status() != FollowUp.Status.OPEN) {
                        throw ProblemException.conflict("follow-up " + id + " is " + followUp.status() + ", not OPEN");
                    }
                });
    }
}
