package io.akasha.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnnCompareCommandTest {

    @TempDir
    Path dir;

    @Test
    void compareRunsThreeRoundsOfExactlyTheSystemsGiven() throws Exception {
        Path dataDir = io.akasha.bench.TinyTexmex.write(dir.resolve("data"), "tiny", 1000, 16, 20, 9);
        Path out = dir.resolve("run");
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            exit = new CommandLine(new BenchCommandForTest()).execute("compare", "--data-dir", dataDir.toString(),
                    "--dataset", "tiny", "--metric", "L2", "--systems", "akasha-flat", "--warmup", "0.1",
                    "--measure", "0.05", "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        assertEquals(0, exit);
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(1, json.get("systems").size(), "the given list replaces the default one, never adds to it");
        assertEquals(3, json.get("rounds").asInt());
        assertEquals(3, json.get("systems").get(0).get("rounds").size());
        for (int round = 1; round <= 3; round++) {
            assertEquals(true, Files.exists(out.resolve("round-" + round).resolve("akasha-flat").resolve("timings.csv")));
        }
    }

    /** The compare command as the launcher reaches it, under {@code akasha bench}. */
    @CommandLine.Command(name = "bench", subcommands = AnnCompareCommand.class)
    static final class BenchCommandForTest {
    }
}
