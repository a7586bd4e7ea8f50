package io.retention.console.pages;

import io.quarkus.qute.TemplateData;
import io.retention.console.services.Answer;
import io.retention.console.services.FollowUp;
import io.retention.console.services.Risk;

/** A follow-up on "My work" with its customer's risk beside it. */
@TemplateData
public record WorkItem(FollowUp followUp, Answer<Risk> risk, boolean overdue) {}
