package io.akasha.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.akasha.core.dataset.XvecsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's reading of a worker's output, checked against numbers worked out by hand. */
class WorkerFilesTest {

    @TempDir
    Path dir;

    @Test
    void recallAndMediansMatchAnIndependentCount() throws IOException {
        int[][] truth = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}};
        // ef=10: 3/3, 2/3, 1/3, 0/3 found -> (1 + 2/3 + 1/3 + 0) / 4 = 0.5
        XvecsWriter.writeIntVectors(dir.resolve("ids-10.ivecs"), new int[][] {{3, 2, 1}, {4, 99, 5}, {9, 0, 0}, {0, 0, 0}});
        // ef=20: everything found, in any order -> 1.0
        XvecsWriter.writeIntVectors(dir.resolve("ids-20.ivecs"), new int[][] {{1, 2, 3}, {6, 5, 4}, {8, 9, 7}, {12, 10, 11}});
        Files.writeString(dir.resolve("timings.csv"), WorkerFiles.TIMINGS_HEADER + "\n"
                + "10,0,1000,1900,10,20,30,40\n"
                + "10,1,1200,2100,12,22,32,42\n"
                + "10,2,900,2000,11,21,31,41\n"
                + "20,0,500,950,50,60,70,80\n");
        List<CurvePoint> curve = WorkerFiles.readCurve(dir, truth, 3);
        assertEquals(2, curve.size());
        CurvePoint first = curve.getFirst();
        assertEquals("10", first.point());
        assertEquals(0.5, first.recall(), 1e-12);
        assertEquals(1000, first.qps(), "median of 1000, 1200, 900");
        assertEquals(900, first.qpsMin());
        assertEquals(1200, first.qpsMax());
        assertEquals(2000, first.qpsThreads());
        assertEquals(11, first.p50Micros());
        assertEquals(41, first.p999Micros());
        assertEquals(1.0, curve.get(1).recall(), 1e-12);
        assertEquals(500, curve.get(1).qps());
    }

    @Test
    void aWorkerThatReturnedTooFewRowsOrAnotherLayoutIsReported() throws IOException {
        int[][] truth = {{1}, {2}};
        XvecsWriter.writeIntVectors(dir.resolve("ids-default.ivecs"), new int[][] {{1}});
        Files.writeString(dir.resolve("timings.csv"), WorkerFiles.TIMINGS_HEADER + "\ndefault,0,1,1,1,1,1,1\n");
        assertEquals(dir + ": point default returned 1 rows of ids for 2 queries",
                assertThrows(IOException.class, () -> WorkerFiles.readCurve(dir, truth, 1)).getMessage());
        Files.writeString(dir.resolve("timings.csv"), "qps\n1\n");
        assertEquals(dir.resolve("timings.csv") + ": expected the header '" + WorkerFiles.TIMINGS_HEADER + "'",
                assertThrows(IOException.class, () -> WorkerFiles.readCurve(dir, truth, 1)).getMessage());
    }

    @Test
    void buildReportIsReadAsKeyValueLines() throws IOException {
        Files.writeString(dir.resolve("build.txt"), "build_seconds=1.5\npeak_rss_kb = 2048\n\n");
        assertEquals(Map.of("build_seconds", "1.5", "peak_rss_kb", "2048"), WorkerFiles.readBuild(dir));
    }
}
