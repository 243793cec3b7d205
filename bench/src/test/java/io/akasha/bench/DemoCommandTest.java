package io.akasha.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.DatasetLoader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The main job end to end: what {@code ./akasha demo} prints. */
class DemoCommandTest {

    @Test
    void demoOnSiftsmallReportsPerfectRecallWithTheExactIndex() {
        assumeTrue(DatasetLoader.exists(DataDirectory.resolve(), "siftsmall"),
                "siftsmall not found in " + DataDirectory.resolve() + "; " + DataDirectory.howToConfigure());
        String out = run("--dataset", "siftsmall", "--index", "flat", "-k", "10");
        assertTrue(out.contains("data: siftsmall, 10,000 vectors x 128, 100 queries, L2"), out);
        assertTrue(out.contains("index: flat, built in"), out);
        assertTrue(out.contains("recall@10: 1.0000"), out);
        assertTrue(out.matches("(?s).*search: 100 queries, 1 thread, one query at a time: [0-9.]+ QPS.*"), out);
    }

    @Test
    void demoWithoutTheDataSetSaysHowToConfigureAndRunsOnSyntheticData() {
        String out = run("--dataset", "no-such-set", "--queries", "40", "-k", "5");
        assertTrue(out.contains("data set 'no-such-set' not found in"), out);
        assertTrue(out.contains("akasha.data.dir"), out);
        assertTrue(out.contains("data: synthetic-clustered, 20,000 vectors x 128, 40 queries, L2"), out);
        assertTrue(out.contains("recall@5: 1.0000"), out);
    }

    @Test
    void unknownIndexIsRejectedNamingTheAvailableOnes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine command = new CommandLine(new DemoCommand());
        command.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            exit = command.execute("--dataset", "no-such-set", "--queries", "5", "--index", "nope");
        } finally {
            System.setOut(original);
        }
        assertEquals(1, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no index named 'nope'; available: flat"),
                err.toString(StandardCharsets.UTF_8));
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new DemoCommand()).execute(args);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        return text;
    }
}
