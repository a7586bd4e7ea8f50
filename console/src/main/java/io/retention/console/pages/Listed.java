package io.retention.console.pages;

import io.quarkus.qute.TemplateData;
import io.retention.console.services.Answer;
import io.retention.console.services.Page;

/** One page of a service's list as a page shows it, with the links to the list's other pages. */
@TemplateData
public record Listed<T>(Answer<Page<T>> answer, Pager pager) {}
