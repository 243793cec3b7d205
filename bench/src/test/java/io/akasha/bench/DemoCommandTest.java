package io.akasha.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
        // The best index on the class path is HNSW, approximate: its recall against the exact
        // ground truth, not 1.0, is what the demo reports.
        java.util.regex.Matcher recall = java.util.regex.Pattern.compile("recall@5: ([0-9.]+)").matcher(out);
        assertTrue(recall.find(), out);
        assertTrue(Double.parseDouble(recall.group(1)) >= 0.95, out);
    }

    @Test
    void unknownIndexIsRejectedNamingTheAvailableOnes() {
        Result result = execute("--dataset", "no-such-set", "--queries", "5", "--index", "nope");
        assertEquals(1, result.exit);
        assertTrue(result.err.contains("no index named 'nope'; available: hnsw, diskann, flat"), result.err);
    }

    private static String run(String... args) {
        Result result = execute(args);
        assertEquals(0, result.exit, result.out + result.err);
        return result.out;
    }

    private record Result(int exit, String out, String err) {
    }

    /** Runs the command as the launcher does, capturing what it prints. */
    private static Result execute(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new DemoCommand());
        command.setErr(new PrintWriter(err, true));
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int exit = command.execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }
}
