package io.retention.risk.store;

import io.retention.risk.features.Features;

/** A customer's new row and the features it was assessed from (their purchase summary is stored beside it). */
public record Reassessed(StoredRisk risk, Features features) {}
