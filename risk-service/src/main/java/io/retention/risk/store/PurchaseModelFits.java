package io.retention.risk.store;

import io.retention.risk.model.BgNbd;
import io.retention.risk.model.BgNbdFit;
import io.retention.risk.model.GammaGamma;
import io.retention.risk.model.GammaGammaFit;
import io.retention.risk.model.PurchaseModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;

/** The purchase model's fits (table {@code purchase_model}), one row per fit, the newest in use. */
@ApplicationScoped
public class PurchaseModelFits {
    /** The advisory lock key of a fit after history (any constant: the service has a database of its own). */
    private static final long FIT_LOCK = 0x6669_7400L;

    /** The id of the newest fit; null before the first. */
    public Uni<Long> newestId(SqlClient client) {
        return client.query("select max(id) as id from purchase_model")
                .execute()
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** A stored fit, as a model that looks {@code horizonWeeks} ahead. */
    public Uni<PurchaseModel> load(SqlClient client, long id, double horizonWeeks, double cadenceWeight) {
        return client.preparedQuery("select * from purchase_model where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> read(rows.iterator().next(), horizonWeeks, cadenceWeight));
    }

    /** Whether this transaction may fit: one instance at a time, the others skip. */
    public Uni<Boolean> tryLockFitting(SqlConnection connection) {
        return connection
                .preparedQuery("select pg_try_advisory_xact_lock($1) as fitting")
                .execute(Tuple.of(FIT_LOCK))
                .map(rows -> rows.iterator().next().getBoolean("fitting"));
    }

    /** Stores a fit; answers its row id. */
    public Uni<Long> save(SqlClient client, PurchaseModel model) {
        BgNbdFit fit = model.purchases();
        GammaGammaFit spend = model.spend();
        Tuple row = Tuple.of(
                        model.fittedAt().atOffset(ZoneOffset.UTC),
                        fit.model().r(),
                        fit.model().alpha(),
                        fit.model().a())
                .addDouble(fit.model().b())
                .addDouble(fit.logLikelihood())
                .addLong(fit.customers())
                .addInteger(fit.histories())
                .addInteger(fit.evaluations())
                .addString(fit.boundary())
                .addValue(spend == null ? null : spend.model().p())
                .addValue(spend == null ? null : spend.model().q())
                .addValue(spend == null ? null : spend.model().gamma())
                .addValue(spend == null ? null : spend.logLikelihood())
                .addValue(spend == null ? null : spend.customers())
                .addLong(model.fitMillis());
        return client.preparedQuery(
                        "insert into purchase_model (fitted_at, r, alpha, a, b, log_likelihood, customers, histories, "
                                + "evaluations, boundary, spend_p, spend_q, spend_gamma, spend_log_likelihood, spend_customers, "
                                + "fit_millis) "
                                + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning id")
                .execute(row)
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    private static PurchaseModel read(Row row, double horizonWeeks, double cadenceWeight) {
        BgNbdFit fit = new BgNbdFit(
                new BgNbd(row.getDouble("r"), row.getDouble("alpha"), row.getDouble("a"), row.getDouble("b")),
                row.getDouble("log_likelihood"),
                row.getLong("customers"),
                row.getInteger("histories"),
                row.getInteger("evaluations"),
                row.getString("boundary"));
        GammaGammaFit spend = row.getDouble("spend_p") == null
                ? null
                : new GammaGammaFit(
                        new GammaGamma(
                                row.getDouble("spend_p"), row.getDouble("spend_q"), row.getDouble("spend_gamma")),
                        row.getDouble("spend_log_likelihood"),
                        row.getLong("spend_customers"));
        return new PurchaseModel(
                fit,
                spend,
                row.getOffsetDateTime("fitted_at").toInstant(),
                row.getLong("fit_millis"),
                horizonWeeks,
                cadenceWeight);
    }
}
