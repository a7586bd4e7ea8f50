package io.retention.cli.history;

import io.retention.contract.EventType;
import io.retention.contract.events.UsageRecorded;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Usage: one row per use or per count of uses (customer, time, optional feature, count default 1). A row has no id of
 * its own, so its event id comes from its content (and, for identical rows, how many came before it in the file): the
 * same file imported twice gives the same ids.
 */
final class UsageRows {
    private final Columns columns;
    private final TimeReader times;
    private final HistoryEvents events;
    private final Instant until;

    UsageRows(Columns columns, TimeReader times, HistoryEvents events, Instant until) {
        this.columns = columns;
        this.times = times;
        this.events = events;
        this.until = until;
    }

    void read(NamedInput input, Sink sink) throws IOException {
        Map<UUID, Integer> seen = new HashMap<>();
        CsvRows.readFields(input, columns, List.of("customer", "time"), at -> {}, sink, (line, fields) -> {
            Instant time = times.read(fields.required("time"));
            if (until != null && time.isAfter(until)) {
                sink.skip();
                return;
            }
            String customerId = fields.required("customer");
            String feature = fields.optional("feature");
            int count = fields.optional("count").isEmpty() ? 1 : fields.integer("count");
            UUID content = UUID.nameUUIDFromBytes(
                    (customerId + "\n" + time + "\n" + feature + "\n" + count).getBytes(StandardCharsets.UTF_8));
            int occurrence = seen.merge(content, 1, Integer::sum);
            sink.accept(events.event(
                    "usage/" + content + "/" + occurrence,
                    EventType.USAGE_RECORDED,
                    customerId,
                    time,
                    new UsageRecorded(feature.isEmpty() ? null : feature, count)));
        });
    }
}
