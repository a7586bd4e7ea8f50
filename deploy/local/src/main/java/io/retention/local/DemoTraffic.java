package io.retention.local;

import io.retention.contract.CloudEvent;
import io.retention.contract.EventCodec;
import io.retention.contract.EventType;
import io.retention.contract.events.ChurnReason;
import io.retention.contract.events.PurchaseCompleted;
import io.retention.contract.events.SubscriptionCancelled;
import io.retention.contract.events.TicketClosed;
import io.retention.contract.events.TicketOpened;
import io.retention.contract.events.UsageRecorded;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small shop's worth of customers doing what customers do, a couple of events a second: they buy, use the product,
 * open and close tickets, and now and then cancel. Enough to watch signals, follow-ups and offers appear.
 */
final class DemoTraffic implements AutoCloseable {
    private static final int CUSTOMERS = 30;
    private static final String SOURCE = "/demo-traffic";

    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Random random = new Random(42);
    private int tickets;

    private DemoTraffic(String bootstrapServers) {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    static DemoTraffic start(Platform platform) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 1; i <= CUSTOMERS; i++) {
            String body = "{\"customerId\":\"demo-" + i + "\",\"name\":\"Demo Customer " + i + "\",\"email\":\"demo" + i
                    + "@example.com\",\"owner\":\"am-" + (i % 3 + 1) + "\",\"timeZone\":\"Europe/Berlin\"}";
            http.send(
                    platform.request(Service.CUSTOMER, "/customers")
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (i % 3 != 0) { // two in three agreed to marketing email: win-back offers and newsletters reach them
                String consent =
                        "{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"granted\":true,\"method\":\"web-form\"}";
                http.send(
                        platform.request(Service.CUSTOMER, "/customers/demo-" + i + "/consents")
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(consent))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
        DemoTraffic demo = new DemoTraffic(platform.bootstrapServers());
        demo.scheduler.scheduleAtFixedRate(demo::publishOne, 0, 500, TimeUnit.MILLISECONDS);
        return demo;
    }

    private void publishOne() {
        String customer = "demo-" + (random.nextInt(CUSTOMERS) + 1);
        int dice = random.nextInt(100);
        CloudEvent event;
        if (dice < 35) {
            BigDecimal amount =
                    BigDecimal.valueOf(5 + random.nextDouble() * 120).setScale(2, RoundingMode.HALF_UP);
            event = CloudEvent.create(
                    SOURCE,
                    EventType.PURCHASE_COMPLETED,
                    customer,
                    Instant.now(),
                    new PurchaseCompleted("order-" + System.nanoTime(), amount, "EUR", List.of(), null));
        } else if (dice < 65) {
            event = CloudEvent.create(
                    SOURCE,
                    EventType.USAGE_RECORDED,
                    customer,
                    Instant.now(),
                    new UsageRecorded("dashboard", 1 + random.nextInt(5)));
        } else if (dice < 85) {
            event = CloudEvent.create(
                    SOURCE,
                    EventType.TICKET_OPENED,
                    customer,
                    Instant.now(),
                    new TicketOpened(
                            "demo-ticket-" + (++tickets),
                            TicketOpened.Category.values()[random.nextInt(TicketOpened.Category.values().length)],
                            TicketOpened.Priority.NORMAL));
        } else if (dice < 97) {
            event = CloudEvent.create(
                    SOURCE,
                    EventType.TICKET_CLOSED,
                    customer,
                    Instant.now(),
                    new TicketClosed("demo-ticket-" + Math.max(1, tickets - random.nextInt(5)), 1 + random.nextInt(5)));
        } else {
            event = CloudEvent.create(
                    SOURCE,
                    EventType.SUBSCRIPTION_CANCELLED,
                    customer,
                    Instant.now(),
                    new SubscriptionCancelled(
                            List.of(ChurnReason.PRICE, ChurnReason.SERVICE, ChurnReason.COMPETITOR)
                                    .get(random.nextInt(3)),
                            null));
        }
        producer.send(new ProducerRecord<>(event.type().topic(), customer, EventCodec.write(event)));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        producer.close();
    }
}
