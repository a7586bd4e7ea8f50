package io.retention.engagement.followup;

import io.quarkus.scheduler.Scheduled;
import io.retention.engagement.config.EngagementConfig;
import io.retention.engagement.contact.Contact;
import io.retention.engagement.playbook.Planner;
import io.retention.engagement.playbook.PlaybookCatalog;
import io.retention.engagement.playbook.Trigger;
import io.retention.engagement.store.Contacts;
import io.retention.engagement.store.FollowUpStore;
import io.retention.kit.messaging.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The account-management cadence follows the customer's tier: once a snapshot that changed the tier or the stage has
 * held for {@code retention.engagement.cadence-settle}, the other tiers' open steps are cancelled and this tier's
 * cadence starts if none is open; a churned customer, or one without a tier, has none. Deciding on the settled
 * snapshot rather than on each one keeps the answer independent of how the registry's announcements interleave with
 * the signals they follow (a churned signal read before the at-risk snapshot the registry sent just before its churned
 * one would otherwise restart a cadence the churn had stopped).
 */
@ApplicationScoped
public class TierCadences {
    private static final Logger LOG = Logger.getLogger(TierCadences.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final Contacts contacts;
    private final FollowUpStore store;
    private final PlaybookCatalog catalog;
    private final Reactions reactions;
    private final OutboxRelay relay;
    private final EngagementConfig config;
    private final Clock clock;

    public TierCadences(
            Pool pool,
            Contacts contacts,
            FollowUpStore store,
            PlaybookCatalog catalog,
            Reactions reactions,
            OutboxRelay relay,
            EngagementConfig config,
            Clock clock) {
        this.pool = pool;
        this.contacts = contacts;
        this.store = store;
        this.catalog = catalog;
        this.reactions = reactions;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            identity = "tier-cadences",
            every = "${retention.engagement.cadence-check-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return decideSettled()
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("tier cadences wait for the next round: %s", failure.getMessage());
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Decides the cadence of every customer whose snapshot has settled by now; answers how many. */
    public Uni<Integer> decideSettled() {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> contacts.lockSettled(
                                connection, now.minus(config.cadenceSettle()), BATCH)
                        .chain(pending -> decide(connection, pending, now).replaceWith(pending.size())))
                .invoke(decided -> {
                    if (decided > 0) {
                        relay.wakeUp();
                    }
                })
                .chain(decided -> decided < BATCH
                        ? Uni.createFrom().item(decided)
                        : decideSettled().map(more -> decided + more));
    }

    private Uni<Void> decide(SqlConnection connection, List<Contacts.PendingCadence> pending, Instant now) {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Contacts.PendingCadence cadence : pending) {
            chain = chain.chain(() -> follow(connection, cadence.contact(), cadence.since(), now));
        }
        return chain.chain(() -> contacts.cadenceDecided(
                connection,
                pending.stream().map(cadence -> cadence.contact().customerId()).toList()));
    }

    /** The cadence of the customer's tier, anchored when the snapshot that called for it came. */
    private Uni<Void> follow(SqlConnection connection, Contact contact, Instant since, Instant now) {
        String customer = contact.customerId();
        List<String> tierPlaybooks = catalog.namesFor(Trigger.Event.TIER);
        if (contact.tier() == null || "CHURNED".equals(contact.stage())) {
            return store.cancel(connection, customer, tierPlaybooks, null, null, now)
                    .replaceWithVoid();
        }
        return store.cancel(connection, customer, tierPlaybooks, null, contact.tier(), now)
                .chain(() -> reactions.start(
                        connection,
                        Trigger.Event.TIER,
                        contact.tier(),
                        new Planner.Start(customer, contact.tier(), since, null, contact.owner(), Map.of()),
                        FollowUpStore.Once.WHILE_OPEN,
                        null,
                        now));
    }
}
