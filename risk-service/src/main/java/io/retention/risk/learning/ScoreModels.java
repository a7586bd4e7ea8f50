package io.retention.risk.learning;

import io.retention.risk.store.ChurnModels;
import io.retention.risk.store.RescoreSweeps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The score in force on this instance: the newest one stored, read again whenever another instance stored a newer one
 * (checked at the start of each judging transaction, the only place that scores), so that every instance scores alike.
 */
@ApplicationScoped
public class ScoreModels {
    private final ChurnModels models;
    private final RescoreSweeps sweeps;

    /** A stored choice and its row id; id 0 for the shipped weights before any choice. */
    private record Stored(long id, ScoreModel model) {}

    private final AtomicReference<Stored> current = new AtomicReference<>(new Stored(0, ScoreModel.UNCALIBRATED));

    public ScoreModels(ChurnModels models, RescoreSweeps sweeps) {
        this.models = models;
        this.sweeps = sweeps;
    }

    /** The score in force. */
    public ScoreModel current() {
        return current.get().model();
    }

    /** Takes up the newest stored choice if another instance stored a newer one; answers the one in force. */
    public Uni<ScoreModel> refresh(SqlClient client) {
        return models.newestId(client).chain(newest -> {
            if (newest == null || current.get().id() >= newest) {
                return Uni.createFrom().item(current());
            }
            return models.load(client, newest).map(model -> use(new Stored(newest, model)));
        });
    }

    /**
     * Stores a choice with the start of every buyer's re-assessment under it (over {@code rescoreSpread}), and puts it in
     * force here once both are committed (the other instances follow at their next judgement).
     */
    public Uni<ScoreModel> putInForce(Pool pool, ScoreModel model, Instant at, Duration rescoreSpread) {
        return pool.withTransaction(connection ->
                        models.save(connection, model, at).call(() -> sweeps.start(connection, at, rescoreSpread)))
                .map(id -> use(new Stored(id, model)));
    }

    /** Keeps the newer of the choice in force and the one given (saves and reloads may finish in any order). */
    private ScoreModel use(Stored stored) {
        return current.accumulateAndGet(stored, (inForce, offered) -> offered.id() > inForce.id() ? offered : inForce)
                .model();
    }
}
