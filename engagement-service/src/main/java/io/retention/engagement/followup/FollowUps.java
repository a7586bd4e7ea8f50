package io.retention.engagement.followup;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.FollowUpCompleted;
import io.retention.contract.events.FollowUpScheduled;
import io.retention.contract.events.RiskRaised;
import io.retention.contract.events.RiskReason;
import io.retention.engagement.playbook.AtRiskPlaybooks;
import io.retention.engagement.playbook.Playbook;
import io.retention.engagement.playbook.Step;
import io.retention.engagement.store.FollowUp;
import io.retention.kit.messaging.OutboxRelay;
import io.retention.kit.rest.ProblemException;
import io.retention.kit.store.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** Schedules playbook steps as follow-ups when signals arrive, cancels them when risk passes, and completes them. */
@ApplicationScoped
public class FollowUps {
    static final String SOURCE = "/engagement-service";

    private final Mutiny.SessionFactory sessions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final AtRiskPlaybooks playbooks;

    public FollowUps(Mutiny.SessionFactory sessions, Outbox outbox, OutboxRelay relay, Clock clock, AtRiskPlaybooks playbooks) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.playbooks = playbooks;
    }

    /** Applies a signal or registry event inside the transaction that records it as processed. */
    public Uni<Void> apply(Mutiny.Session session, CloudEvent event) {
        return switch (event.type()) {
            case RISK_RAISED -> scheduleAtRisk(session, event.subject(), event.dataAs(RiskRaised.class));
            case RISK_CLEARED, CUSTOMER_CHURNED -> cancelAtRisk(session, event.subject());
            case CUSTOMER_ERASED -> session.createMutationQuery("delete from FollowUp where customerId = :customer")
                    .setParameter("customer", event.subject()).executeUpdate().replaceWithVoid();
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> scheduleAtRisk(Mutiny.Session session, String customerId, RiskRaised raised) {
        Instant now = clock.instant();
        return session.createSelectionQuery("from FollowUp where customerId = :customer and status = :open", FollowUp.class)
                .setParameter("customer", customerId)
                .setParameter("open", FollowUp.Status.OPEN)
                .getResultList()
                .chain(open -> {
                    Set<String> openSteps = new HashSet<>();
                    open.forEach(f -> openSteps.add(f.playbook + "/" + f.step));
                    List<FollowUp> scheduled = new ArrayList<>();
                    for (RiskReason reason : raised.reasons()) {
                        Playbook playbook = playbooks.forReason(reason.code()).orElse(null);
                        if (playbook == null) {
                            continue;
                        }
                        for (Step step : playbook.steps()) {
                            if (openSteps.add(playbook.name() + "/" + step.name())) {
                                scheduled.add(newFollowUp(customerId, playbook, step, reason.code().name(), now));
                            }
                        }
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (FollowUp followUp : scheduled) {
                        chain = chain.chain(() -> session.persist(followUp))
                                .chain(() -> outbox.add(session, CloudEvent.create(SOURCE, EventType.FOLLOWUP_SCHEDULED, customerId, now,
                                        new FollowUpScheduled(followUp.id.toString(), followUp.playbook, followUp.step,
                                                followUp.channel, followUp.owner, followUp.dueAt, followUp.reason))));
                    }
                    return chain;
                });
    }

    private static FollowUp newFollowUp(String customerId, Playbook playbook, Step step, String reason, Instant now) {
        FollowUp followUp = new FollowUp();
        followUp.id = UUID.randomUUID();
        followUp.customerId = customerId;
        followUp.playbook = playbook.name();
        followUp.step = step.name();
        followUp.channel = step.channel().name();
        followUp.owner = step.owner();
        followUp.reason = reason;
        followUp.dueAt = now.plus(step.offset());
        followUp.status = FollowUp.Status.OPEN;
        followUp.createdAt = now;
        return followUp;
    }

    private Uni<Void> cancelAtRisk(Mutiny.Session session, String customerId) {
        return session.createMutationQuery("update FollowUp set status = :cancelled, completedAt = :now "
                        + "where customerId = :customer and status = :open and playbook like :atRisk")
                .setParameter("cancelled", FollowUp.Status.CANCELLED)
                .setParameter("now", clock.instant())
                .setParameter("customer", customerId)
                .setParameter("open", FollowUp.Status.OPEN)
                .setParameter("atRisk", AtRiskPlaybooks.PLAYBOOK_PREFIX + "%")
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Marks an open follow-up done with its outcome. */
    public Uni<FollowUp> complete(UUID id, String outcome) {
        Instant now = clock.instant();
        return sessions.withTransaction(session -> openFollowUp(session, id)
                        .chain(followUp -> {
                            followUp.status = FollowUp.Status.DONE;
                            followUp.outcome = outcome;
                            followUp.completedAt = now;
                            return outbox.add(session, CloudEvent.create(SOURCE, EventType.FOLLOWUP_COMPLETED, followUp.customerId, now,
                                    new FollowUpCompleted(followUp.id.toString(), outcome, followUp.playbook, followUp.step)))
                                    .replaceWith(followUp);
                        }))
                .invoke(relay::wakeUp);
    }

    /** Moves an open follow-up's due time to later. */
    public Uni<FollowUp> snooze(UUID id, Instant until) {
        if (!until.isAfter(clock.instant())) {
            return Uni.createFrom().failure(ProblemException.badRequest("snooze until " + until + " is not in the future"));
        }
        return sessions.withTransaction(session -> openFollowUp(session, id).invoke(followUp -> followUp.dueAt = until));
    }

    private static Uni<FollowUp> openFollowUp(Mutiny.Session session, UUID id) {
        return session.find(FollowUp.class, id, LockMode.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no follow-up has id " + id))
                .invoke(followUp -> {
                    if (followUp.status != FollowUp.Status.OPEN) {
                        throw ProblemException.conflict("follow-up " + id + " is " + followUp.status + ", not OPEN");
                    }
                });
    }
}
