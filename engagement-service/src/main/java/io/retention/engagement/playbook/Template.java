package io.retention.engagement.playbook;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A message template: subject and body with {@code {placeholders}} filled from the customer and the trigger. */
public record Template(String subject, String body) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    /** The template with every placeholder replaced; one without a value becomes empty rather than showing braces. */
    public Template render(Map<String, String> values) {
        return new Template(fill(subject, values), fill(body, values));
    }

    private static String fill(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(filled, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
        }
        return matcher.appendTail(filled).toString();
    }
}
