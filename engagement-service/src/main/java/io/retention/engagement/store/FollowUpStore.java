package io.retention.engagement.store;

import io.retention.engagement.playbook.PlannedStep;
import io.retention.engagement.playbook.Step;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Follow-ups as rows: scheduling in batches without duplicates, cancelling, erasing. Reactive SQL client. */
@ApplicationScoped
public class FollowUpStore {

    /** When a playbook may start again for a customer. */
    public enum Once {
        /** While none of its steps is open (at-risk episodes, tier cadences). */
        WHILE_OPEN,
        /** Never again once started (onboarding, the delivery of one offer). */
        EVER
    }

    private static final String INSERT = """
            insert into follow_up (id, customer_id, playbook, step, trigger_ref, occurrence, channel, owner, reason,
                                   template, purpose, params, due_at, planned_at, status, created_at)
            select u.id, u.customer_id, u.playbook, u.step, u.trigger_ref, u.occurrence, u.channel, u.owner, u.reason,
                   u.template, u.purpose, u.params::jsonb, u.due_at, u.due_at, 'OPEN', $14
            from unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::int[], $7::varchar[],
                        $8::varchar[], $9::varchar[], $10::varchar[], $11::varchar[], $12::text[], $13::timestamptz[])
                 as u(id, customer_id, playbook, step, trigger_ref, occurrence, channel, owner, reason, template, purpose,
                      params, due_at)
            where $15::boolean or not exists (select 1 from follow_up f where f.customer_id = u.customer_id
                                               and f.playbook = u.playbook and f.trigger_ref = u.trigger_ref
                                               and (f.status = 'OPEN' or $16::boolean))
            on conflict (customer_id, playbook, step, trigger_ref, occurrence) where status = 'OPEN' do nothing
            returning id""";

    /** A step that was scheduled, with the id its row got. */
    public record Scheduled(UUID id, PlannedStep step) {
    }

    /**
     * Schedules the steps that are not open already for the same customer, playbook, step, trigger and occurrence.
     *
     * @param once  when the steps' playbook may start again; null to check only each step's own open duplicate
     *              (the next occurrence of a recurring step)
     * @param reason the risk reason the steps answer, if any
     */
    public Uni<List<Scheduled>> schedule(SqlConnection connection, List<PlannedStep> steps, Once once, String reason, Instant now) {
        if (steps.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = steps.size();
        UUID[] ids = new UUID[n];
        String[] customers = new String[n], playbooks = new String[n], names = new String[n], refs = new String[n],
                channels = new String[n], owners = new String[n], reasons = new String[n], templates = new String[n],
                purposes = new String[n], params = new String[n];
        Integer[] occurrences = new Integer[n];
        OffsetDateTime[] due = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            PlannedStep step = steps.get(i);
            ids[i] = UUID.randomUUID();
            customers[i] = step.customerId();
            playbooks[i] = step.playbook();
            names[i] = step.step();
            refs[i] = step.triggerRef();
            occurrences[i] = step.occurrence();
            channels[i] = step.channel().name();
            owners[i] = step.owner();
            reasons[i] = reason;
            templates[i] = step.template();
            purposes[i] = step.purpose();
            params[i] = new JsonObject(Map.copyOf(step.params())).encode();
            due[i] = utc(step.dueAt());
        }
        Tuple arguments = Tuple.tuple(List.of(ids, customers, playbooks, names, refs, occurrences, channels, owners, reasons,
                templates, purposes, params, due, utc(now), once == null, once == Once.EVER));
        return connection.preparedQuery(INSERT).execute(arguments).map(rows -> {
            Set<UUID> inserted = new HashSet<>();
            for (Row row : rows) {
                inserted.add(row.getUUID(0));
            }
            List<Scheduled> scheduled = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (inserted.contains(ids[i])) {
                    scheduled.add(new Scheduled(ids[i], steps.get(i)));
                }
            }
            return scheduled;
        });
    }

    /** Cancels a customer's open steps of the named playbooks; of all triggers, or only of one, or of all but one. */
    public Uni<Integer> cancel(SqlConnection connection, String customerId, List<String> playbooks, String onlyTriggerRef,
                               String exceptTriggerRef, Instant now) {
        return connection.preparedQuery("""
                        update follow_up set status = 'CANCELLED', completed_at = $5
                        where customer_id = $1 and status = 'OPEN' and playbook = any($2)
                          and ($3::varchar is null or trigger_ref = $3) and ($4::varchar is null or trigger_ref <> $4)""")
                .execute(Tuple.of(customerId, playbooks.toArray(String[]::new), onlyTriggerRef, exceptTriggerRef, utc(now)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Gives the customer's open steps that wait for "the customer's account manager" to the one now known: a step
     * planned before the customer's profile arrived goes where it would have gone had the profile come first.
     */
    public Uni<Void> assignToAccountManager(SqlConnection connection, String customerId, String accountManager) {
        return connection.preparedQuery("update follow_up set owner = $2 where customer_id = $1 and status = 'OPEN' and owner = $3")
                .execute(Tuple.of(customerId, accountManager, Step.ACCOUNT_MANAGER))
                .replaceWithVoid();
    }

    /** Deletes everything held on an erased customer. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection.preparedQuery("delete from follow_up where customer_id = $1").execute(Tuple.of(customerId))
                .chain(() -> connection.preparedQuery("delete from customer_contact where customer_id = $1").execute(Tuple.of(customerId)))
                .replaceWithVoid();
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
