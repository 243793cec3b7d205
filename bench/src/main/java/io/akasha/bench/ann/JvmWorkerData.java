package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import io.akasha.core.dataset.XvecsReader;
import io.akasha.core.vector.FloatVectors;

/**
 * What the JVM baseline workers share: the job's vectors as {@code float[]} rows (the form the
 * baselines' own APIs take; Akasha's kernels are not used to search them) and the build report.
 *
 * @param base    base rows
 * @param queries query rows, in the job's order
 */
record JvmWorkerData(float[][] base, float[][] queries) {

    static JvmWorkerData load(AnnJob job) throws IOException {
        return new JvmWorkerData(rows(job.base()), rows(job.queries()));
    }

    int dim() {
        return base[0].length;
    }

    /** Writes {@code build.txt} for the runner, with memory read the same way as every worker. */
    static void writeBuildReport(AnnJob job, double buildSeconds, long indexBytes) throws IOException {
        Files.createDirectories(job.output());
        Files.writeString(job.output().resolve("build.txt"), "build_seconds=" + buildSeconds + "\n"
                + "index_bytes=" + indexBytes + "\n"
                + "rss_kb=" + ProcessMemory.residentKiB() + "\n"
                + "peak_rss_kb=" + ProcessMemory.peakResidentKiB() + "\n", StandardCharsets.UTF_8);
    }

    static int intParameter(AnnJob job, String name, int defaultValue) {
        String value = job.build().get(name);
        return value == null ? defaultValue : Integer.parseInt(value);
    }

    private static float[][] rows(java.nio.file.Path file) throws IOException {
        try (FloatVectors vectors = XvecsReader.readFloatVectors(file)) {
            float[][] rows = new float[vectors.count()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = vectors.get(i);
            }
            return rows;
        }
    }
}
