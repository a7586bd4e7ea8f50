package io.retention.contract.events;

/** A customer's risk level fell back to LOW. */
public record RiskCleared(int score, RiskLevel previousLevel) {}
