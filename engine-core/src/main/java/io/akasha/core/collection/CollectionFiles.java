package io.akasha.core.collection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import io.akasha.storage.CorruptFileException;
import io.akasha.storage.DurableFiles;

/**
 * The folder of one collection in a data directory.
 *
 * <pre>
 * manifest.json                       a snapshot's checkpoint ({@link Manifest}; a live directory keeps it in the catalog)
 * wal/wal-&lt;generation&gt;.log            the write-ahead log since then
 * segments/&lt;id&gt;/data.aks              a sealed segment's rows ({@link io.akasha.core.segment.SegmentFormat})
 * segments/&lt;id&gt;/deletes-&lt;gen&gt;.bin     its deleted rows as of a checkpoint
 * segments/&lt;id&gt;/&lt;field&gt;.&lt;index&gt;       its saved vector index, for example v.hnsw
 * </pre>
 */
final class CollectionFiles {

    private static final String MANIFEST = "manifest.json";
    private static final String DATA = "data.aks";

    private final Path root;

    CollectionFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path wal() {
        return root.resolve("wal");
    }

    Path segmentFolder(int id) {
        return root.resolve("segments").resolve(Integer.toString(id));
    }

    Path data(int id) {
        return segmentFolder(id).resolve(DATA);
    }

    static String deletionsName(long generation) {
        return String.format(Locale.ROOT, "deletes-%016d.bin", generation);
    }

    /**
     * Moves the single log file of the first layout ({@code wal.log}, no checkpoints) to the first
     * generation of the log folder; the record format is the same. A rename, so a crash leaves
     * either layout.
     */
    void upgradeSingleFileLog() throws IOException {
        Path old = root.resolve("wal.log");
        if (!Files.exists(old)) {
            return;
        }
        Files.createDirectories(wal());
        Path first = wal().resolve(io.akasha.storage.DurableLog.fileName(1));
        if (Files.exists(first)) {
            throw new CorruptFileException(root + " holds both the old single log " + old + " and " + first
                    + "; move one of them away");
        }
        DurableFiles.forceDirectory(root);
        DurableFiles.publish(old, first);
        DurableFiles.forceDirectory(root);
    }

    /** The manifest in {@code manifest.json} (a snapshot's, or one not yet imported into the catalog), or null. */
    Manifest readManifest() throws IOException {
        Path path = root.resolve(MANIFEST);
        if (!Files.exists(path)) {
            return null;
        }
        return Manifest.parse(Files.readAllBytes(path), path.toString());
    }

    /** Deletes {@code manifest.json} once the catalog holds it. */
    void deleteManifestFile() throws IOException {
        if (Files.deleteIfExists(root.resolve(MANIFEST))) {
            DurableFiles.forceDirectory(root);
        }
    }

    /** Writes {@code manifest.json} (the portable form a snapshot carries), atomically. */
    void writeManifest(Manifest manifest) throws IOException {
        DurableFiles.writeAtomically(root.resolve(MANIFEST), manifest.toJson());
    }

    /**
     * Deletes what {@code manifest} does not name: folders of segments it does not list (written
     * by a checkpoint that did not commit, or of dropped partitions) and superseded deletions
     * and index files.
     */
    void removeUnlisted(Manifest manifest) throws IOException {
        Path segments = root.resolve("segments");
        if (!Files.isDirectory(segments)) {
            return;
        }
        Set<Path> keep = new HashSet<>();
        Set<Path> keepFolders = new HashSet<>();
        for (Manifest.SegmentEntry entry : manifest.segments()) {
            Path folder = segmentFolder(entry.id());
            keepFolders.add(folder);
            keep.add(folder.resolve(DATA));
            if (entry.deletions() != null) {
                keep.add(folder.resolve(entry.deletions()));
            }
            entry.indexes().values().forEach(file -> keep.add(folder.resolve(file)));
        }
        try (Stream<Path> folders = Files.list(segments)) {
            for (Path folder : folders.toList()) {
                if (!keepFolders.contains(folder)) {
                    DurableFiles.deleteRecursively(folder);
                    continue;
                }
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        if (!keep.contains(file)) {
                            Files.delete(file);
                        }
                    }
                }
            }
        }
    }
}
