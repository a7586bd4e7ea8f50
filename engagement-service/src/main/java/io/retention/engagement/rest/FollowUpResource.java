package io.retention.engagement.rest;

import io.retention.engagement.followup.WorkQueue;
import io.retention.engagement.store.FollowUp;
import io.retention.engagement.store.FollowUpStore;
import io.retention.kit.auth.Caller;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.QueryParams;
import io.retention.kit.rest.Roles;
import io.retention.kit.store.Filter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.UUID;

/**
 * The work queues: follow-ups by owner (an account manager, a team, or {@code platform} for the messages it sends),
 * status, customer and due time; complete, snooze, reassign.
 */
@Path("/follow-ups")
@Produces(MediaType.APPLICATION_JSON)
public class FollowUpResource {
    private final Pool pool;
    private final FollowUpStore store;
    private final WorkQueue followUps;
    private final Caller caller;

    public FollowUpResource(Pool pool, FollowUpStore store, WorkQueue followUps, Caller caller) {
        this.pool = pool;
        this.store = store;
        this.followUps = followUps;
        this.caller = caller;
    }

    /** The outcome of a completed follow-up. */
    public record Completion(@NotBlank @Size(max = 2000) String outcome) {}

    /** Until when a follow-up waits. */
    public record Snooze(@NotNull Instant until) {}

    /** Whose queue a follow-up goes to. */
    public record Reassignment(@NotBlank @Size(max = 128) String owner) {}

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    public Uni<Page<FollowUp>> list(
            @QueryParam("owner") String owner,
            @QueryParam("status") String statusParam,
            @QueryParam("customerId") String customerId,
            @QueryParam("playbook") String playbook,
            @QueryParam("dueBefore") String dueBeforeParam,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        FollowUp.Status status = QueryParams.enumValue("status", statusParam, FollowUp.Status.class);
        Instant dueBefore = QueryParams.instant("dueBefore", dueBeforeParam);
        // an account manager sees their own queue only
        Caller.Listing listing = caller.listing(owner);
        if (listing.nothing()) {
            return Uni.createFrom().item(Page.empty(page, size));
        }
        Filter filter = new Filter()
                .equal("owner", listing.owner())
                .equal("playbook", playbook)
                .equal("status", status == null ? null : status.name())
                .equal("customer_id", customerId)
                .where("due_at < :dueBefore", "dueBefore", dueBefore);
        return store.page(pool, filter, page, size);
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER})
    @POST
    @Path("/{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FollowUp> complete(@PathParam("id") UUID id, @Valid @NotNull Completion completion) {
        return followUps.complete(id, completion.outcome(), caller.writesFor());
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER})
    @POST
    @Path("/{id}/snooze")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FollowUp> snooze(@PathParam("id") UUID id, @Valid @NotNull Snooze snooze) {
        return followUps.snooze(id, snooze.until(), caller.writesFor());
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER})
    @POST
    @Path("/{id}/reassign")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FollowUp> reassign(@PathParam("id") UUID id, @Valid @NotNull Reassignment reassignment) {
        return followUps.reassign(id, reassignment.owner(), caller.writesFor());
    }
}
