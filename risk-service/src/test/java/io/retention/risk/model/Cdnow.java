package io.retention.risk.model;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.PurchaseCompleted;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The CDNOW sample (test resources) as the platform sees it: purchase events, and the published summary beside them. */
public final class Cdnow {
    /** The last day of the 39-week calibration period. */
    public static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    /** The last day of the 39-week holdout period. */
    public static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);

    private Cdnow() {}

    /** One transaction of the log. */
    public record Transaction(String customerId, LocalDate day, BigDecimal dollars, int row) {
        /** As the purchase event a shop would publish: at noon UTC of its day, with an id of its own. */
        public CloudEvent asEvent() {
            Instant at = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
            CloudEvent event = CloudEvent.create(
                    "/cdnow",
                    EventType.PURCHASE_COMPLETED,
                    customerId,
                    at,
                    new PurchaseCompleted("cdnow-" + row, dollars, "USD", null, null));
            return new CloudEvent(
                    "cdnow-tx-" + row, event.source(), event.type(), event.time(), event.subject(), event.data());
        }
    }

    /** One row of the published calibration summary. */
    public record Summary(String customerId, int x, double tx, double T, double zbar) {}

    public static List<Transaction> transactions() {
        List<Transaction> transactions = new ArrayList<>();
        lines("CDNOW_sample.txt", line -> {
            String[] f = line.trim().split("\\s+");
            transactions.add(new Transaction(
                    String.valueOf(Integer.parseInt(f[1])),
                    LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE),
                    new BigDecimal(f[4]),
                    transactions.size()));
        });
        return transactions;
    }

    /** The published summary by customer id, in file order. */
    public static Map<String, Summary> summary() {
        Map<String, Summary> summary = new LinkedHashMap<>();
        lines("cdnow_customers_summary_with_transactions.csv", line -> {
            if (line.startsWith("ID")) {
                return;
            }
            String[] f = line.split(",");
            summary.put(
                    f[0],
                    new Summary(
                            f[0],
                            Integer.parseInt(f[1]),
                            Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]),
                            Double.parseDouble(f[4])));
        });
        return summary;
    }

    /** Purchase-days per customer in the holdout (several transactions on one day are one purchase). */
    public static Map<String, Integer> holdoutPurchaseDays() {
        Map<String, Set<LocalDate>> days = new LinkedHashMap<>();
        for (Transaction t : transactions()) {
            if (t.day().isAfter(CALIBRATION_END) && !t.day().isAfter(HOLDOUT_END)) {
                days.computeIfAbsent(t.customerId(), id -> new HashSet<>()).add(t.day());
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        days.forEach((id, set) -> counts.put(id, set.size()));
        return counts;
    }

    private static void lines(String file, Consumer<String> each) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Cdnow.class.getResourceAsStream("/datasets/cdnow/" + file), StandardCharsets.US_ASCII))) {
            reader.lines().filter(line -> !line.isBlank()).forEach(each);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
