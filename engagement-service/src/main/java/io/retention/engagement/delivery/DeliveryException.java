package io.retention.engagement.delivery;

/** A delivery that did not go through; it is retried with back-off. */
public class DeliveryException extends RuntimeException {
    public DeliveryException(String message) {
        super(message);
    }

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
