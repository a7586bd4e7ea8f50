package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;

/** A change of a customer's score or level, with the reasons then. */
@TemplateData
public record RiskChange(Instant at, int score, String level, List<Reason> reasons) {}
