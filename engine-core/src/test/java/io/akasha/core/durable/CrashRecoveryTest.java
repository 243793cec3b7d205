package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.QueryRequest;

/**
 * {@code kill -9} of a process in the middle of writing: every batch whose insert returned is
 * there in full after reopening, the batch in flight is there in full or not at all, and
 * nothing else is. Three rounds on the same directory, each killed at a random moment; while the
 * writer runs, this process cannot open the directory.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Random random = new Random();
        for (int round = 0; round < 3; round++) {
            int wanted = 5 + random.nextInt(40);
            long lastAcked = runAndKill(wanted);
            try (Akasha akasha = Akasha.open(dir)) {
                Collection c = akasha.collection("crash");
                for (long b = 0; b <= lastAcked; b++) {
                    assertEquals((long) CrashWriterMain.BATCH_ROWS, count(c, "batch == " + b), "acknowledged batch " + b);
                }
                long inFlight = count(c, "batch == " + (lastAcked + 1));
                assertTrue(inFlight == 0 || inFlight == CrashWriterMain.BATCH_ROWS,
                        "the batch in flight is all or nothing: " + inFlight + " rows");
                assertEquals(0L, count(c, "batch > " + (lastAcked + 1)), "nothing after the batch in flight");
            }
        }
    }

    private static long count(Collection c, String filter) {
        return (Long) c.query(QueryRequest.builder().filter(filter).outputFields(QueryRequest.COUNT).build())
                .getFirst().get(QueryRequest.COUNT);
    }

    /** Starts a writer, lets it acknowledge {@code acks} batches, kills it with SIGKILL; returns the last acked batch. */
    private long runAndKill(int acks) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName(), dir.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long lastAcked = -1;
        int seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ready ")) {
                    lastAcked = Long.parseLong(line.substring(6)) - 1;
                    AkashaException e = assertThrows(AkashaException.class, () -> Akasha.open(dir));
                    assertEquals("data directory " + dir.toAbsolutePath() + " is in use by another process (it holds "
                            + dir.toAbsolutePath().resolve("LOCK") + ")", e.getMessage());
                } else if (line.startsWith("acked ")) {
                    lastAcked = Long.parseLong(line.substring(6));
                    if (++seen == acks) {
                        // kill -9 itself (Process.destroyForcibly would also close our end of the
                        // pipe): reading goes on to the end, as acks printed before the kill are still in it.
                        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
                    }
                }
            }
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
        assertTrue(seen >= acks, "the writer acknowledged only " + seen + " batches (exit " + process.exitValue() + ")");
        return lastAcked;
    }
}
