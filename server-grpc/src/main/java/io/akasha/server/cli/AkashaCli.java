package io.akasha.server.cli;

import io.akasha.server.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code akasha} command line: {@code serve}, and the client commands {@code import}, {@code search}, {@code status}. */
@Command(name = "akasha", mixinStandardHelpOptions = true, description = "Akasha vector engine.",
        subcommands = {ServeCommand.class, ImportCommand.class, SearchCommand.class, StatusCommand.class,
                TokenCommand.class})
public final class AkashaCli {

    private AkashaCli() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(AkashaCli.class).execute(args));
    }
}
