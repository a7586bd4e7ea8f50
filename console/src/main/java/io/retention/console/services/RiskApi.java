package io.retention.console.services;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
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
            @QueryParam("owner") String owner,
            @QueryParam("tier") String tier,
            @QueryParam("reason") String reason,
            @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/model")
    ScoreQuality.Model model(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/levels")
    List<LevelCount> levels(@HeaderParam("Authorization") String bearer, @QueryParam("days") int days);
}
