package io.retention.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @Test
    void embeddedPostgresKeepsItsDataAcrossARestart(@TempDir Path dataDir) throws Exception {
        try (Database database = Database.embedded(dataDir, 0)) {
            database.ensureDatabase("kept");
            try (Connection connection = database.connect("kept");
                    Statement statement = connection.createStatement()) {
                statement.execute("create table t (v text)");
                statement.execute("insert into t values ('survives')");
            }
        }
        try (Database database = Database.embedded(dataDir, 0);
                Connection connection = database.connect("kept");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select v, version() from t")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("survives");
            assertThat(rows.getString(2)).startsWith("PostgreSQL 17");
        }
    }

    @Test
    void createsAndDropsDatabases(@TempDir Path dataDir) throws Exception {
        try (Database database = Database.embedded(null, 0)) {
            database.ensureDatabase("scratch");
            database.ensureDatabase("scratch");
            try (Connection ignored = database.connect("scratch")) {
                database.dropDatabase("scratch");
            }
            try (Connection connection = database.connect("postgres");
                    Statement statement = connection.createStatement();
                    ResultSet rows =
                            statement.executeQuery("select count(*) from pg_database where datname = 'scratch'")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }
}
