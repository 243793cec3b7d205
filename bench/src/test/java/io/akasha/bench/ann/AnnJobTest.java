package io.akasha.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnJobTest {

    @TempDir
    Path dir;

    @Test
    void aJobSurvivesTheFileAndReadsAsPlainKeyValueLines() throws IOException {
        AnnJob job = new AnnJob("hnswlib", dir.resolve("b.fvecs"), dir.resolve("q.fvecs"), "ip", 10, 2,
                Map.of("M", "16", "efConstruction", "200"), List.of("10", "20", "40"), 3, 1.5, 0.25, dir.resolve("out"));
        Path file = dir.resolve("job");
        job.write(file);
        assertEquals(job, AnnJob.read(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals("system=hnswlib", lines.getFirst());
        assertEquals(true, lines.contains("build.M=16"));
        assertEquals(true, lines.contains("sweep=10,20,40"));
        assertEquals(List.of("10", "20", "40"), job.points());
    }

    @Test
    void anEmptySweepIsOneDefaultPointAndBadJobsAreRefused() throws IOException {
        AnnJob job = new AnnJob("akasha-flat", dir.resolve("b"), dir.resolve("q"), "l2", 1, 1, Map.of(), List.of(), 1,
                0, 0, dir);
        job.write(dir.resolve("job"));
        assertEquals(List.of("default"), AnnJob.read(dir.resolve("job")).points());
        assertEquals("metric must be l2 or ip (cosine data is normalized and run as ip), got cosine",
                assertThrows(IllegalArgumentException.class, () -> new AnnJob("x", dir, dir, "cosine", 1, 1, Map.of(),
                        List.of(), 1, 0, 0, dir)).getMessage());
        Files.writeString(dir.resolve("partial"), "system=x\n");
        assertEquals(dir.resolve("partial") + ": missing 'sweep'",
                assertThrows(IllegalArgumentException.class, () -> AnnJob.read(dir.resolve("partial"))).getMessage());
    }
}
