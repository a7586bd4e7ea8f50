package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.util.Map;

/** One reason behind a risk score, with its evidence. */
@TemplateData
public record Reason(String code, String detail, double weight, Map<String, Object> evidence) {}
