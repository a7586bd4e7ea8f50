package io.retention.console.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.services.Answer;
import io.retention.console.services.Page;
import io.retention.console.services.Risk;
import io.retention.console.services.RiskApi;
import io.retention.console.signin.Sessions;
import io.retention.console.signin.SignedIn;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * "At risk": customers at HIGH and MEDIUM risk, highest score first, with the reasons and their evidence; filtered by
 * level and reason. risk-service scopes an account manager's list to their own customers.
 */
@Path("/at-risk")
@Produces(MediaType.TEXT_HTML)
public class AtRiskPage {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance atRisk(
                SignedIn me, Answer<List<Risk>> risks, String level, String reason, long high, long medium);
    }

    private final Sessions sessions;
    private final RiskApi risks;

    public AtRiskPage(Sessions sessions, @RestClient RiskApi risks) {
        this.sessions = sessions;
        this.risks = risks;
    }

    @GET
    public String get(
            @CookieParam(Sessions.COOKIE) String cookie,
            @QueryParam("level") String level,
            @QueryParam("reason") String reason) {
        SignedIn me = sessions.require(cookie);
        Answer<Page<Risk>> high = Answer.of("risk-service", () -> risks.list(me.bearer(), "HIGH", 500));
        Answer<Page<Risk>> medium = Answer.of("risk-service", () -> risks.list(me.bearer(), "MEDIUM", 500));
        if (!high.ok() || !medium.ok()) {
            Answer<Page<Risk>> failed = high.ok() ? medium : high;
            return Templates.atRisk(me, new Answer<>(null, failed.problem(), failed.status()), level, reason, 0, 0)
                    .render();
        }
        List<Risk> shown = Stream.concat(high.value().items().stream(), medium.value().items().stream())
                .filter(risk -> level == null || level.isBlank() || risk.level().equals(level))
                .filter(risk -> reason == null
                        || reason.isBlank()
                        || risk.reasons().stream().anyMatch(r -> r.code().equals(reason)))
                .sorted(Comparator.comparingInt(Risk::score).reversed().thenComparing(Risk::customerId))
                .toList();
        return Templates.atRisk(
                        me,
                        new Answer<>(shown, null, 200),
                        level,
                        reason,
                        high.value().total(),
                        medium.value().total())
                .render();
    }
}
