package io.akasha.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A whole run: data prepared, a real worker process launched, its results read back and reported. */
class AnnRunCommandTest {

    @TempDir
    Path dir;

    @Test
    void exactSearchWorkerRunsInItsOwnProcessAndReachesRecallOne() throws Exception {
        Path dataDir = io.akasha.bench.TinyTexmex.write(dir.resolve("data"), "tiny", 2000, 24, 60, 3);
        Path out = dir.resolve("run");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            // No ground-truth file is written: the runner must compute it. "tiny" is not a known set: --metric says L2.
            exit = new CommandLine(new AnnRunCommand()).execute("--data-dir", dataDir.toString(), "--dataset", "tiny",
                    "--metric", "L2", "--systems", "akasha-flat", "--queries", "40", "--repetitions", "2",
                    "--warmup", "0.2", "--measure", "0.1", "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text + "\n" + Files.readString(out.resolve("akasha-flat.log")));
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(2, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(1).startsWith("akasha-flat,default,1.00000,"), csv.get(1));
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("tiny", json.get("dataset").asText());
        assertEquals(1.0, json.get("systems").get(0).get("curve").get(0).get("recall").asDouble());
        assertEquals(1.0, json.get("systems").get(0).get("rounds").get(0).get(0).get("recall").asDouble());
        assertTrue(text.contains("akasha-flat"), text);
        // Not a terminal: progress comes as plain lines, one per step, from the worker's own reports.
        assertTrue(text.contains("[1/2] akasha-flat round 1: built"), text);
        assertTrue(text.contains("[2/2] akasha-flat round 1: point default"), text);
        assertTrue(Files.exists(dir.resolve("cache").resolve("tiny-q40-s42").resolve("truth-k10.ivecs")));
        assertAnnBenchmarksFileReadsWithH5py(out.resolve("ann-benchmarks/tiny/10/akasha-flat/index_flat_ef_default.hdf5"));
    }

    /** Reads an exported file the way ann-benchmarks' plotting does: h5py, attributes and three datasets. */
    /**
     * The on-disk systems: Akasha's DiskANN saved, reopened and read with O_DIRECT in its worker,
     * and jvector's on-disk graph; each sweeps its list and reaches recall 0.95 at the longest.
     */
    @ParameterizedTest
    @ValueSource(strings = {"akasha-diskann", "jvector-ondisk"})
    void onDiskWorkersSweepTheirListAndReachHighRecall(String system) throws Exception {
        Path dataDir = io.akasha.bench.TinyTexmex.write(dir.resolve("data"), "tiny", 2000, 24, 60, 3);
        Path out = dir.resolve("run");
        int exit = new CommandLine(new AnnRunCommand()).execute("--data-dir", dataDir.toString(), "--dataset", "tiny",
                "--metric", "L2", "--systems", system, "--queries", "40", "--repetitions", "1",
                "--warmup", "0.1", "--measure", "0.1", "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, exit, Files.readString(out.resolve(system + ".log")));
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + AnnSystem.LIST_SWEEP.size(), csv.size(), String.join("\n", csv));
        String longest = csv.getLast();
        assertTrue(longest.startsWith(system + ",200,"), longest);
        assertTrue(Double.parseDouble(longest.split(",")[2]) >= 0.95, longest);
    }

    private static void assertAnnBenchmarksFileReadsWithH5py(Path file) throws Exception {
        try {
            BaselineSetup.ensureDebianPackage(BaselineSetup.H5PY_MODULE, "python3-h5py");
        } catch (SystemUnavailableException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "h5py unavailable: " + e.getMessage());
        }
        String script = String.join("\n",
                "import h5py, sys",
                "f = h5py.File(sys.argv[1], 'r')",
                "for key in ['algo', 'dataset', 'name', 'distance', 'count', 'build_time', 'index_size',",
                "            'best_search_time', 'candidates', 'run_count', 'batch_mode', 'expect_extra']:",
                "    print(key, f.attrs[key])",
                "for key in ['times', 'neighbors', 'distances']:",
                "    print(key, f[key].shape, f[key].dtype)",
                "print('first', list(f['neighbors'][0][:3]), float(f['distances'][0][0]), float(f['times'][0]) > 0)");
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script, file.toString())
                .redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, python.waitFor(), out);
        // Python str, not bytes: ann-benchmarks compares them with str keys.
        assertTrue(out.contains("algo akasha-flat\n"), out);
        assertTrue(out.contains("distance euclidean\n"), out);
        assertTrue(out.contains("batch_mode False"), out);
        assertTrue(out.contains("count 10"), out);
        assertTrue(out.contains("times (40,) float32"), out);
        assertTrue(out.contains("neighbors (40, 10) int32"), out);
        assertTrue(out.contains("distances (40, 10) float32"), out);
        assertTrue(out.contains("True"), "per-query times are positive: " + out);
    }
}
