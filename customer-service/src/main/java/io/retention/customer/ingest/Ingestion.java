package io.retention.customer.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.InvalidEventException;
import io.retention.contract.Json;
import io.retention.contract.Topics;
import io.retention.kit.messaging.OutboundChannel;
import io.retention.kit.rest.Problem;
import io.retention.kit.time.EventTiming;
import io.retention.kit.tracing.EventTracing;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * CloudEvents over HTTP for systems that do not speak Kafka: each event is checked against the contract and published,
 * as received, to its inbound topic. A batch is all or nothing: one bad event and none is published.
 */
@ApplicationScoped
public class Ingestion {
    private final Map<String, OutboundChannel> inboundTopics;
    private final EventTiming timing;
    private final Clock clock;

    /** Outgoing channels to the inbound topics; not named after them, since customer-service also reads those topics. */
    static final String PURCHASES_OUT = "ingest-purchases";

    static final String TICKETS_OUT = "ingest-tickets";
    static final String USAGE_OUT = "ingest-usage";

    public Ingestion(
            @Channel(PURCHASES_OUT) MutinyEmitter<byte[]> purchases,
            @Channel(TICKETS_OUT) MutinyEmitter<byte[]> tickets,
            @Channel(USAGE_OUT) MutinyEmitter<byte[]> usage,
            EventTiming timing,
            Clock clock) {
        this.timing = timing;
        this.clock = clock;
        // not CDI beans: the outbox relay never publishes to topics that other systems own
        this.inboundTopics = Map.of(
                Topics.PURCHASES, new OutboundChannel(Topics.PURCHASES, purchases) {},
                Topics.TICKETS, new OutboundChannel(Topics.TICKETS, tickets) {},
                Topics.USAGE, new OutboundChannel(Topics.USAGE, usage) {});
    }

    /** Events that broke the contract, each problem named by the event's index in the request. */
    public static class RejectedEvents extends RuntimeException {
        private final List<Problem.Violation> violations;

        public RejectedEvents(List<Problem.Violation> violations) {
            super(violations.size() + " problem(s) in the events; none was published");
            this.violations = violations;
        }

        public List<Problem.Violation> violations() {
            return violations;
        }
    }

    /**
     * Checks every event, then publishes them in order; completes once the broker has acknowledged all of them.
     *
     * @return the ids of the events published
     */
    public Uni<List<String>> ingest(List<JsonNode> events) {
        List<Problem.Violation> problems = new ArrayList<>();
        List<CloudEvent> valid = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 0; i < events.size(); i++) {
            String where = events.size() == 1 ? "event" : "[" + i + "]";
            try {
                CloudEvent event = EventCodec.fromJson(events.get(i));
                timing.checkPlausible(event, now);
                if (!Topics.INBOUND.contains(event.type().topic())) {
                    problems.add(new Problem.Violation(
                            where,
                            "type '" + event.type().typeName()
                                    + "' is emitted by the platform itself; only purchase, ticket, feedback and usage events are "
                                    + "accepted"));
                } else {
                    valid.add(event);
                }
            } catch (InvalidEventException e) {
                e.problems().forEach(problem -> problems.add(new Problem.Violation(where, problem)));
            }
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(new RejectedEvents(problems));
        }
        // the request's trace goes on in every service that reads these events
        String traceparent = EventTracing.currentTraceparent();
        Map<String, String> headers = traceparent == null ? Map.of() : Map.of(EventTracing.TRACEPARENT, traceparent);
        Uni<Void> published = Uni.createFrom().voidItem();
        for (int i = 0; i < valid.size(); i++) {
            CloudEvent event = valid.get(i);
            byte[] asReceived = bytes(events.get(i));
            published = published.chain(
                    () -> inboundTopics.get(event.type().topic()).send(event.subject(), asReceived, headers));
        }
        return published.replaceWith(valid.stream().map(CloudEvent::id).toList());
    }

    private static byte[] bytes(JsonNode event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
