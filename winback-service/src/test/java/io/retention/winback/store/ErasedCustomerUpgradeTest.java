package io.retention.winback.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.retention.local.Database;
import io.retention.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * A database migrated before {@code erased_customer} moved from the service's V2 to the kit's V0_7 (the migrations
 * exactly as they were, kept under {@code db/before-erased-customer-moved}) upgrades with the service's migrations as
 * they are now, with the settings the kit gives Flyway: validation passes, the tombstones stay, the new migration runs.
 */
class ErasedCustomerUpgradeTest {

    @Test
    void aDatabaseMigratedBeforeTheMoveUpgradesAndKeepsItsTombstones() throws Exception {
        try (Database server = TestDatabases.openServer()) {
            String name = TestDatabases.uniqueName("winback_upgrade");
            server.ensureDatabase(name);
            try {
                String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + name;
                MigrateResult before = flyway(url, server, "classpath:db/before-erased-customer-moved")
                        .migrate();
                assertThat(before.migrationsExecuted).isEqualTo(8);
                try (Connection connection = server.connect(name);
                        Statement statement = connection.createStatement()) {
                    statement.executeUpdate("insert into erased_customer (customer_id, erased_at) "
                            + "values ('erased-before-upgrade', now())");
                }

                MigrateResult after = flyway(url, server, "classpath:db/kit", "classpath:db/migration")
                        .migrate();

                // the moved table's migration first; the kit's later ones follow it
                assertThat(after.migrations)
                        .extracting(migration -> migration.version)
                        .startsWith("0.7");
                try (Connection connection = server.connect(name);
                        Statement statement = connection.createStatement();
                        ResultSet kept = statement.executeQuery("select customer_id from erased_customer")) {
                    assertThat(kept.next()).isTrue();
                    assertThat(kept.getString("customer_id")).isEqualTo("erased-before-upgrade");
                }
                assertThat(flyway(url, server, "classpath:db/kit", "classpath:db/migration")
                                .validateWithResult()
                                .validationSuccessful)
                        .as("the record of V2 carries the checksum of V2 as it now reads")
                        .isTrue();
            } finally {
                server.dropDatabase(name);
            }
        }
    }

    /** Flyway as the kit configures it for every service (quarkus.flyway.* in the kit's configuration). */
    private static Flyway flyway(String url, Database server, String... locations) {
        return Flyway.configure()
                .dataSource(url, server.user(), server.password())
                .locations(locations)
                .outOfOrder(true)
                .load();
    }
}
