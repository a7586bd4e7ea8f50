package io.retention.console.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.retention.console.services.Answer;
import io.retention.console.services.Kpis;
import io.retention.console.services.PortfolioApi;
import io.retention.console.services.RiskApi;
import io.retention.console.services.ScoreQuality;
import io.retention.console.signin.Sessions;
import io.retention.console.signin.SignedIn;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * "Portfolio" (analysts): retention, churn and net revenue retention over the last six 30-day periods as trend charts,
 * and customers by lifecycle stage and tier now, each figure as customer-service's KPIs give it.
 */
@Path("/portfolio")
@Produces(MediaType.TEXT_HTML)
public class PortfolioPage {
    static final int PERIODS = 6;
    static final Duration PERIOD = Duration.ofDays(30);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance portfolio(
                SignedIn me,
                Answer<List<Kpis>> periods,
                String chartJson,
                Answer<ScoreQuality.Model> model,
                String calibrationJson);
    }

    private final Sessions sessions;
    private final PortfolioApi portfolio;
    private final RiskApi risks;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public PortfolioPage(
            Sessions sessions, @RestClient PortfolioApi portfolio, @RestClient RiskApi risks, ObjectMapper json) {
        this.sessions = sessions;
        this.portfolio = portfolio;
        this.risks = risks;
        this.json = json;
    }

    @GET
    public String get(@CookieParam(Sessions.COOKIE) String cookie) {
        SignedIn me = sessions.require(cookie, "Portfolio", "admin", "analyst");
        Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Kpis> periods = new ArrayList<>();
        for (int i = PERIODS - 1; i >= 0; i--) {
            Instant to = end.minus(PERIOD.multipliedBy(i));
            Instant from = to.minus(PERIOD);
            Answer<Kpis> period =
                    Answer.of("customer-service", () -> portfolio.kpis(me.bearer(), from.toString(), to.toString()));
            if (!period.ok()) {
                periods = null;
                Answer<ScoreQuality.Model> model = Answer.of("risk-service", () -> risks.model(me.bearer()));
                return Templates.portfolio(
                                me,
                                new Answer<>(null, period.problem(), period.status()),
                                "{}",
                                model,
                                calibration(model))
                        .render();
            }
            periods.add(period.value());
        }
        Answer<ScoreQuality.Model> model = Answer.of("risk-service", () -> risks.model(me.bearer()));
        return Templates.portfolio(me, new Answer<>(periods, null, 200), chart(periods), model, calibration(model))
                .render();
    }

    /** Predicted against observed churn by decile, for each score judged: what the calibration chart draws. */
    private String calibration(Answer<ScoreQuality.Model> model) {
        Map<String, Object> chart = new LinkedHashMap<>();
        ScoreQuality quality = model.ok() ? model.value().validation() : null;
        if (quality != null) {
            for (Map.Entry<String, ScoreQuality.Quality> score : Map.of(
                            "shipped", nullSafe(quality.shipped()), "learned", nullSafe(quality.learned()))
                    .entrySet()) {
                chart.put(
                        score.getKey(),
                        score.getValue().calibration().stream()
                                .map(bin -> List.of(bin.meanPredicted(), bin.observed()))
                                .toList());
            }
        }
        try {
            return json.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ScoreQuality.Quality nullSafe(ScoreQuality.Quality quality) {
        return quality == null || quality.calibration() == null
                ? new ScoreQuality.Quality(null, null, List.of())
                : quality;
    }

    /** What the charts draw, oldest period first; the latest period's stage and tier counts. */
    private String chart(List<Kpis> periods) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put(
                "labels",
                periods.stream().map(p -> p.to().toString().substring(0, 10)).toList());
        chart.put(
                "retention",
                periods.stream().map(p -> p.retention().retentionRate()).toList());
        chart.put("churn", periods.stream().map(p -> p.retention().churnRate()).toList());
        chart.put(
                "nrr",
                periods.stream()
                        .map(p -> p.netRevenueRetention() == null
                                ? null
                                : p.netRevenueRetention().rate())
                        .toList());
        Kpis latest = periods.get(periods.size() - 1);
        chart.put("byStage", latest.byStage());
        chart.put("byTier", latest.byTier());
        try {
            return json.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
