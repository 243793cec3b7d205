package io.akasha.hnsw;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import io.akasha.core.vector.Similarity;
import io.akasha.storage.Advice;
import io.akasha.storage.CorruptFileException;
import io.akasha.storage.DurableFiles;
import io.akasha.storage.FileHeader;
import io.akasha.storage.MappedFile;

/**
 * Writes an HNSW graph to a file ({@link HnswFormat}) and maps it back: the sealed-segment form,
 * opened without a rebuild and without reading level 0, which is searched straight from the
 * mapping.
 */
final class HnswFile {

    private HnswFile() {
    }

    /** Writes {@code graph} durably (temporary file, forced, renamed) to {@code path}. */
    static void write(Path path, HnswGraph graph, int nodes, int dim, HnswParameters parameters, Similarity metric)
            throws IOException {
        long upperInts = 0;
        for (int node = 0; node < nodes; node++) {
            upperInts += graph.level(node) * (graph.m + 1L);
        }
        long level0Bytes = nodes * HnswFormat.level0Stride(graph.m);
        long size = HnswFormat.LEVEL0_OFFSET + level0Bytes + nodes + upperInts * Integer.BYTES;
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (MappedFile out = MappedFile.create(temporary, size)) {
            MemorySegment bytes = out.segment();
            FileHeader.write(bytes, HnswFormat.MAGIC, HnswFormat.VERSION);
            bytes.set(FileHeader.INT_LE, HnswFormat.M_OFFSET, graph.m);
            bytes.set(FileHeader.INT_LE, HnswFormat.COUNT_OFFSET, nodes);
            bytes.set(FileHeader.INT_LE, HnswFormat.ENTRY_OFFSET, graph.entryNode());
            bytes.set(FileHeader.INT_LE, HnswFormat.DIMENSION_OFFSET, dim);
            bytes.set(FileHeader.LONG_LE, HnswFormat.SEED_OFFSET, parameters.seed());
            bytes.set(FileHeader.INT_LE, HnswFormat.EF_CONSTRUCTION_OFFSET, parameters.efConstruction());
            bytes.set(FileHeader.INT_LE, HnswFormat.METRIC_OFFSET, metric.ordinal());
            MemorySegment.copy(graph.level0(), 0, bytes, HnswFormat.LEVEL0_OFFSET, level0Bytes);
            long at = HnswFormat.LEVEL0_OFFSET + level0Bytes;
            for (int node = 0; node < nodes; node++) {
                bytes.set(ValueLayout.JAVA_BYTE, at + node, (byte) graph.level(node));
            }
            at += nodes;
            for (int node = 0; node < nodes; node++) {
                int[] links = graph.upperLinks(node);
                if (links != null) {
                    MemorySegment.copy(links, 0, bytes, HnswFormat.INT, at, links.length);
                    at += (long) links.length * Integer.BYTES;
                }
            }
            out.force();
        }
        DurableFiles.publish(temporary, path);
    }

    /** What {@link #open} returns: the graph and the parameters the file records. */
    record Opened(HnswGraph graph, int nodes, int dim, HnswParameters parameters, Similarity metric) {
    }

    /** Maps a graph file, checking its header and size, reading only the levels and upper links. */
    static Opened open(Path path) throws IOException {
        MappedFile file = MappedFile.openReadOnly(path);
        try {
            MemorySegment bytes = file.segment();
            FileHeader.check(bytes, path, "HNSW graph", HnswFormat.MAGIC, HnswFormat.MIN_READABLE_VERSION,
                    HnswFormat.VERSION);
            if (bytes.byteSize() < HnswFormat.LEVEL0_OFFSET) {
                throw new CorruptFileException(path + ": " + bytes.byteSize() + " bytes is shorter than the "
                        + HnswFormat.LEVEL0_OFFSET + "-byte HNSW header");
            }
            int m = bytes.get(FileHeader.INT_LE, HnswFormat.M_OFFSET);
            int nodes = bytes.get(FileHeader.INT_LE, HnswFormat.COUNT_OFFSET);
            int entry = bytes.get(FileHeader.INT_LE, HnswFormat.ENTRY_OFFSET);
            int dim = bytes.get(FileHeader.INT_LE, HnswFormat.DIMENSION_OFFSET);
            long seed = bytes.get(FileHeader.LONG_LE, HnswFormat.SEED_OFFSET);
            int efConstruction = bytes.get(FileHeader.INT_LE, HnswFormat.EF_CONSTRUCTION_OFFSET);
            int metric = bytes.get(FileHeader.INT_LE, HnswFormat.METRIC_OFFSET);
            if (m < 2 || nodes < 0 || entry < -1 || entry >= Math.max(nodes, 1) || metric < 0
                    || metric >= Similarity.values().length) {
                throw new CorruptFileException(path + ": header fields out of range (M " + m + ", nodes " + nodes
                        + ", entry " + entry + ", metric " + metric + ")");
            }
            long level0Bytes = nodes * HnswFormat.level0Stride(m);
            long at = HnswFormat.LEVEL0_OFFSET + level0Bytes;
            if (bytes.byteSize() < at + nodes) {
                throw new CorruptFileException(path + ": " + bytes.byteSize() + " bytes cannot hold " + nodes
                        + " nodes with M " + m);
            }
            byte[] levels = new byte[nodes];
            MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, at, levels, 0, nodes);
            at += nodes;
            int[][] upper = new int[nodes][];
            for (int node = 0; node < nodes; node++) {
                if (levels[node] > 0) {
                    int length = levels[node] * (m + 1);
                    if (bytes.byteSize() < at + (long) length * Integer.BYTES) {
                        throw new CorruptFileException(path + ": ends inside the upper links of node " + node);
                    }
                    upper[node] = new int[length];
                    MemorySegment.copy(bytes, HnswFormat.INT, at, upper[node], 0, length);
                    at += (long) length * Integer.BYTES;
                }
            }
            if (at != bytes.byteSize()) {
                throw new CorruptFileException(path + ": " + (bytes.byteSize() - at) + " bytes after the last upper link");
            }
            // A graph search jumps between nodes: tell the kernel not to read ahead.
            file.advise(Advice.RANDOM);
            MemorySegment level0 = bytes.asSlice(HnswFormat.LEVEL0_OFFSET, level0Bytes);
            HnswGraph graph = new HnswGraph(m, file, level0, upper, levels, entry);
            return new Opened(graph, nodes, dim, new HnswParameters(m, efConstruction, seed),
                    Similarity.values()[metric]);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
