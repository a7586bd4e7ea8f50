package io.retention.console.services;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** A page of a list as every service answers it. */
@TemplateData
public record Page<T>(List<T> items, int page, int size, long total) {}
