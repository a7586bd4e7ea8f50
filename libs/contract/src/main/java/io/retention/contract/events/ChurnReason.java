package io.retention.contract.events;

/** Why a customer left; UNKNOWN when they left without saying (a lapse). */
public enum ChurnReason {
    PRICE,
    SERVICE,
    PRODUCT,
    COMPETITOR,
    OTHER,
    UNKNOWN
}
