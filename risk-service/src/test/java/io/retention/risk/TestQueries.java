package io.retention.risk;

import io.vertx.mutiny.sqlclient.Pool;

/** Reads the service's tables as tests check them. */
public final class TestQueries {
    private TestQueries() {}

    /** The single number a counting query answers. */
    public static long count(Pool pool, String sql) {
        return pool.query(sql)
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }
}
