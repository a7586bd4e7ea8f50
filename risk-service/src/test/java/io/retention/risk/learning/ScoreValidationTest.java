package io.retention.risk.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.contract.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreValidationTest {

    @Test
    void aValidationIsKeptAsJsonAndReadBackAsItWas() throws Exception {
        ScoreValidation.Quality quality =
                new ScoreValidation.Quality(0.74, 0.21, List.of(new Validation.Bin(10, 0.3, 0.25)));
        ScoreValidation validation = new ScoreValidation(
                Instant.parse("2011-09-09T12:00:00Z"),
                13,
                List.of(LocalDate.parse("2011-03-31"), LocalDate.parse("2011-04-28")),
                LocalDate.parse("2011-04-28"),
                2000,
                0.4,
                List.of(LocalDate.parse("2011-03-31")),
                1900,
                quality,
                quality,
                null,
                "learned",
                Map.of("log purchase days", -0.42),
                "a note");

        String json = Json.MAPPER.writeValueAsString(validation);

        assertThat(Json.MAPPER.readValue(json, ScoreValidation.class)).isEqualTo(validation);
    }

    @Test
    void aModelInForceIsKeptAsJsonAndScoresTheSameReadBack() throws Exception {
        LogisticModel model = new LogisticModel(
                List.of("a", "b"), new double[] {1.5, 0.1}, new double[] {0.7, 1}, new double[] {0.3, -1.2}, -0.4);

        LogisticModel read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(model), LogisticModel.class);

        double[] x = {2.25, -0.3};
        assertThat(read.probability(x)).isEqualTo(model.probability(x));
        assertThat(read.features()).isEqualTo(model.features());
    }
}
