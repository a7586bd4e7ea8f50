package io.retention.local.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retention.local.Database;
import java.util.Map;

/** Gives a Quarkus test a fresh database of its own on a real PostgreSQL ({@link TestDatabases}), dropped afterwards. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private Database server;
    private String databaseName;

    @Override
    public Map<String, String> start() {
        try {
            server = TestDatabases.openServer();
            databaseName = TestDatabases.uniqueName("svc");
            server.ensureDatabase(databaseName);
        } catch (Exception e) {
            throw new IllegalStateException("cannot provide a test database", e);
        }
        return Map.of(
                "retention.db.host", server.host(),
                "retention.db.port", String.valueOf(server.port()),
                "retention.db.name", databaseName,
                "retention.db.user", server.user(),
                "retention.db.password", server.password());
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.dropDatabase(databaseName);
                server.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot drop test database " + databaseName, e);
        }
    }
}
