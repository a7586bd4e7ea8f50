package io.retention.risk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.retention.contract.Json;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.TicketOpened;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.Features;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");

    @Test
    void anEmptyStateComesBackEmpty() {
        CustomerState read = StateCodec.read(written(new CustomerState()));

        assertThat(json(read)).isEqualTo(json(new CustomerState()));
    }

    @Test
    void everyFieldComesBackAsItWasWritten() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            CustomerState state = randomState(random);

            CustomerState read = StateCodec.read(written(state));

            // the JSON form was the stored form before: it names every field the state has
            assertThat(json(read)).isEqualTo(json(state));
            assertThat(Features.of(read, NOW)).isEqualTo(Features.of(state, NOW));
        }
    }

    @Test
    void decimalsKeepTheirScaleAndHugeValuesSurvive() {
        CustomerState state = new CustomerState();
        state.purchaseDays.put(LocalDate.of(2026, 1, 1), new BigDecimal("10.50"));
        state.purchaseDays.put(LocalDate.of(2026, 1, 2), new BigDecimal("-0.0001"));
        state.purchaseDays.put(LocalDate.of(2026, 1, 3), new BigDecimal("123456789012345678901234567890.123"));
        state.refunded = new BigDecimal("1E+3");

        CustomerState read = StateCodec.read(written(state));

        assertThat(read.purchaseDays.values())
                .containsExactly(
                        new BigDecimal("10.50"),
                        new BigDecimal("-0.0001"),
                        new BigDecimal("123456789012345678901234567890.123"));
        assertThat(read.refunded).isEqualTo(new BigDecimal("1E+3"));
    }

    @Test
    void aFormatItDoesNotKnowOrACutRecordIsRefused() {
        byte[] written = written(randomState(new Random(3)));
        byte[] otherFormat = written.clone();
        otherFormat[0] = 9;

        assertThatThrownBy(() -> StateCodec.read(otherFormat)).hasMessageContaining("unknown stored state format 9");
        for (int length = 0; length < written.length; length++) {
            byte[] cut = Arrays.copyOf(written, length);
            assertThatThrownBy(() -> StateCodec.read(cut))
                    .as("cut to %d bytes", length)
                    .hasMessageContaining("cut short");
        }
        assertThatThrownBy(() -> StateCodec.read(Arrays.copyOf(written, written.length + 2)))
                .hasMessageContaining("past its end");
    }

    private static byte[] written(CustomerState state) {
        return StateCodec.write(state).getBytes();
    }

    private static JsonNode json(CustomerState state) {
        return Json.MAPPER.valueToTree(state);
    }

    private static CustomerState randomState(Random random) {
        CustomerState state = new CustomerState();
        for (int i = random.nextInt(20); i > 0; i--) {
            state.purchaseDays.put(
                    LocalDate.ofEpochDay(19_000 + random.nextInt(2_000)),
                    BigDecimal.valueOf(random.nextLong(1_000_000), random.nextInt(5)));
        }
        state.refunded = BigDecimal.valueOf(random.nextInt(10_000), 2);
        state.currency = random.nextBoolean() ? "EUR" : null;
        for (int i = random.nextInt(6); i > 0; i--) {
            CustomerState.TicketState ticket = new CustomerState.TicketState();
            ticket.category = random.nextBoolean()
                    ? null
                    : TicketOpened.Category.values()[random.nextInt(TicketOpened.Category.values().length)];
            ticket.openedAt = random.nextBoolean() ? null : instant(random);
            ticket.closedAt = random.nextBoolean() ? null : instant(random);
            state.tickets.put("t-" + random.nextInt(1_000) + "-ü", ticket);
        }
        if (random.nextBoolean()) {
            state.csat = 1 + random.nextInt(5);
            state.csatAt = instant(random);
        }
        if (random.nextBoolean()) {
            state.nps = random.nextInt(11);
            state.npsAt = instant(random);
        }
        for (int i = random.nextInt(70); i > 0; i--) {
            state.usageDays.put(LocalDate.ofEpochDay(20_500 + random.nextInt(70)), 1 + random.nextLong(1_000));
        }
        state.usageTotal = random.nextLong(1_000_000);
        state.lastUsageAt = random.nextBoolean() ? null : instant(random);
        if (random.nextBoolean()) {
            state.cancelledAt = instant(random);
            state.cancelReason = ChurnReason.values()[random.nextInt(ChurnReason.values().length)];
        }
        return state;
    }

    private static Instant instant(Random random) {
        return NOW.minusSeconds(random.nextInt(400 * 86_400)).plusNanos(random.nextInt(1_000_000_000));
    }
}
