package io.retention.risk.store;

import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.TicketOpened;
import io.retention.risk.features.CustomerState;
import io.retention.risk.features.CustomerState.TicketState;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of a {@link CustomerState}: a versioned binary record, read and written on every batch. JSON cost
 * the service about 30 % of its CPU on the hot path (text parsing, day and instant formatting) and PostgreSQL a jsonb
 * parse per row; this form is days as epoch days, instants as seconds and nanos, decimals as scale and unscaled value
 * (a long when it fits), text as UTF-8, enums by name (so that adding a constant does not shift stored values).
 */
public final class StateCodec {
    /** The format written; a reader refuses what it does not know rather than guessing. */
    static final byte FORMAT = 1;
    /** How a decimal's unscaled value follows its scale: as a long, or as the bytes of a larger integer. */
    private static final byte LONG_DECIMAL = 0;

    private static final byte BIG_DECIMAL = 1;

    private StateCodec() {}

    /** The stored form, in the buffer the PostgreSQL client sends as it is. */
    public static Buffer write(CustomerState state) {
        Buffer out = Buffer.buffer(256);
        out.appendByte(FORMAT);
        out.appendInt(state.purchaseDays.size());
        for (Map.Entry<LocalDate, BigDecimal> day : state.purchaseDays.entrySet()) {
            out.appendInt((int) day.getKey().toEpochDay());
            writeDecimal(out, day.getValue());
        }
        writeDecimal(out, state.refunded);
        writeText(out, state.currency);
        out.appendInt(state.tickets.size());
        for (Map.Entry<String, TicketState> ticket : state.tickets.entrySet()) {
            writeText(out, ticket.getKey());
            writeText(
                    out,
                    ticket.getValue().category == null
                            ? null
                            : ticket.getValue().category.name());
            writeInstant(out, ticket.getValue().openedAt);
            writeInstant(out, ticket.getValue().closedAt);
        }
        writeInteger(out, state.csat);
        writeInstant(out, state.csatAt);
        writeInteger(out, state.nps);
        writeInstant(out, state.npsAt);
        out.appendInt(state.usageDays.size());
        for (Map.Entry<LocalDate, Long> day : state.usageDays.entrySet()) {
            out.appendInt((int) day.getKey().toEpochDay());
            out.appendLong(day.getValue());
        }
        out.appendLong(state.usageTotal);
        writeInstant(out, state.lastUsageAt);
        writeInstant(out, state.cancelledAt);
        writeText(out, state.cancelReason == null ? null : state.cancelReason.name());
        return out;
    }

    public static CustomerState read(byte[] stored) {
        ByteBuffer in = ByteBuffer.wrap(stored);
        CustomerState state = new CustomerState();
        try {
            byte format = in.get();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown stored state format " + format);
            }
            for (int i = in.getInt(); i > 0; i--) {
                state.purchaseDays.put(LocalDate.ofEpochDay(in.getInt()), readDecimal(in));
            }
            state.refunded = readDecimal(in);
            state.currency = readText(in);
            TreeMap<String, TicketState> tickets = state.tickets;
            for (int i = in.getInt(); i > 0; i--) {
                String id = readText(in);
                TicketState ticket = new TicketState();
                String category = readText(in);
                ticket.category = category == null ? null : TicketOpened.Category.valueOf(category);
                ticket.openedAt = readInstant(in);
                ticket.closedAt = readInstant(in);
                tickets.put(id, ticket);
            }
            state.csat = readInteger(in);
            state.csatAt = readInstant(in);
            state.nps = readInteger(in);
            state.npsAt = readInstant(in);
            for (int i = in.getInt(); i > 0; i--) {
                state.usageDays.put(LocalDate.ofEpochDay(in.getInt()), in.getLong());
            }
            state.usageTotal = in.getLong();
            state.lastUsageAt = readInstant(in);
            state.cancelledAt = readInstant(in);
            String reason = readText(in);
            state.cancelReason = reason == null ? null : ChurnReason.valueOf(reason);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("stored state is cut short", e);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("stored state has " + in.remaining() + " bytes past its end");
        }
        return state;
    }

    private static void writeDecimal(Buffer out, BigDecimal value) {
        BigInteger unscaled = value.unscaledValue();
        out.appendInt(value.scale());
        if (unscaled.bitLength() < Long.SIZE) {
            out.appendByte(LONG_DECIMAL).appendLong(unscaled.longValue());
        } else {
            byte[] bytes = unscaled.toByteArray();
            out.appendByte(BIG_DECIMAL).appendInt(bytes.length).appendBytes(bytes);
        }
    }

    private static BigDecimal readDecimal(ByteBuffer in) {
        int scale = in.getInt();
        byte kind = in.get();
        if (kind == LONG_DECIMAL) {
            return BigDecimal.valueOf(in.getLong(), scale);
        }
        if (kind != BIG_DECIMAL) {
            throw new IllegalArgumentException("stored state has a decimal of unknown kind " + kind);
        }
        byte[] unscaled = new byte[checked(in, in.getInt())];
        in.get(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    private static void writeInstant(Buffer out, Instant value) {
        if (value == null) {
            out.appendByte((byte) 0);
        } else {
            out.appendByte((byte) 1).appendLong(value.getEpochSecond()).appendInt(value.getNano());
        }
    }

    private static Instant readInstant(ByteBuffer in) {
        return in.get() == 0 ? null : Instant.ofEpochSecond(in.getLong(), in.getInt());
    }

    private static void writeInteger(Buffer out, Integer value) {
        if (value == null) {
            out.appendByte((byte) 0);
        } else {
            out.appendByte((byte) 1).appendInt(value);
        }
    }

    private static Integer readInteger(ByteBuffer in) {
        return in.get() == 0 ? null : in.getInt();
    }

    /** Text as its UTF-8 length (-1 for null) and bytes. */
    private static void writeText(Buffer out, String value) {
        if (value == null) {
            out.appendInt(-1);
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.appendInt(utf8.length).appendBytes(utf8);
        }
    }

    /** A length read from the record, if the rest of the record can hold that many bytes. */
    private static int checked(ByteBuffer in, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("stored state has a negative length");
        }
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        return length;
    }

    private static String readText(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        checked(in, length);
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }
}
