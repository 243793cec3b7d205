package io.akasha.diskann;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.akasha.core.index.Workers;
import io.akasha.core.vector.ProductQuantizer;
import io.akasha.core.vector.Similarity;
import io.akasha.storage.DurableFiles;
import io.akasha.storage.MappedFile;

/**
 * Writes a DiskANN index file ({@link DiskIndexFormat}) durably: into a temporary sibling, forced,
 * then renamed into place, so a crash leaves the old file or the new one, never half of one. The
 * records (and the PQ codes, when they are encoded here) are written by several threads, each
 * taking the next run of nodes.
 */
final class DiskIndexWriter {

    private static final int CHUNK = 1024;

    /** What goes into each record: a node's vector (scoring form) and its links; called from several threads. */
    interface Records {
        /** Fills {@code vector} with node {@code node}'s vector. */
        void vector(int node, float[] vector);

        /** Fills {@code links} (R long) with node {@code node}'s links; returns how many. */
        int links(int node, int[] links);
    }

    private DiskIndexWriter() {
    }

    /**
     * Writes {@code nodes} records and the quantizer to {@code path}; each code is {@code codes}
     * of the node when given, else the quantizer's encoding of its vector; {@code threads} threads.
     */
    static void write(Path path, int nodes, RecordLayout layout, int medoid, Similarity similarity, Records records,
                      ProductQuantizer quantizer, MemorySegment codes, int threads) throws IOException {
        int dim = layout.dim();
        int degree = layout.maxDegree();
        long quantizerAt = layout.end(nodes);
        long codesAt = quantizerAt + quantizer.byteSize();
        int codeBytes = quantizer.subspaces();
        long size = codesAt + (long) nodes * codeBytes;
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (MappedFile out = MappedFile.create(temporary, size)) {
            MemorySegment file = out.segment();
            MemorySegment.copy(DiskIndexFormat.MAGIC.getBytes(StandardCharsets.US_ASCII), 0, file,
                    ValueLayout.JAVA_BYTE, 0, 8);
            int[] header = {DiskIndexFormat.VERSION, nodes, dim, degree, medoid, similarity.ordinal(),
                    layout.recordBytes(), layout.recordsPerSector(), layout.sectorsPerRecord()};
            for (int i = 0; i < header.length; i++) {
                file.set(DiskIndexFormat.INT, DiskIndexFormat.VERSION_AT + 4L * i, header[i]);
            }
            file.set(DiskIndexFormat.LONG, DiskIndexFormat.QUANTIZER_AT, quantizerAt);
            file.set(DiskIndexFormat.LONG, DiskIndexFormat.CODES_AT, codesAt);
            Workers.forEach(threads, "diskann-write", "DiskANN index write", nodes, CHUNK, () -> {
                float[] row = new float[dim];
                int[] links = new int[degree];
                byte[] code = new byte[codeBytes];
                return node -> {
                    long at = layout.offset(node);
                    records.vector(node, row);
                    MemorySegment.copy(row, 0, file, DiskIndexFormat.FLOAT, at, dim);
                    int count = records.links(node, links);
                    file.set(DiskIndexFormat.INT, at + 4L * dim, count);
                    for (int i = 0; i < degree; i++) {
                        file.set(DiskIndexFormat.INT, at + 4L * (dim + 1 + i), i < count ? links[i] : -1);
                    }
                    long codeAt = codesAt + (long) node * codeBytes;
                    if (codes != null) {
                        MemorySegment.copy(codes, (long) node * codeBytes, file, codeAt, codeBytes);
                    } else {
                        quantizer.encode(row, code);
                        MemorySegment.copy(code, 0, file, ValueLayout.JAVA_BYTE, codeAt, codeBytes);
                    }
                };
            });
            quantizer.writeTo(file, quantizerAt);
            out.force();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        DurableFiles.publish(temporary, path);
    }
}
