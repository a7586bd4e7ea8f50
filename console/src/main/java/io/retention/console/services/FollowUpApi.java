package io.retention.console.services;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** engagement-service's work queue, as the console reads and works it. */
@RegisterRestClient(configKey = "engagement-service")
@Path("/follow-ups")
public interface FollowUpApi {
    @GET
    Page<FollowUp> list(
            @HeaderParam("Authorization") String bearer,
            @QueryParam("status") String status,
            @QueryParam("customerId") String customerId,
            @QueryParam("dueBefore") String dueBefore,
            @QueryParam("page") int page,
            @QueryParam("size") int size);

    @POST
    @Path("/{id}/complete")
    FollowUp complete(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id, Completion completion);

    @POST
    @Path("/{id}/snooze")
    FollowUp snooze(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id, Snooze snooze);

    @POST
    @Path("/{id}/reassign")
    FollowUp reassign(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id, Reassignment reassignment);

    /** What came of a follow-up. */
    record Completion(String outcome) {}

    /** Until when a follow-up waits. */
    record Snooze(Instant until) {}

    /** Whose queue a follow-up goes to. */
    record Reassignment(String owner) {}
}
