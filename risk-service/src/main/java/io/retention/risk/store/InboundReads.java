package io.retention.risk.store;

import io.retention.kit.messaging.PartitionRead;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * How far the service (all its instances) has read each partition of its inbound topics (table {@code inbound_read}),
 * recorded in the transaction of the events read, so that it is exactly what the state holds.
 */
@ApplicationScoped
public class InboundReads {

    /** Records the batch's reads; a partition's offset and event time only ever move forward. */
    public Uni<Void> record(SqlConnection connection, List<PartitionRead> reads) {
        if (reads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = reads.size();
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        OffsetDateTime[] until = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            PartitionRead read = reads.get(i);
            topics[i] = read.topic();
            partitions[i] = read.partition();
            offsets[i] = read.nextOffset();
            until[i] = read.latestEventTime() == null
                    ? null
                    : read.latestEventTime().atOffset(ZoneOffset.UTC);
        }
        return connection
                .preparedQuery("insert into inbound_read (topic, kafka_partition, next_offset, read_until) "
                        + "select * from unnest($1::varchar[], $2::int[], $3::bigint[], $4::timestamptz[]) "
                        + "order by 1, 2 on conflict (topic, kafka_partition) do update set "
                        + "next_offset = greatest(inbound_read.next_offset, excluded.next_offset), "
                        + "read_until = greatest(inbound_read.read_until, excluded.read_until)")
                .execute(Tuple.tuple()
                        .addArrayOfString(topics)
                        .addArrayOfInteger(partitions)
                        .addArrayOfLong(offsets)
                        .addArrayOfOffsetDateTime(until))
                .replaceWithVoid();
    }

    /** Every partition read so far. */
    public Uni<List<PartitionRead>> all(SqlClient client) {
        return client.query("select topic, kafka_partition, next_offset, read_until from inbound_read")
                .execute()
                .map(rows -> {
                    List<PartitionRead> reads = new ArrayList<>(rows.size());
                    rows.forEach(row -> {
                        OffsetDateTime until = row.getOffsetDateTime("read_until");
                        reads.add(new PartitionRead(
                                row.getString("topic"),
                                row.getInteger("kafka_partition"),
                                row.getLong("next_offset"),
                                until == null ? null : until.toInstant()));
                    });
                    return reads;
                });
    }
}
