package io.retention.console.services;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** engagement-service's playbooks. */
@RegisterRestClient(configKey = "engagement-service")
@Path("/playbooks")
public interface PlaybookApi {
    @GET
    Page<Playbook> list(@HeaderParam("Authorization") String bearer, @QueryParam("size") int size);
}
