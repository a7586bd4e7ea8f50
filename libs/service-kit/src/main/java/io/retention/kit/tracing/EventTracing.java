package io.retention.kit.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries the W3C trace context of events from an inbound record, through the transaction that applies it and the
 * outbox rows that transaction writes, to the records the relay publishes: an inbound ticket and the follow-up it
 * causes two services later are one trace. The W3C format is used whatever propagators the SDK has, so the trace id
 * goes on even where the SDK is switched off.
 */
@ApplicationScoped
public class EventTracing {
    /** The header (and outbox column) that carries the context. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    /** For each open inbound transaction (by its connection): the trace of the latest event about each customer. */
    private final Map<Object, Map<String, String>> causesByTransaction = new ConcurrentHashMap<>();

    public EventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.retention.kit");
    }

    /** A span for processing one inbound record, child of the context its producer sent in the headers. */
    public Span startProcessing(String topic, Map<String, String> headers) {
        return tracer.spanBuilder(topic + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(W3C.extract(Context.root(), headers, MAP_GETTER))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .startSpan();
    }

    /** A span for publishing one outbox row, child of the context the row was written in (a new trace if none). */
    public Span startPublishing(String topic, String eventId, String traceparent) {
        Context parent = traceparent == null
                ? Context.root()
                : W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
        return tracer.spanBuilder(topic + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", eventId)
                .startSpan();
    }

    /** The headers that continue a span's trace in the next service. */
    public static Map<String, String> headersOf(Span span) {
        Map<String, String> headers = new HashMap<>(2);
        W3C.inject(Context.root().with(span), headers, Map::put);
        return headers;
    }

    /** The traceparent of a span, or null when it has no valid context. */
    public static String traceparentOf(Span span) {
        return headersOf(span).get(TRACEPARENT);
    }

    /** The traceparent of the current context (a REST request's span, say), or null outside any trace. */
    public static String currentTraceparent() {
        return traceparentOf(Span.current());
    }

    /**
     * While an inbound transaction runs: which trace each customer's emitted events continue. Keyed by the
     * transaction's connection, which the handler passes on to the outbox.
     */
    public void bind(Object transaction, Map<String, String> traceparentBySubject) {
        causesByTransaction.put(transaction, traceparentBySubject);
    }

    public void unbind(Object transaction) {
        causesByTransaction.remove(transaction);
    }

    /** The trace an event about this customer, written in this transaction, continues: the cause's, else the current. */
    public String traceparentFor(Object transaction, String subject) {
        Map<String, String> causes = causesByTransaction.get(transaction);
        String cause = causes == null ? null : causes.get(subject);
        return cause != null ? cause : currentTraceparent();
    }
}
