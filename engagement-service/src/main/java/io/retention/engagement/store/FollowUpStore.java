package io.retention.engagement.store;

import io.retention.engagement.playbook.PlannedStep;
import io.retention.engagement.playbook.Step;
import io.retention.kit.rest.Page;
import io.retention.kit.store.Filter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code follow_up} table, with the reactive SQL client: scheduling in batches without duplicates, the dispatcher's
 * claims and decisions, the work queue's changes, the list endpoint's pages, cancelling, erasing.
 */
@ApplicationScoped
public class FollowUpStore {
    /** What a follow-up shows. */
    private static final String COLUMNS =
            "id, customer_id, playbook, step, channel, owner, reason, template, occurrence, "
                    + "due_at, status, outcome, held_reason, attempts, last_error, sent_at, created_at, completed_at";
    /** What the dispatcher needs of a due step. */
    private static final String DUE_COLUMNS =
            "id, customer_id, playbook, step, trigger_ref, occurrence, channel, owner, "
                    + "template, purpose, params::text as params, due_at, coalesce(planned_at, due_at) as planned_at, attempts";

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

    /**
     * A step due to fire, as the dispatcher claims it: the step as planned (its {@code dueAt} when the playbook meant it
     * to fall due, from which a recurring step's next occurrence counts), when it is due now (moved by snoozes and
     * postponements), and the delivery attempts so far.
     */
    public record Due(UUID id, PlannedStep planned, Instant dueAt, int attempts) {

        public boolean isMessage() {
            return Step.PLATFORM.equals(planned.owner());
        }

        public String customerId() {
            return planned.customerId();
        }
    }

    /** A message that waits until {@code until}, and why (a policy's postponement, or the error before a retry). */
    public record Postponement(UUID id, Instant until, String reason) {}

    /** A follow-up settled without being done, and why (skipped by the policy, or failed delivery). */
    public record Settlement(UUID id, String reason) {}

    /** A message recorded as sent. */
    public record SentMessage(UUID id, String customerId, String channel, String template) {}

    /** A step that was scheduled, with the id its row got. */
    public record Scheduled(UUID id, PlannedStep step) {}

    /**
     * Schedules the steps that are not open already for the same customer, playbook, step, trigger and occurrence.
     *
     * @param once  when the steps' playbook may start again; null to check only each step's own open duplicate
     *              (the next occurrence of a recurring step)
     * @param reason the risk reason the steps answer, if any
     */
    public Uni<List<Scheduled>> schedule(
            SqlConnection connection, List<PlannedStep> steps, Once once, String reason, Instant now) {
        if (steps.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = steps.size();
        UUID[] ids = new UUID[n];
        String[] customers = new String[n],
                playbooks = new String[n],
                names = new String[n],
                refs = new String[n],
                channels = new String[n],
                owners = new String[n],
                reasons = new String[n],
                templates = new String[n],
                purposes = new String[n],
                params = new String[n];
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
        Tuple arguments = Tuple.tuple(List.of(
                ids,
                customers,
                playbooks,
                names,
                refs,
                occurrences,
                channels,
                owners,
                reasons,
                templates,
                purposes,
                params,
                due,
                utc(now),
                once == null,
                once == Once.EVER));
        return connection.preparedQuery(INSERT).execute(arguments).map(rows -> {
            Set<UUID> inserted = new HashSet<>();
            for (Row row : rows) {
                inserted.add(row.getUUID("id"));
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

    /** Messages whose sender crashed while sending before {@code sentBefore}, locked (skipping rows others hold). */
    public Uni<List<Due>> lockStaleSends(SqlConnection connection, Instant sentBefore, int limit) {
        return connection
                .preparedQuery("select " + DUE_COLUMNS + " from follow_up "
                        + "where status = 'SENDING' and sent_at <= $1 order by sent_at limit $2 for update skip locked")
                .execute(Tuple.of(utc(sentBefore), limit))
                .map(FollowUpStore::due);
    }

    /** Open steps due at {@code now} and not fired yet, earliest first, locked (skipping rows others hold). */
    public Uni<List<Due>> lockDue(SqlConnection connection, Instant now, int limit) {
        return connection
                .preparedQuery("select " + DUE_COLUMNS + " from follow_up "
                        + "where status = 'OPEN' and fired_at is null and due_at <= $1 order by due_at limit $2 for update "
                        + "skip locked")
                .execute(Tuple.of(utc(now), limit))
                .map(FollowUpStore::due);
    }

    /** When messages went to these customers since {@code since} (sending or sent), by customer. */
    public Uni<Map<String, List<Instant>>> sendsSince(SqlConnection connection, List<String> customers, Instant since) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return connection
                .preparedQuery("select customer_id, sent_at from follow_up where customer_id = any($1) "
                        + "and status in ('SENDING', 'SENT') and sent_at > $2")
                .execute(Tuple.of(customers.toArray(String[]::new), utc(since)))
                .map(rows -> {
                    Map<String, List<Instant>> sends = new HashMap<>();
                    for (Row row : rows) {
                        sends.computeIfAbsent(row.getString("customer_id"), id -> new ArrayList<>())
                                .add(row.getOffsetDateTime("sent_at").toInstant());
                    }
                    return sends;
                });
    }

    /** Tasks handed to their owner: fired, staying open until done. */
    public Uni<Void> markFired(SqlConnection connection, List<UUID> ids, Instant at) {
        return ids.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery("update follow_up set fired_at = $2 where id = any($1)")
                        .execute(Tuple.of(ids.toArray(UUID[]::new), utc(at)))
                        .replaceWithVoid();
    }

    /** Messages on their way: a sender that crashes leaves them to be sent again once the lease has passed. */
    public Uni<Void> markSending(SqlConnection connection, List<UUID> ids, Instant at) {
        return ids.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery("update follow_up set status = 'SENDING', fired_at = coalesce(fired_at, $2), "
                                + "sent_at = $2, attempts = attempts + 1, held_reason = null where id = any($1)")
                        .execute(Tuple.of(ids.toArray(UUID[]::new), utc(at)))
                        .replaceWithVoid();
    }

    /** Messages the policy holds back: due again later, with the reason shown meanwhile. */
    public Uni<Void> postpone(SqlConnection connection, List<Postponement> postponed) {
        return postponed.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery("update follow_up set due_at = $2, held_reason = $3 where id = $1")
                        .executeBatch(postponed.stream()
                                .map(p -> Tuple.of(p.id(), utc(p.until()), p.reason()))
                                .toList())
                        .replaceWithVoid();
    }

    /** Messages the policy forbids. */
    public Uni<Void> skip(SqlConnection connection, List<Settlement> skipped, Instant at) {
        return skipped.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery("update follow_up set status = 'SKIPPED', outcome = $2, fired_at = $3, "
                                + "completed_at = $3 where id = $1")
                        .executeBatch(skipped.stream()
                                .map(s -> Tuple.of(s.id(), s.reason(), utc(at)))
                                .toList())
                        .replaceWithVoid();
    }

    /** Messages delivered; answers those still marked as sending (a copy recorded twice counts once). */
    public Uni<List<SentMessage>> markSent(SqlConnection connection, List<UUID> ids, Instant at) {
        return connection
                .preparedQuery(
                        "update follow_up set status = 'SENT', sent_at = $2, completed_at = $2, last_error = null "
                                + "where id = any($1) and status = 'SENDING' returning id, customer_id, channel, template")
                .execute(Tuple.of(ids.toArray(UUID[]::new), utc(at)))
                .map(rows -> {
                    List<SentMessage> sent = new ArrayList<>();
                    for (Row row : rows) {
                        sent.add(new SentMessage(
                                row.getUUID("id"),
                                row.getString("customer_id"),
                                row.getString("channel"),
                                row.getString("template")));
                    }
                    return sent;
                });
    }

    /** Messages whose delivery failed, open again and due at the retry's time, with the error. */
    public Uni<Void> retry(SqlConnection connection, List<Postponement> retries) {
        return retries.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery(
                                "update follow_up set status = 'OPEN', fired_at = null, last_error = $2, due_at = $3 "
                                        + "where id = $1 and status = 'SENDING'")
                        .executeBatch(retries.stream()
                                .map(r -> Tuple.of(r.id(), r.reason(), utc(r.until())))
                                .toList())
                        .replaceWithVoid();
    }

    /** Messages given up after the last attempt, with the error. */
    public Uni<Void> fail(SqlConnection connection, List<Settlement> failed, Instant at) {
        return failed.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery("update follow_up set status = 'FAILED', last_error = $2, completed_at = $3 "
                                + "where id = $1 and status = 'SENDING'")
                        .executeBatch(failed.stream()
                                .map(f -> Tuple.of(f.id(), f.reason(), utc(at)))
                                .toList())
                        .replaceWithVoid();
    }

    /** The follow-up, locked for the transaction; null when there is none. */
    public Uni<FollowUp> lock(SqlConnection connection, UUID id) {
        return connection
                .preparedQuery("select " + COLUMNS + " from follow_up where id = $1 for update")
                .execute(Tuple.of(id))
                .map(FollowUpStore::first);
    }

    /** Marks the follow-up done with its outcome. */
    public Uni<FollowUp> complete(SqlConnection connection, UUID id, String outcome, Instant at) {
        return connection
                .preparedQuery("update follow_up set status = 'DONE', outcome = $2, completed_at = $3 where id = $1 "
                        + "returning " + COLUMNS)
                .execute(Tuple.of(id, outcome, utc(at)))
                .map(FollowUpStore::first);
    }

    /** Moves the follow-up's due time. */
    public Uni<FollowUp> snooze(SqlConnection connection, UUID id, Instant until) {
        return connection
                .preparedQuery("update follow_up set due_at = $2 where id = $1 returning " + COLUMNS)
                .execute(Tuple.of(id, utc(until)))
                .map(FollowUpStore::first);
    }

    /** Hands the follow-up to another owner. */
    public Uni<FollowUp> reassign(SqlConnection connection, UUID id, String owner) {
        return connection
                .preparedQuery("update follow_up set owner = $2 where id = $1 returning " + COLUMNS)
                .execute(Tuple.of(id, owner))
                .map(FollowUpStore::first);
    }

    /** One page of the follow-ups matching the filter (its conditions on this table's columns), due first. */
    public Uni<Page<FollowUp>> page(SqlClient client, Filter filter, int page, int size) {
        return filter.page(client, "follow_up", COLUMNS, "due_at, id", page, size, FollowUpStore::followUp);
    }

    /** Cancels a customer's open steps of the named playbooks; of all triggers, or only of one, or of all but one. */
    public Uni<Integer> cancel(
            SqlConnection connection,
            String customerId,
            List<String> playbooks,
            String onlyTriggerRef,
            String exceptTriggerRef,
            Instant now) {
        return connection
                .preparedQuery("""
                        update follow_up set status = 'CANCELLED', completed_at = $5
                        where customer_id = $1 and status = 'OPEN' and playbook = any($2)
                          and ($3::varchar is null or trigger_ref = $3) and ($4::varchar is null or trigger_ref <> $4)""")
                .execute(Tuple.of(
                        customerId, playbooks.toArray(String[]::new), onlyTriggerRef, exceptTriggerRef, utc(now)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Gives the customer's open steps that wait for "the customer's account manager" to the one now known: a step
     * planned before the customer's profile arrived goes where it would have gone had the profile come first.
     */
    public Uni<Void> assignToAccountManager(SqlConnection connection, String customerId, String accountManager) {
        return connection
                .preparedQuery(
                        "update follow_up set owner = $2 where customer_id = $1 and status = 'OPEN' and owner = $3")
                .execute(Tuple.of(customerId, accountManager, Step.ACCOUNT_MANAGER))
                .replaceWithVoid();
    }

    /** Deletes an erased customer's follow-ups. */
    public Uni<Void> delete(SqlConnection connection, String customerId) {
        return connection
                .preparedQuery("delete from follow_up where customer_id = $1")
                .execute(Tuple.of(customerId))
                .replaceWithVoid();
    }

    private static FollowUp first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : followUp(rows.iterator().next());
    }

    private static FollowUp followUp(Row row) {
        return new FollowUp(
                row.getUUID("id"),
                row.getString("customer_id"),
                row.getString("playbook"),
                row.getString("step"),
                row.getString("channel"),
                row.getString("owner"),
                row.getString("reason"),
                row.getString("template"),
                row.getInteger("occurrence"),
                instant(row, "due_at"),
                FollowUp.Status.valueOf(row.getString("status")),
                row.getString("outcome"),
                row.getString("held_reason"),
                row.getInteger("attempts"),
                row.getString("last_error"),
                instant(row, "sent_at"),
                instant(row, "created_at"),
                instant(row, "completed_at"));
    }

    private static List<Due> due(RowSet<Row> rows) {
        List<Due> due = new ArrayList<>();
        for (Row row : rows) {
            Map<String, String> params = new HashMap<>();
            new JsonObject(row.getString("params"))
                    .forEach(entry -> params.put(entry.getKey(), String.valueOf(entry.getValue())));
            due.add(new Due(
                    row.getUUID("id"),
                    new PlannedStep(
                            row.getString("customer_id"),
                            row.getString("playbook"),
                            row.getString("step"),
                            row.getString("trigger_ref"),
                            row.getInteger("occurrence"),
                            Step.Channel.valueOf(row.getString("channel")),
                            row.getString("owner"),
                            row.getString("template"),
                            row.getString("purpose"),
                            instant(row, "planned_at"),
                            params),
                    instant(row, "due_at"),
                    row.getInteger("attempts")));
        }
        return due;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
