package io.retention.engagement.rest;

import io.retention.engagement.playbook.Playbook;
import io.retention.engagement.playbook.PlaybookCatalog;
import io.retention.kit.rest.Page;
import io.retention.kit.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The playbooks engagement-service runs, as the data they are defined by. */
@Path("/playbooks")
@Produces(MediaType.APPLICATION_JSON)
public class PlaybookResource {
    private final PlaybookCatalog catalog;

    public PlaybookResource(PlaybookCatalog catalog) {
        this.catalog = catalog;
    }

    @RolesAllowed({Roles.ADMIN, Roles.ACCOUNT_MANAGER, Roles.ANALYST})
    @GET
    public Page<Playbook> list(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return Page.of(catalog.all(), page, size);
    }
}
