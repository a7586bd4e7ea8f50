package io.retention.risk.bench;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.retention.contract.CloudEvent;
import io.retention.contract.EventType;
import io.retention.contract.events.PurchaseCompleted;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UCI Online Retail: its lines, and the purchase events they make, one per invoice, cleaned by the dataset README's
 * convention: a customer id, not a cancellation ({@code C...}), positive quantity and price.
 */
final class OnlineRetail {
    private static final DateTimeFormatter INVOICE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private OnlineRetail() {}

    /**
     * One line of an invoice with a customer id and a positive price: an order's line, or a cancellation's
     * ({@code C...}, negative quantity).
     */
    record Line(
            String customerId,
            String invoice,
            LocalDateTime at,
            String sku,
            int quantity,
            BigDecimal unitPrice,
            String country) {
        boolean cancelled() {
            return quantity < 0;
        }

        LocalDate day() {
            return at.toLocalDate();
        }

        double amount() {
            return quantity * unitPrice.doubleValue();
        }
    }

    /** The lines' purchase events in file order (invoice time as UTC: the shop is in the UK). */
    static List<CloudEvent> purchases(List<Line> all) {
        Map<String, List<Line>> invoices = new LinkedHashMap<>();
        for (Line line : all) {
            if (!line.cancelled()) {
                invoices.computeIfAbsent(line.invoice(), no -> new ArrayList<>())
                        .add(line);
            }
        }
        List<CloudEvent> events = new ArrayList<>(invoices.size());
        invoices.forEach((number, lines) -> {
            BigDecimal amount = lines.stream()
                    .map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            Line first = lines.get(0);
            events.add(CloudEvent.create(
                    "/online-retail",
                    EventType.PURCHASE_COMPLETED,
                    first.customerId(),
                    first.at().toInstant(ZoneOffset.UTC),
                    new PurchaseCompleted(number, amount.setScale(2, RoundingMode.HALF_EVEN), "GBP", null, null)));
        });
        return events;
    }

    /** Every line of the file with a customer id and a positive price, orders and cancellations, in file order. */
    static List<Line> lines(Path csv) throws IOException {
        List<Line> lines = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows =
                new CsvMapper().readerForMapOf(String.class).with(schema).readValues(csv.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String customer = row.get("CustomerID");
                String invoiceNo = row.get("InvoiceNo");
                int quantity = Integer.parseInt(row.get("Quantity"));
                BigDecimal price = new BigDecimal(row.get("UnitPrice"));
                if (customer == null
                        || customer.isBlank()
                        || price.signum() <= 0
                        || quantity == 0
                        || invoiceNo.startsWith("C") != (quantity < 0)) {
                    continue;
                }
                lines.add(new Line(
                        customer.endsWith(".0") ? customer.substring(0, customer.length() - 2) : customer,
                        invoiceNo,
                        LocalDateTime.parse(row.get("InvoiceDate"), INVOICE_DATE),
                        row.get("StockCode"),
                        quantity,
                        price,
                        row.get("Country")));
            }
        }
        return lines;
    }

    static LocalDate day(CloudEvent event) {
        return LocalDate.ofInstant(event.time(), ZoneOffset.UTC);
    }
}
