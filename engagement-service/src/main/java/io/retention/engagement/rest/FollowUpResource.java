package io.retention.engagement.rest;

import io.retention.engagement.followup.FollowUps;
import io.retention.engagement.store.FollowUp;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/** Account managers' work queues: follow-ups by owner, status, customer and due time; complete and snooze. */
@Path("/follow-ups")
@Produces(MediaType.APPLICATION_JSON)
public class FollowUpResource {
    private final Mutiny.SessionFactory sessions;
    private final FollowUps followUps;

    public FollowUpResource(Mutiny.SessionFactory sessions, FollowUps followUps) {
        this.sessions = sessions;
        this.followUps = followUps;
    }

    /** The outcome of a completed follow-up. */
    public record Completion(@NotBlank @Size(max = 2000) String outcome) {
    }

    /** Until when a follow-up waits. */
    public record Snooze(@NotNull Instant until) {
    }

    @GET
    public Uni<Page<FollowUpView>> list(@QueryParam("owner") String owner,
                                        @QueryParam("status") String statusParam,
                                        @QueryParam("customerId") String customerId,
                                        @QueryParam("dueBefore") String dueBeforeParam,
                                        @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                        @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        FollowUp.Status status = QueryParams.enumValue("status", statusParam, FollowUp.Status.class);
        Instant dueBefore = QueryParams.instant("dueBefore", dueBeforeParam);
        Map<String, Object> filters = new LinkedHashMap<>();
        if (owner != null) {
            filters.put("owner", owner);
        }
        if (status != null) {
            filters.put("status", status);
        }
        if (customerId != null) {
            filters.put("customerId", customerId);
        }
        String where = filters.keySet().stream().map(field -> field + " = :" + field).collect(Collectors.joining(" and "));
        if (dueBefore != null) {
            where = where.isEmpty() ? "dueAt < :dueBefore" : where + " and dueAt < :dueBefore";
            filters.put("dueBefore", dueBefore);
        }
        String clause = where.isEmpty() ? "" : " where " + where;
        return sessions.withSession(session -> {
            var count = session.createSelectionQuery("select count(*) from FollowUp" + clause, Long.class);
            var items = session.createSelectionQuery("from FollowUp" + clause + " order by dueAt, id", FollowUp.class)
                    .setFirstResult(page * size).setMaxResults(size);
            filters.forEach((name, value) -> {
                count.setParameter(name, value);
                items.setParameter(name, value);
            });
            return count.getSingleResult().chain(total -> items.getResultList()
                    .map(found -> new Page<>(found.stream().map(FollowUpView::of).toList(), page, size, total)));
        });
    }

    @POST
    @Path("/{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FollowUpView> complete(@PathParam("id") UUID id, @Valid @NotNull Completion completion) {
        return followUps.complete(id, completion.outcome()).map(FollowUpView::of);
    }

    @POST
    @Path("/{id}/snooze")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FollowUpView> snooze(@PathParam("id") UUID id, @Valid @NotNull Snooze snooze) {
        return followUps.snooze(id, snooze.until()).map(FollowUpView::of);
    }
}
