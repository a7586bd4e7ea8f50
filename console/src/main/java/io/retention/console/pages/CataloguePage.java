package io.retention.console.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.services.Answer;
import io.retention.console.services.OfferTemplate;
import io.retention.console.services.OfferTemplateApi;
import io.retention.console.services.Page;
import io.retention.console.services.Playbook;
import io.retention.console.services.PlaybookApi;
import io.retention.console.signin.Sessions;
import io.retention.console.signin.SignedIn;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * "Playbooks and offers": the playbooks and the win-back offer templates, read by everyone; an admin edits a template
 * (the edit page is an admin page: other roles are told it is not for them, as the API would refuse the change).
 */
@Path("/catalogue")
@Produces(MediaType.TEXT_HTML)
public class CataloguePage {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalogue(
                SignedIn me, Answer<Page<Playbook>> playbooks, Answer<Page<OfferTemplate>> templates);

        static native TemplateInstance editTemplate(SignedIn me, Answer<OfferTemplate> template, String problem);
    }

    private final Sessions sessions;
    private final PlaybookApi playbooks;
    private final OfferTemplateApi templates;

    public CataloguePage(Sessions sessions, @RestClient PlaybookApi playbooks, @RestClient OfferTemplateApi templates) {
        this.sessions = sessions;
        this.playbooks = playbooks;
        this.templates = templates;
    }

    @GET
    public String get(@CookieParam(Sessions.COOKIE) String cookie) {
        SignedIn me = sessions.require(cookie);
        return Templates.catalogue(
                        me,
                        Answer.of("engagement-service", () -> playbooks.list(me.bearer(), 100)),
                        Answer.of("winback-service", () -> templates.list(me.bearer(), 100)))
                .render();
    }

    @GET
    @Path("/offer-templates/{id}/edit")
    public Response edit(@CookieParam(Sessions.COOKIE) String cookie, @PathParam("id") String id) {
        SignedIn me = sessions.require(cookie, "Editing an offer template", "admin");
        Answer<OfferTemplate> template = Answer.of("winback-service", () -> templates.get(me.bearer(), id));
        return Response.status(template.ok() ? 200 : template.status())
                .entity(Templates.editTemplate(me, template, null).render())
                .build();
    }

    /** Writes the template's discount, validity and whether it is offered; the rest stays as it is. */
    @POST
    @Path("/offer-templates/{id}/edit")
    public Response save(
            @CookieParam(Sessions.COOKIE) String cookie,
            @PathParam("id") String id,
            @FormParam("discountPercent") String discountPercent,
            @FormParam("validityDays") String validityDays,
            @FormParam("active") String active) {
        SignedIn me = sessions.require(cookie, "Editing an offer template", "admin");
        Answer<OfferTemplate> current = Answer.of("winback-service", () -> templates.get(me.bearer(), id));
        if (!current.ok()) {
            return Response.status(current.status())
                    .entity(Templates.editTemplate(me, current, null).render())
                    .build();
        }
        OfferTemplate was = current.value();
        Integer discount;
        int validity;
        try {
            discount = discountPercent == null || discountPercent.isBlank()
                    ? null
                    : Integer.valueOf(discountPercent.trim());
            validity = Integer.parseInt(validityDays == null ? "" : validityDays.trim());
        } catch (NumberFormatException e) {
            return Response.status(400)
                    .entity(Templates.editTemplate(me, current, "the discount and the validity are whole numbers")
                            .render())
                    .build();
        }
        OfferTemplate changed = new OfferTemplate(
                was.id(),
                was.kind(),
                discount,
                was.upgrade(),
                validity,
                was.reasons(),
                was.minLifetimeValue(),
                "on".equals(active));
        Answer<OfferTemplate> saved = Answer.of("winback-service", () -> templates.put(me.bearer(), id, changed));
        if (!saved.ok()) {
            // the service's reason beside the form, the values as typed
            return Response.status(saved.status())
                    .entity(Templates.editTemplate(me, new Answer<>(changed, null, 200), saved.problem())
                            .render())
                    .build();
        }
        return Response.seeOther(URI.create("/catalogue#offer-" + id)).build();
    }
}
