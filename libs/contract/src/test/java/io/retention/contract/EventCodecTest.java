package io.retention.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.TicketOpened;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class EventCodecTest {

    @ParameterizedTest
    @FieldSource("io.retention.contract.Fixtures#ALL")
    void everyInboundFixtureIsAValidEventOnItsTopic(String fixture) {
        ObjectNode json = Fixtures.load(fixture);
        EventType type = EventType.byName(json.get("type").asText()).orElseThrow();

        CloudEvent event = EventCodec.read(type.topic(), "cust-1", Map.of(), Fixtures.bytes(json));

        assertThat(event.id()).isEqualTo(json.get("id").asText());
        assertThat(event.subject()).isEqualTo("cust-1");
        assertThat(event.dataAs(type.dataClass())).isNotNull();
    }

    @Test
    void anEventWrittenIsReadBackAsItWasWithoutValidatingItAgain() {
        for (String fixture : Fixtures.ALL) {
            CloudEvent event = EventCodec.fromJson(Fixtures.load(fixture));
            CloudEvent backfilled = new CloudEvent(
                    event.id(), event.source(), event.type(), event.time(), event.subject(), event.data(), true);

            assertThat(EventCodec.readWritten(EventCodec.write(event))).isEqualTo(event);
            assertThat(EventCodec.readWritten(EventCodec.write(backfilled))).isEqualTo(backfilled);
        }
    }

    @Test
    void readsStructuredModeWithExactMoneyAndEventTimeAndIgnoresUnknownFields() {
        CloudEvent event = EventCodec.read(
                Topics.PURCHASES,
                "cust-1",
                Map.of("content-type", EventCodec.STRUCTURED_CONTENT_TYPE),
                Fixtures.bytes(Fixtures.load(Fixtures.PURCHASE_COMPLETED)));

        PurchaseCompleted purchase = event.dataAs(PurchaseCompleted.class);
        assertThat(purchase.amount()).isEqualByComparingTo(new BigDecimal("49.90"));
        assertThat(purchase.amount().scale()).isEqualTo(2);
        assertThat(purchase.items())
                .singleElement()
                .extracting(PurchaseCompleted.Item::quantity)
                .isEqualTo(2);
        assertThat(event.time()).isEqualTo(Instant.parse("2026-03-01T09:15:00Z"));
        assertThat(event.type()).isEqualTo(EventType.PURCHASE_COMPLETED);
    }

    @Test
    void readsBinaryMode() {
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", "bin-1");
        headers.put("ce_source", "/helpdesk");
        headers.put("ce_type", "retention.ticket.opened");
        headers.put("ce_time", "2026-03-03T09:00:00Z");
        headers.put("ce_subject", "cust-9");
        headers.put("content-type", "application/json");
        byte[] data =
                "{\"ticketId\":\"t-9\",\"category\":\"BUG\",\"priority\":\"URGENT\"}".getBytes(StandardCharsets.UTF_8);

        CloudEvent event = EventCodec.read(Topics.TICKETS, "cust-9", headers, data);

        assertThat(event.id()).isEqualTo("bin-1");
        assertThat(event.dataAs(TicketOpened.class))
                .isEqualTo(new TicketOpened("t-9", TicketOpened.Category.BUG, TicketOpened.Priority.URGENT));
        assertThat(event.backfill()).isFalse();

        headers.put("ce_backfill", "true");
        assertThat(EventCodec.read(Topics.TICKETS, "cust-9", headers, data).backfill())
                .as("binary backfill header")
                .isTrue();
    }

    @Test
    void theBackfillExtensionMarksHistoryAndIsWrittenBackOnlyWhenSet() {
        ObjectNode json = Fixtures.load(Fixtures.USAGE_RECORDED);
        assertThat(EventCodec.fromJson(json).backfill()).isFalse();
        assertThat(EventCodec.toJson(EventCodec.fromJson(json)).has("backfill")).isFalse();

        CloudEvent history = EventCodec.fromJson(json.put("backfill", true));
        assertThat(history.backfill()).isTrue();
        assertThat(EventCodec.read(Topics.USAGE, null, Map.of(), EventCodec.write(history))
                        .backfill())
                .as("round trip")
                .isTrue();

        assertThatThrownBy(() -> EventCodec.fromJson(json.put("backfill", "yes")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("backfill");
    }

    @Test
    void rejectsGarbageWithAReason() {
        assertThatThrownBy(() ->
                        EventCodec.read(Topics.TICKETS, null, Map.of(), "not json{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("value is not valid JSON");
        assertThatThrownBy(() -> EventCodec.read(Topics.TICKETS, null, Map.of(), new byte[0]))
                .hasMessage("record has no value");
    }

    @Test
    void namesEveryBrokenRuleOfTheEnvelopeAndData() {
        ObjectNode event = Fixtures.load(Fixtures.PURCHASE_COMPLETED);
        event.put("specversion", "0.3");
        event.put("subject", "has spaces!");
        ((ObjectNode) event.get("data")).put("amount", -1);
        ((ObjectNode) event.get("data")).remove("currency");

        assertThatThrownBy(() -> EventCodec.read(Topics.PURCHASES, null, Map.of(), Fixtures.bytes(event)))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p).contains("specversion"))
                                .anySatisfy(p -> assertThat(p).contains("subject"))
                                .anySatisfy(p -> assertThat(p).contains("$.data.amount"))
                                .anySatisfy(p -> assertThat(p).contains("currency")));
    }

    @Test
    void valuesBeyondWhatStorageHoldsBreakTheContractAndTheReasonNamesTheField() {
        ObjectNode huge = Fixtures.load(Fixtures.PURCHASE_COMPLETED);
        ((ObjectNode) huge.get("data")).put("amount", 1e308);
        assertThatThrownBy(() -> EventCodec.fromJson(huge))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p ->
                                        assertThat(p).contains("$.data.amount").contains("1000000000")));
        ObjectNode manyUses = Fixtures.load(Fixtures.USAGE_RECORDED);
        ((ObjectNode) manyUses.get("data")).put("count", 3_000_000_000L);
        assertThatThrownBy(() -> EventCodec.fromJson(manyUses)).hasMessageContaining("$.data.count");
        ObjectNode atTheLimit = Fixtures.load(Fixtures.PURCHASE_COMPLETED);
        ((ObjectNode) atTheLimit.get("data")).put("amount", new java.math.BigDecimal("1000000000.00"));
        ((ObjectNode) atTheLimit.get("data")).remove("items");
        assertThat(EventCodec.fromJson(atTheLimit).data().get("amount").decimalValue())
                .isEqualByComparingTo("1000000000");
    }

    @Test
    void textADatabaseCannotHoldBreaksTheContractWhereverItIsAndTheReasonNamesIt() {
        ObjectNode nul = Fixtures.load(Fixtures.PURCHASE_COMPLETED);
        ((ObjectNode) nul.get("data")).put("orderId", "o-\u0000-1");
        byte[] escaped = Fixtures.bytes(nul);
        assertThat(new String(escaped, StandardCharsets.UTF_8)).contains("o-\\u0000-1");
        assertThatThrownBy(() -> EventCodec.read(Topics.PURCHASES, null, Map.of(), escaped))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "$.data.orderId: contains the NUL character (U+0000), which is not stored"));

        ObjectNode unknownFields = Fixtures.load(Fixtures.TICKET_OPENED);
        ((ObjectNode) unknownFields.get("data")).put("note", "half of \ud83d");
        ((ObjectNode) unknownFields.get("data")).put("tag\u0000", true);
        assertThatThrownBy(() -> EventCodec.fromJson(unknownFields))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.problems())
                                .containsExactlyInAnyOrder(
                                        "$.data.note: contains an unpaired surrogate (U+D83D), which is not Unicode text",
                                        "$.data: a field name contains the NUL character (U+0000), which is not stored"));

        ObjectNode emoji = Fixtures.load(Fixtures.PURCHASE_COMPLETED);
        ((ObjectNode) emoji.get("data")).put("orderId", "o-\ud83d\ude00 été");
        assertThat(EventCodec.fromJson(emoji).data().get("orderId").asText()).isEqualTo("o-😀 été");
    }

    @Test
    void rejectsUnknownTypesWrongTopicsAndKeysThatDifferFromTheSubject() {
        ObjectNode unknown = Fixtures.load(Fixtures.TICKET_OPENED).put("type", "retention.ticket.exploded");
        assertThatThrownBy(() -> EventCodec.read(Topics.TICKETS, null, Map.of(), Fixtures.bytes(unknown)))
                .hasMessageContaining("unknown event type 'retention.ticket.exploded'");

        byte[] ticket = Fixtures.bytes(Fixtures.load(Fixtures.TICKET_OPENED));
        assertThatThrownBy(() -> EventCodec.read(Topics.PURCHASES, "cust-1", Map.of(), ticket))
                .hasMessageContaining("belongs on topic 'retention.tickets'");
        assertThatThrownBy(() -> EventCodec.read(Topics.TICKETS, "cust-2", Map.of(), ticket))
                .hasMessageContaining("record key 'cust-2' differs from subject 'cust-1'");
    }

    @Test
    void rejectsATimeThatIsNotRfc3339() {
        ObjectNode event = Fixtures.load(Fixtures.USAGE_RECORDED).put("time", "yesterday at noon");
        assertThatThrownBy(() -> EventCodec.read(Topics.USAGE, null, Map.of(), Fixtures.bytes(event)))
                .hasMessageContaining("time");
    }

    @Test
    void writesStructuredModeThatReadsBackEqual() {
        CloudEvent original = CloudEvent.create(
                "/risk-service",
                EventType.TICKET_OPENED,
                "cust-3",
                Instant.parse("2026-01-02T03:04:05Z"),
                new TicketOpened("t-3", TicketOpened.Category.QUESTION, TicketOpened.Priority.LOW));

        CloudEvent read = EventCodec.read(
                Topics.TICKETS,
                "cust-3",
                Map.of("content-type", EventCodec.STRUCTURED_CONTENT_TYPE),
                EventCodec.write(original));

        assertThat(read).isEqualTo(original);
    }

    @Test
    void refusesToCreateAnEventWhoseDataIsOfAnotherType() {
        assertThatThrownBy(() -> CloudEvent.create(
                        "/x",
                        EventType.TICKET_CLOSED,
                        "c",
                        Instant.EPOCH,
                        new TicketOpened("t", TicketOpened.Category.BUG, TicketOpened.Priority.LOW)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
