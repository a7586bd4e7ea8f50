package io.retention.risk.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.retention.contract.Json;
import io.retention.risk.learning.LogisticModel;
import io.retention.risk.learning.ScoreModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;

/** The scores put in force (table {@code churn_model}), one row per choice, the newest in force. */
@ApplicationScoped
public class ChurnModels {

    /** The id of the newest choice; null before the first. */
    public Uni<Long> newestId(SqlClient client) {
        return client.query("select max(id) as id from churn_model")
                .execute()
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** A stored choice. */
    public Uni<ScoreModel> load(SqlClient client, long id) {
        return client.preparedQuery(
                        "select kind, model::text as model, validated_on, auc from churn_model where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> read(rows.iterator().next()));
    }

    /** Puts a score in force; answers its row id. */
    public Uni<Long> save(SqlClient client, ScoreModel model, Instant at) {
        return client.preparedQuery("insert into churn_model (chosen_at, kind, model, validated_on, auc) "
                        + "values ($1, $2, $3::text::jsonb, $4, $5) returning id")
                .execute(Tuple.of(
                        at.atOffset(ZoneOffset.UTC),
                        model.kind().name(),
                        model.model() == null ? null : json(model.model()),
                        model.validatedOn(),
                        model.auc()))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    private static ScoreModel read(Row row) {
        String model = row.getString("model");
        try {
            return new ScoreModel(
                    ScoreModel.Kind.valueOf(row.getString("kind")),
                    model == null ? null : Json.MAPPER.readValue(model, LogisticModel.class),
                    row.getLocalDate("validated_on"),
                    row.getDouble("auc"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable score model", e);
        }
    }

    private static String json(LogisticModel model) {
        try {
            return Json.MAPPER.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
