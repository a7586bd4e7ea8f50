package io.retention.console.services;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** customer-service's registry, as the console reads it. */
@RegisterRestClient(configKey = "customer-service")
@Path("/customers")
public interface CustomerApi {
    @GET
    @Path("/{id}")
    Customer get(@HeaderParam("Authorization") String bearer, @PathParam("id") String customerId);

    @GET
    @Path("/{id}/timeline")
    Page<TimelineItem> timeline(
            @HeaderParam("Authorization") String bearer,
            @PathParam("id") String customerId,
            @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/{id}/consents")
    Consents consents(@HeaderParam("Authorization") String bearer, @PathParam("id") String customerId);

    @POST
    @Path("/{id}/consents")
    Consents recordConsent(
            @HeaderParam("Authorization") String bearer, @PathParam("id") String customerId, Consents.Change change);

    /** Erases the customer everywhere (admins): the registry announces it and every service forgets them. */
    @DELETE
    @Path("/{id}")
    void erase(@HeaderParam("Authorization") String bearer, @PathParam("id") String customerId);
}
