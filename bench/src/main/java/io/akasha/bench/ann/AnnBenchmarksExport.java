package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akasha.core.dataset.XvecsReader;
import io.akasha.core.dataset.XvecsWriter;
import io.akasha.core.vector.FloatVectors;

/**
 * Writes a run in ann-benchmarks' result format (through h5py, see {@link #store}), so its
 * plotting can draw our runs:
 * {@code <root>/<dataset>/<k>/<system>/<parameters>.hdf5}, one file per sweep point (from the
 * first round), with the attributes ann-benchmarks' {@code compute_metrics} reads
 * ({@code algo, dataset, name, distance, count, build_time, index_size, best_search_time,
 * candidates, run_count, batch_mode, expect_extra}) and the datasets {@code times} (seconds per
 * query), {@code neighbors} and {@code distances} (k per query, padded with -1 and infinity).
 * Distances are recomputed here in float64, in ann-benchmarks' units: Euclidean (not squared)
 * for euclidean, 1 - cosine for angular, and minus the inner product for dot.
 */
final class AnnBenchmarksExport {

    private AnnBenchmarksExport() {
    }

    /**
     * @param distance     ann-benchmarks' metric name: {@code euclidean}, {@code angular} or {@code dot}
     * @param roundOutputs per system, the output folder of its first round
     */
    static void write(Path root, String dataset, int k, String distance, PreparedData data,
                      List<AnnRunCommand.SystemResult> results, Map<String, Path> roundOutputs) throws IOException {
        try (FloatVectors base = XvecsReader.readFloatVectors(data.base());
             FloatVectors queries = XvecsReader.readFloatVectors(data.queries())) {
            for (AnnRunCommand.SystemResult result : results) {
                if (result.failure() != null) {
                    continue;
                }
                Path folder = root.resolve(dataset).resolve(Integer.toString(k)).resolve(result.system());
                Files.createDirectories(folder);
                Map<String, String> build = result.buildReports().getFirst();
                for (CurvePoint point : result.rounds().getFirst()) {
                    Path output = roundOutputs.get(result.system());
                    int[][] ids = XvecsReader.readIntVectors(output.resolve("ids-" + point.point() + ".ivecs"));
                    float[] seconds = times(output.resolve("times-" + point.point() + ".txt"));
                    String name = name(result.build(), point.point());
                    Map<String, Object> attributes = new LinkedHashMap<>();
                    attributes.put("algo", result.system());
                    attributes.put("dataset", dataset);
                    attributes.put("name", name);
                    attributes.put("distance", distance);
                    attributes.put("count", k);
                    attributes.put("build_time", Double.parseDouble(build.get("build_seconds")));
                    attributes.put("index_size", Double.parseDouble(build.get("index_bytes")) / 1024);
                    attributes.put("best_search_time", 1.0 / point.qps());
                    attributes.put("candidates", (double) k);
                    attributes.put("run_count", 1);
                    attributes.put("batch_mode", false);
                    attributes.put("expect_extra", false);
                    store(folder.resolve(name + ".hdf5"), attributes, padded(ids, k),
                            distances(ids, k, base, queries, distance), seconds);
                }
            }
        }
    }

    /**
     * Hands the content to {@code baselines/ann-benchmarks/write_result.py}: ann-benchmarks reads
     * string attributes as Python {@code str}, which only h5py's variable-length strings give
     * (jhdf writes fixed-length ones, read back as bytes).
     */
    private static void store(Path target, Map<String, Object> attributes, int[][] neighbors, float[][] distances,
                              float[] seconds) throws IOException {
        Path staging = Files.createTempDirectory("akasha-ann-export");
        try (FloatVectors distanceRows = FloatVectors.of(distances)) {
            new ObjectMapper().writeValue(staging.resolve("attrs.json").toFile(), attributes);
            XvecsWriter.writeIntVectors(staging.resolve("neighbors.ivecs"), neighbors);
            XvecsWriter.writeFloatVectors(staging.resolve("distances.fvecs"), distanceRows);
            StringBuilder times = new StringBuilder();
            for (float t : seconds) {
                times.append(t).append('\n');
            }
            Files.writeString(staging.resolve("times.txt"), times);
            List<String> command = new java.util.ArrayList<>(BaselineSetup.h5pyWriter());
            command.addAll(List.of(staging.toString(), target.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IOException("writing " + target + " failed: " + output.strip());
            }
        } catch (SystemUnavailableException e) {
            throw new IOException("cannot write ann-benchmarks results: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + target, e);
        } finally {
            try (var files = Files.list(staging)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(staging);
        }
    }

    /** ann-benchmarks names a run by its parameters, e.g. {@code M_16_efConstruction_200_ef_64}. */
    static String name(Map<String, String> build, String point) {
        String parameters = new TreeMap<>(build).entrySet().stream().map(e -> e.getKey() + "_" + e.getValue())
                .collect(Collectors.joining("_"));
        return (parameters.isEmpty() ? "" : parameters + "_") + "ef_" + point;
    }

    private static float[] times(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
        float[] seconds = new float[lines.size()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = (float) (Double.parseDouble(lines.get(i).trim()) / 1e6);
        }
        return seconds;
    }

    private static int[][] padded(int[][] ids, int k) {
        int[][] rows = new int[ids.length][];
        for (int q = 0; q < ids.length; q++) {
            rows[q] = Arrays.copyOf(ids[q], k);
            Arrays.fill(rows[q], Math.min(ids[q].length, k), k, -1);
        }
        return rows;
    }

    private static float[][] distances(int[][] ids, int k, FloatVectors base, FloatVectors queries, String distance) {
        float[][] rows = new float[ids.length][k];
        for (int q = 0; q < ids.length; q++) {
            float[] query = queries.get(q);
            Arrays.fill(rows[q], Float.POSITIVE_INFINITY);
            for (int i = 0; i < Math.min(k, ids[q].length); i++) {
                float[] row = base.get(ids[q][i]);
                double dot = 0, square = 0, rowNorm = 0, queryNorm = 0;
                for (int d = 0; d < row.length; d++) {
                    dot += (double) row[d] * query[d];
                    square += ((double) row[d] - query[d]) * ((double) row[d] - query[d]);
                    rowNorm += (double) row[d] * row[d];
                    queryNorm += (double) query[d] * query[d];
                }
                rows[q][i] = (float) switch (distance) {
                    case "euclidean" -> Math.sqrt(square);
                    case "angular" -> 1 - dot / Math.sqrt(rowNorm * queryNorm);
                    default -> -dot;
                };
            }
        }
        return rows;
    }
}
