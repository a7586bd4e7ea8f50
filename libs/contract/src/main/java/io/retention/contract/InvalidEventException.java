package io.retention.contract;

import java.util.List;

/** An event that breaks the contract. The message is the reason that goes with it to the dead-letter topic. */
public class InvalidEventException extends RuntimeException {
    private final List<String> problems;

    public InvalidEventException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidEventException(String problem) {
        this(List.of(problem));
    }

    /** Each problem found, in words a publisher can act on. */
    public List<String> problems() {
        return problems;
    }
}
