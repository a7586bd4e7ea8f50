package io.retention.engagement.rest;

import io.retention.kit.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.retention.engagement.playbook.Playbook;
import io.retention.engagement.playbook.PlaybookCatalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

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
    public List<Playbook> list() {
        return catalog.all();
    }
}
