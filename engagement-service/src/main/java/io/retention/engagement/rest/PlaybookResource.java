package io.retention.engagement.rest;

import io.retention.engagement.playbook.AtRiskPlaybooks;
import io.retention.engagement.playbook.Playbook;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The playbooks engagement-service runs, as data. */
@Path("/playbooks")
@Produces(MediaType.APPLICATION_JSON)
public class PlaybookResource {
    private final AtRiskPlaybooks atRisk;

    public PlaybookResource(AtRiskPlaybooks atRisk) {
        this.atRisk = atRisk;
    }

    @GET
    public List<Playbook> list() {
        return atRisk.all();
    }
}
