package io.retention.console.services;

import java.time.LocalDate;

/** How many customers stood at HIGH, at MEDIUM and churned at the end of a day, as risk-service counts them. */
public record LevelCount(LocalDate day, long high, long medium, long churned) {}
