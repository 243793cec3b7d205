package io.akasha.core.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.akasha.core.vector.VectorUtil;
import io.akasha.storage.MappedFile;
import org.junit.jupiter.api.Test;

/**
 * The embedder contract: a host JVM needs at most {@code --add-modules jdk.incubator.vector} and
 * {@code --enable-native-access=ALL-UNNAMED} (which only silences a warning), never
 * {@code --add-opens} or {@code --add-exports}. Checked in a fresh child JVM whose class path
 * holds only engine-core and storage-mmap (no test libraries, no optional dependencies).
 */
class EmbedderContractTest {

    @Test
    void hostJvmWithOnlyTheVectorModuleRunsTheEngineWithSimdAndNoWarnings() throws Exception {
        Run run = runChild(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("kernel=panama-"), run.toString());
        assertTrue(run.stdout.contains("ids=[42, "), run.toString());
        assertTrue(run.stdout.contains("durable=[7, 8] keysInMemory=0"), run.toString());
        assertTrue(run.stdout.contains("advised=true") || !System.getProperty("os.name").startsWith("Linux"),
                run.toString());
        List<String> warnings = run.stderr.lines()
                .filter(line -> line.contains("WARNING"))
                .filter(line -> !line.contains("Using incubator modules: jdk.incubator.vector"))
                .toList();
        assertEquals(List.of(), warnings, "no warning beyond the JDK's incubator notice:\n" + run);
    }

    @Test
    void hostJvmWithoutAnyFlagStillWorksWithScalarKernelsAndIsToldHowToEnableSimd() throws Exception {
        Run run = runChild(List.of());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("kernel=scalar"), run.toString());
        assertTrue(run.stdout.contains("ids=[42, "), run.toString());
        long hints = run.stderr.lines().filter(line -> line.contains("--add-modules jdk.incubator.vector")).count();
        assertEquals(1, hints, "exactly one line says how to enable SIMD:\n" + run);
        assertTrue(!run.stderr.contains("Exception"), run.toString());
    }

    private record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private static Run runChild(List<String> jvmFlags) throws IOException, InterruptedException {
        // The engine's own classes and its required dependencies, nothing else.
        String classPath = String.join(java.io.File.pathSeparator,
                locationOf(VectorUtil.class), locationOf(MappedFile.class), locationOf(EmbeddedEngineMain.class),
                locationOf(com.fasterxml.jackson.databind.ObjectMapper.class),
                locationOf(com.fasterxml.jackson.core.JsonFactory.class),
                locationOf(com.fasterxml.jackson.annotation.JsonAutoDetect.class),
                locationOf(org.roaringbitmap.RoaringBitmap.class), locationOf(org.HdrHistogram.Histogram.class));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath, EmbeddedEngineMain.class.getName()));
        Process process = new ProcessBuilder(command).start();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        return new Run(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
