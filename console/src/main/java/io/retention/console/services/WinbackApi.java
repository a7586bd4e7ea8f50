package io.retention.console.services;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** winback-service's queue and experiment figures. */
@RegisterRestClient(configKey = "winback-service")
@Path("/winback")
public interface WinbackApi {
    @GET
    @Path("/stats")
    WinbackStats stats(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/lost")
    Page<LostCustomer> lost(
            @HeaderParam("Authorization") String bearer,
            @QueryParam("status") String status,
            @QueryParam("page") int page,
            @QueryParam("size") int size);
}
