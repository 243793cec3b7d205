package io.akasha.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./akasha verify DIR}: opens a data directory as the engine does (which checks the logs,
 * manifests, deletions files and the tables of every segment and graph file) and then checks
 * every block of every sealed file against its checksum. Prints each problem with its file and
 * offset; exits 0 when everything is intact, 1 when something is damaged, 2 when the directory
 * cannot be opened for another reason (for example, a running engine holds it).
 */
@Command(name = "akasha verify", mixinStandardHelpOptions = true,
        description = "Check every file of a data directory against its checksums.")
public final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the data directory")
    Path directory;

    public static void main(String[] args) {
        System.exit(new CommandLine(new VerifyCommand()).execute(args));
    }

    @Override
    public Integer call() {
        try (Akasha akasha = Akasha.open(directory)) {
            Map<String, List<String>> problems = akasha.verify();
            problems.forEach((collection, found) -> found.forEach(p -> System.out.println(collection + ": " + p)));
            System.out.println(problems.isEmpty()
                    ? directory + ": " + akasha.listCollections().size() + " collections, every block intact"
                    : directory + ": damaged files in " + problems.keySet());
            return problems.isEmpty() ? 0 : 1;
        } catch (AkashaException e) {
            System.out.println(directory + ": " + e.getMessage());
            return e.code() == AkashaException.ErrorCode.DATA_LOSS ? 1 : 2;
        }
    }
}
