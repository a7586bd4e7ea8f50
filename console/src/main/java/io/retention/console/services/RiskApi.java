package io.retention.console.services;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** risk-service's scores, as the console reads them. */
@RegisterRestClient(configKey = "risk-service")
@Path("/risk")
public interface RiskApi {
    @GET
    @Path("/{id}")
    Risk get(@HeaderParam("Authorization") String bearer, @PathParam("id") String customerId);

    @GET
    @Path("/{id}/history")
    Page<RiskChange> history(
            @HeaderParam("Authorization") String bearer,
            @PathParam("id") String customerId,
            @QueryParam("size") int size);

    @GET
    Page<Risk> list(
            @HeaderParam("Authorization") String bearer,
            @QueryParam("level") String level,
            @QueryParam("size") int size);
}
