package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.QueryRequest;

/**
 * {@code kill -9} of a process in the middle of inserting, upserting and deleting, with
 * checkpoints (segment files written, log generations deleted) running all the time: after each
 * kill the directory opens, and the collection holds exactly the state after the last
 * acknowledged operation, or after the one in flight, applied whole; every row's content is
 * compared. Twenty rounds on the same directory, each killed at a random moment; while the writer
 * runs, this process cannot open the directory.
 */
class CrashRecoveryTest {

    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Random random = new Random();
        long next = 0;
        int inFlightApplied = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long lastAcked = runAndKill(next, 1 + random.nextInt(40), random);
            try (Akasha akasha = Akasha.open(dir, CrashWriterMain.OPTIONS)) {
                Map<Long, CrashWriterMain.Row> found = lastAcked < 0 && !akasha.hasCollection("crash")
                        ? Map.of() : contents(akasha.collection("crash"));
                if (found.equals(CrashWriterMain.expected(lastAcked))) {
                    next = lastAcked + 1;
                } else if (found.equals(CrashWriterMain.expected(lastAcked + 1))) {
                    next = lastAcked + 2;
                    inFlightApplied++;
                } else {
                    fail("round " + round + ": after acknowledged operation " + lastAcked + " the collection holds "
                            + found.size() + " rows, matching neither that state (" + CrashWriterMain.expected(lastAcked).size()
                            + " rows) nor the next (" + CrashWriterMain.expected(lastAcked + 1).size() + " rows); first "
                            + "difference: " + firstDifference(CrashWriterMain.expected(lastAcked), found));
                }
            }
        }
        System.out.println(ROUNDS + " kills survived; " + next + " operations; the in-flight operation was applied in "
                + inFlightApplied + " rounds; segment files now: " + count("data.aks"));
    }

    private long count(String name) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().equals(name)).count();
        }
    }

    private static Map<Long, CrashWriterMain.Row> contents(Collection c) {
        Map<Long, CrashWriterMain.Row> rows = new TreeMap<>();
        for (Map<String, Object> row : c.query(QueryRequest.builder().filter("id >= 0").outputFields("v", "version")
                .limit(16_384).build())) {
            rows.put((Long) row.get("id"), new CrashWriterMain.Row((Long) row.get("version"), (float[]) row.get("v")));
        }
        // The same rows by primary key (the key index, mostly in the catalog), and no others.
        long last = rows.isEmpty() ? 0 : ((TreeMap<Long, CrashWriterMain.Row>) rows).lastKey() + 10;
        Map<Long, CrashWriterMain.Row> byKey = new TreeMap<>();
        for (long from = 0; from <= last; from += 1_000) {
            List<Long> ids = new ArrayList<>();
            for (long id = from; id < Math.min(last + 1, from + 1_000); id++) {
                ids.add(id);
            }
            for (Map<String, Object> row : c.get(ids, "v", "version")) {
                byKey.put((Long) row.get("id"), new CrashWriterMain.Row((Long) row.get("version"), (float[]) row.get("v")));
            }
        }
        String difference = firstDifference(rows, byKey);
        if (!"none".equals(difference)) {
            throw new AssertionError("get by key disagrees with a query: " + difference);
        }
        return rows;
    }

    private static String firstDifference(Map<Long, CrashWriterMain.Row> expected, Map<Long, CrashWriterMain.Row> found) {
        for (Long id : expected.keySet()) {
            if (!expected.get(id).equals(found.get(id))) {
                return "row " + id + ": expected " + expected.get(id) + ", found " + found.get(id);
            }
        }
        for (Long id : found.keySet()) {
            if (!expected.containsKey(id)) {
                return "row " + id + " should not exist: " + found.get(id);
            }
        }
        return "none";
    }

    /**
     * Starts a writer at operation {@code start}, lets it acknowledge {@code acks} operations,
     * waits a random moment and kills it with SIGKILL; returns the last acknowledged operation.
     */
    private long runAndKill(long start, int acks, Random random) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName(), dir.toString(),
                Long.toString(start)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long lastAcked = start - 1;
        int seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("ready")) {
                    AkashaException e = assertThrows(AkashaException.class, () -> Akasha.open(dir));
                    assertEquals("data directory " + dir.toAbsolutePath() + " is in use by another process (it holds "
                            + dir.toAbsolutePath().resolve("LOCK") + ")", e.getMessage());
                } else if (line.startsWith("acked ")) {
                    lastAcked = Long.parseLong(line.substring(6));
                    if (++seen == acks) {
                        Thread.sleep(random.nextInt(4));
                        // kill -9 itself (Process.destroyForcibly would also close our end of the
                        // pipe): reading goes on to the end, as acks printed before the kill are still in it.
                        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
                    }
                }
            }
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
        assertTrue(seen >= acks, "the writer acknowledged only " + seen + " operations (exit " + process.exitValue() + ")");
        return lastAcked;
    }
}
