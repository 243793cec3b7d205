package io.akasha.hnsw;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import io.akasha.core.vector.Int8Quantizer;
import io.akasha.core.vector.Similarity;
import io.akasha.storage.Advice;
import io.akasha.storage.CorruptFileException;
import io.akasha.storage.DurableFiles;
import io.akasha.storage.FileHeader;
import io.akasha.storage.SectionedFile;
import io.akasha.storage.SectionedFileWriter;

/**
 * Writes an HNSW graph to a file ({@link HnswFormat}) and maps it back: the sealed-segment form,
 * opened without a rebuild and without reading level 0, which is searched straight from the
 * mapping.
 */
final class HnswFile {

    private HnswFile() {
    }

    /** Writes {@code graph} durably (temporary file, forced, renamed) to {@code path}. */
    static void write(Path path, HnswGraph graph, int nodes, int dim, HnswParameters parameters, Similarity metric,
                      QuantizedVectors quantized) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (SectionedFileWriter out = SectionedFileWriter.create(temporary, HnswFormat.MAGIC, HnswFormat.VERSION)) {
            out.beginSection(0, HnswFormat.META).i32(graph.m).i32(nodes).i32(graph.entryNode()).i32(dim)
                    .i64(parameters.seed()).i32(parameters.efConstruction()).i32(metric.ordinal()).endSection();
            out.beginSection(0, HnswFormat.LEVEL0).bytes(graph.level0().asSlice(0, nodes * HnswFormat.level0Stride(graph.m)))
                    .endSection();
            byte[] levels = new byte[nodes];
            for (int node = 0; node < nodes; node++) {
                levels[node] = (byte) graph.level(node);
            }
            out.beginSection(0, HnswFormat.LEVELS).bytes(levels).endSection();
            out.beginSection(0, HnswFormat.UPPER);
            for (int node = 0; node < nodes; node++) {
                int[] links = graph.upperLinks(node);
                for (int i = 0; links != null && i < links.length; i++) {
                    out.i32(links[i]);
                }
            }
            out.endSection();
            if (quantized != null) {
                out.beginSection(0, HnswFormat.QUANTIZER).f32(quantized.quantizer().center())
                        .f32(quantized.quantizer().step())
                        .bytes(quantized.corrections().asSlice(0, (long) nodes * Float.BYTES)).endSection();
                out.beginSection(0, HnswFormat.CODES).bytes(quantized.codes().asSlice(0, (long) nodes * dim)).endSection();
            }
            out.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        DurableFiles.publish(temporary, path);
    }

    /** What {@link #open} returns: the graph, the parameters the file records, and the int8 codes if it has them. */
    record Opened(HnswGraph graph, int nodes, int dim, HnswParameters parameters, Similarity metric,
                  QuantizedVectors quantized) {
    }

    /**
     * Maps a graph file, checking its structure and the checksums of everything but level 0,
     * which is checked the first time a search uses it; reads only the levels and upper links.
     */
    static Opened open(Path path) throws IOException {
        SectionedFile file = SectionedFile.open(path, "HNSW graph", HnswFormat.MAGIC, HnswFormat.MIN_READABLE_VERSION,
                HnswFormat.VERSION);
        try {
            MemorySegment meta = file.checkedSection(0, HnswFormat.META);
            int m = meta.get(FileHeader.INT_LE, 0);
            int nodes = meta.get(FileHeader.INT_LE, 4);
            int entry = meta.get(FileHeader.INT_LE, 8);
            int dim = meta.get(FileHeader.INT_LE, 12);
            long seed = meta.get(FileHeader.LONG_LE, 16);
            int efConstruction = meta.get(FileHeader.INT_LE, 24);
            int metric = meta.get(FileHeader.INT_LE, 28);
            if (m < 2 || nodes < 0 || entry < -1 || entry >= Math.max(nodes, 1) || metric < 0
                    || metric >= Similarity.values().length) {
                throw new CorruptFileException(path + ": header fields out of range (M " + m + ", nodes " + nodes
                        + ", entry " + entry + ", metric " + metric + ")");
            }
            MemorySegment level0 = file.section(0, HnswFormat.LEVEL0);
            MemorySegment levelBytes = file.checkedSection(0, HnswFormat.LEVELS);
            MemorySegment upperInts = file.checkedSection(0, HnswFormat.UPPER);
            if (level0.byteSize() != nodes * HnswFormat.level0Stride(m) || levelBytes.byteSize() != nodes) {
                throw new CorruptFileException(path + ": sections do not fit " + nodes + " nodes with M " + m);
            }
            byte[] levels = levelBytes.toArray(ValueLayout.JAVA_BYTE);
            int[][] upper = new int[nodes][];
            long at = 0;
            for (int node = 0; node < nodes; node++) {
                if (levels[node] > 0) {
                    int length = levels[node] * (m + 1);
                    if (upperInts.byteSize() < at + (long) length * Integer.BYTES) {
                        throw new CorruptFileException(path + ": ends inside the upper links of node " + node);
                    }
                    upper[node] = new int[length];
                    MemorySegment.copy(upperInts, HnswFormat.INT, at, upper[node], 0, length);
                    at += (long) length * Integer.BYTES;
                }
            }
            if (at != upperInts.byteSize()) {
                throw new CorruptFileException(path + ": " + (upperInts.byteSize() - at) + " bytes after the last upper link");
            }
            Similarity similarity = Similarity.values()[metric];
            QuantizedVectors quantized = file.hasSection(0, HnswFormat.CODES)
                    ? openCodes(path, file, nodes, dim, similarity) : null;
            // A graph search jumps between nodes: tell the kernel not to read ahead.
            file.mappedFile().advise(Advice.RANDOM);
            HnswGraph graph = new HnswGraph(m, file, level0, upper, levels, entry);
            HnswParameters parameters = new HnswParameters(m, efConstruction, seed, quantized == null
                    ? HnswParameters.Quantization.NONE : HnswParameters.Quantization.INT8);
            return new Opened(graph, nodes, dim, parameters, similarity, quantized);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The int8 codes and corrections, read in place (codes checked when a search first needs them, as level 0). */
    private static QuantizedVectors openCodes(Path path, SectionedFile file, int nodes, int dim, Similarity similarity)
            throws IOException {
        MemorySegment quantizer = file.checkedSection(0, HnswFormat.QUANTIZER);
        MemorySegment codes = file.section(0, HnswFormat.CODES);
        long correctionBytes = (long) nodes * Float.BYTES;
        if (quantizer.byteSize() != 2L * Float.BYTES + correctionBytes || codes.byteSize() != (long) nodes * dim) {
            throw new CorruptFileException(path + ": the int8 sections do not fit " + nodes + " vectors of dimension "
                    + dim);
        }
        Int8Quantizer range;
        try {
            range = new Int8Quantizer(quantizer.get(QuantizedVectors.FLOAT, 0), quantizer.get(QuantizedVectors.FLOAT, 4));
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(path + ": " + e.getMessage());
        }
        return QuantizedVectors.mapped(range, similarity, dim, codes, quantizer.asSlice(2L * Float.BYTES));
    }
}
