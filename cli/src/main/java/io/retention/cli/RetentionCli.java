package io.retention.cli;

import io.retention.cli.history.ImportCommand;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The platform's command line: {@code retention import} brings a business's history in. */
@Command(
        name = "retention",
        mixinStandardHelpOptions = true,
        version = "retention 0.1.0",
        description = "Command line of the retention platform.",
        subcommands = {ImportCommand.class, CommandLine.HelpCommand.class})
public final class RetentionCli {

    public static void main(String[] args) {
        // the Kafka client's lines would drown the progress bar; what fails is in the import's own summary
        Logger.getLogger("").setLevel(Level.WARNING);
        Logger.getLogger("org.apache.kafka").setLevel(Level.SEVERE);
        System.exit(new CommandLine(new RetentionCli()).execute(args));
    }
}
