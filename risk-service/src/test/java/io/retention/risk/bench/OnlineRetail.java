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
 * UCI Online Retail as purchase events, one per invoice, cleaned by the dataset README's convention: a customer id, not a
 * cancellation ({@code C...}), positive quantity and price.
 */
final class OnlineRetail {
    private static final DateTimeFormatter INVOICE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private OnlineRetail() {}

    /** Purchase events in file order (invoice time as UTC: the shop is in the UK). */
    static List<CloudEvent> purchases(Path csv) throws IOException {
        Map<String, Invoice> invoices = new LinkedHashMap<>();
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
                        || invoiceNo.startsWith("C")
                        || quantity <= 0
                        || price.signum() <= 0) {
                    continue;
                }
                String customerId = customer.endsWith(".0") ? customer.substring(0, customer.length() - 2) : customer;
                Invoice invoice = invoices.computeIfAbsent(
                        invoiceNo,
                        no -> new Invoice(no, customerId, LocalDateTime.parse(row.get("InvoiceDate"), INVOICE_DATE)));
                invoice.amount = invoice.amount.add(price.multiply(BigDecimal.valueOf(quantity)));
            }
        }
        List<CloudEvent> events = new ArrayList<>(invoices.size());
        for (Invoice invoice : invoices.values()) {
            CloudEvent event = CloudEvent.create(
                    "/online-retail",
                    EventType.PURCHASE_COMPLETED,
                    invoice.customerId,
                    invoice.at.toInstant(ZoneOffset.UTC),
                    new PurchaseCompleted(
                            invoice.number, invoice.amount.setScale(2, RoundingMode.HALF_EVEN), "GBP", null, null));
            events.add(event);
        }
        return events;
    }

    /**
     * One line of an invoice with a customer id and a positive price: an order's line, or a cancellation's
     * ({@code C...}, negative quantity); what the purchase events above leave out.
     */
    record Line(
            String customerId,
            String invoice,
            LocalDate day,
            String sku,
            int quantity,
            double unitPrice,
            String country) {
        boolean cancelled() {
            return quantity < 0;
        }
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
                double price = Double.parseDouble(row.get("UnitPrice"));
                if (customer == null
                        || customer.isBlank()
                        || price <= 0
                        || invoiceNo.startsWith("C") != (quantity < 0)) {
                    continue;
                }
                lines.add(new Line(
                        customer.endsWith(".0") ? customer.substring(0, customer.length() - 2) : customer,
                        invoiceNo,
                        LocalDateTime.parse(row.get("InvoiceDate"), INVOICE_DATE)
                                .toLocalDate(),
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

    private static final class Invoice {
        final String number;
        final String customerId;
        final LocalDateTime at;
        BigDecimal amount = BigDecimal.ZERO;

        Invoice(String number, String customerId, LocalDateTime at) {
            this.number = number;
            this.customerId = customerId;
            this.at = at;
        }
    }
}
