package io.retention.kit.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The service's own vacuum of its queue tables, for a database whose autovacuum is off or falls behind. */
@ConfigMapping(prefix = "retention.queue-vacuum")
public interface QueueVacuumConfig {

    /** The tables used as queues (every row inserted, then deleted once handled) that the service vacuums itself. */
    @WithDefault("outbox")
    List<String> tables();

    /**
     * Dead rows in one of them that make the service vacuum it; autovacuum, set for them to run every 10,000, stays
     * below. 0 turns the service's vacuum off.
     */
    @WithDefault("20000")
    long deadRows();

    /** How often it looks at their dead rows (the schedule reads this key). */
    @WithDefault("30s")
    Duration checkEvery();
}
