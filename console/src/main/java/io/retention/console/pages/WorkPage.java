package io.retention.console.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.config.ConsoleConfig;
import io.retention.console.services.Answer;
import io.retention.console.services.FollowUp;
import io.retention.console.services.FollowUpApi;
import io.retention.console.services.Page;
import io.retention.console.services.RiskApi;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * "My work": the signed-in person's open follow-ups due today or overdue, each with the customer's risk and reasons,
 * completed in place. engagement-service scopes an account manager's list to their own queue.
 */
@Path("/work")
@Produces(MediaType.TEXT_HTML)
public class WorkPage {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance work(SignedIn me, Answer<List<WorkItem>> work, Instant dueBefore);

        static native TemplateInstance row(SignedIn me, WorkItem item, String problem);
    }

    private final Sessions sessions;
    private final FollowUpApi followUps;
    private final RiskApi risks;
    private final ConsoleConfig config;
    private final Clock clock = Clock.systemUTC();

    public WorkPage(
            Sessions sessions, @RestClient FollowUpApi followUps, @RestClient RiskApi risks, ConsoleConfig config) {
        this.sessions = sessions;
        this.followUps = followUps;
        this.risks = risks;
        this.config = config;
    }

    @GET
    public String get(@CookieParam(Sessions.COOKIE) String cookie) {
        SignedIn me = requireWorker(cookie);
        Instant dueBefore = clock.instant()
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .plusDays(config.workHorizonDays())
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        Answer<Page<FollowUp>> open = Answer.of(
                "engagement-service", () -> followUps.list(me.bearer(), "OPEN", null, dueBefore.toString(), 0, 200));
        Answer<List<WorkItem>> work = open.ok()
                ? new Answer<>(
                        open.value().items().stream()
                                // messages to customers are the platform's to send, not a person's to do
                                .filter(followUp -> !"platform".equals(followUp.owner()))
                                .sorted(Comparator.comparing(
                                        FollowUp::dueAt, Comparator.nullsLast(Comparator.naturalOrder())))
                                .map(followUp -> item(me, followUp))
                                .toList(),
                        null,
                        200)
                : new Answer<>(null, open.problem(), open.status());
        return Templates.work(me, work, dueBefore).render();
    }

    /** Completes a follow-up with its outcome and answers its row, done (htmx swaps it in place). */
    @POST
    @Path("/{id}/complete")
    public Response complete(
            @CookieParam(Sessions.COOKIE) String cookie,
            @PathParam("id") UUID id,
            @FormParam("customerId") String customerId,
            @FormParam("outcome") String outcome) {
        return act(
                cookie, id, customerId, me -> followUps.complete(me.bearer(), id, new FollowUpApi.Completion(outcome)));
    }

    /** Puts a follow-up off by whole days from when it was due (or from now) and answers its row, due then. */
    @POST
    @Path("/{id}/snooze")
    public Response snooze(
            @CookieParam(Sessions.COOKIE) String cookie,
            @PathParam("id") UUID id,
            @FormParam("customerId") String customerId,
            @FormParam("dueAt") String dueAt,
            @FormParam("days") int days) {
        Instant now = clock.instant();
        Instant due = now;
        try {
            if (dueAt != null && !dueAt.isBlank()) {
                due = Instant.parse(dueAt);
            }
        } catch (java.time.format.DateTimeParseException malformed) {
            // put off from now, then
        }
        // a day later than it was due, or than now for an overdue one
        Instant until = (due.isAfter(now) ? due : now).plus(Duration.ofDays(Math.max(1, days)));
        return act(cookie, id, customerId, me -> followUps.snooze(me.bearer(), id, new FollowUpApi.Snooze(until)));
    }

    /** Hands a follow-up to another person's queue and answers its row, now theirs. */
    @POST
    @Path("/{id}/reassign")
    public Response reassign(
            @CookieParam(Sessions.COOKIE) String cookie,
            @PathParam("id") UUID id,
            @FormParam("customerId") String customerId,
            @FormParam("owner") String owner) {
        return act(
                cookie, id, customerId, me -> followUps.reassign(me.bearer(), id, new FollowUpApi.Reassignment(owner)));
    }

    /** Does an action on a follow-up for the person signed in, and answers the row after it. */
    private Response act(String cookie, UUID id, String customerId, Function<SignedIn, FollowUp> action) {
        SignedIn me = requireWorker(cookie);
        return rowAfter(me, id, customerId, Answer.of("engagement-service", () -> action.apply(me)));
    }

    /** The person signed in, if My work is theirs to see (admins and account managers). */
    private SignedIn requireWorker(String cookie) {
        return sessions.require(cookie, "My work", "admin", "account-manager");
    }

    /** The row after an action: as the service now has it, or as it was with the service's reason beside it. */
    private Response rowAfter(SignedIn me, UUID id, String customerId, Answer<FollowUp> after) {
        if (!after.ok()) {
            FollowUp unchanged = new FollowUp(id, customerId, null, null, null, me.user(), null, null, "OPEN", null);
            return Response.ok(Templates.row(me, new WorkItem(unchanged, null, false), after.problem())
                            .render())
                    .build();
        }
        return Response.ok(Templates.row(me, item(me, after.value()), null).render())
                .build();
    }

    private WorkItem item(SignedIn me, FollowUp followUp) {
        return new WorkItem(
                followUp,
                Answer.of("risk-service", () -> risks.get(me.bearer(), followUp.customerId())),
                followUp.dueAt() != null
                        && followUp.dueAt().isBefore(clock.instant().truncatedTo(ChronoUnit.DAYS)));
    }
}
