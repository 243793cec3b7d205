package io.akasha.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.akasha.core.collection.CatalogStore;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.storage.CorruptFileException;
import io.akasha.storage.DurableFiles;

/**
 * The collections of a data directory and their schemas, kept in the directory's LMDB catalog
 * ({@link CatalogStore}, which also holds each collection's manifest and primary keys).
 *
 * <p>The same list as a JSON file, {@value #FILE_NAME}, is the portable form: a snapshot carries
 * one, and so does a data directory written before the LMDB catalog. Opening a directory that
 * has the file imports it: the schemas go into the catalog, each collection imports its
 * {@code manifest.json} and primary keys when it opens, and the file is deleted once all of
 * them have ({@link #finishImport}); a crash before that repeats the import, which is idempotent.
 *
 * <pre>
 * {"format": "akasha-catalog", "version": 1,
 *  "collections": [{"name": ..., "dynamicField": ..., "partitionKeyPartitions": ..., "fields": [Field...]}]}
 * </pre>
 */
final class Catalog implements AutoCloseable {

    static final String FILE_NAME = "catalog.json";
    private static final String FORMAT = "akasha-catalog";
    private static final int VERSION = 1;
    // Records serialize their components; is-getters such as Field.isVector() are not stored.
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);

    /** The file's shape. */
    record Document(String format, int version, List<Entry> collections) {
    }

    /** One collection (also the description stored in the catalog database). */
    record Entry(String name, boolean dynamicField, int partitionKeyPartitions, List<Field> fields) {

        static Entry of(String name, CollectionSchema schema) {
            return new Entry(name, schema.dynamicField(), schema.partitionKeyPartitions(), schema.fields());
        }

        CollectionSchema schema() {
            CollectionSchema.Builder builder = CollectionSchema.builder();
            fields.forEach(builder::field);
            if (dynamicField) {
                builder.enableDynamicField();
            }
            if (partitionKeyPartitions > 0) {
                builder.partitionKeyPartitions(partitionKeyPartitions);
            }
            return builder.build();
        }
    }

    private final Path directory;
    private final CatalogStore store;
    private final Map<String, CollectionSchema> collections;

    private Catalog(Path directory, CatalogStore store, Map<String, CollectionSchema> collections) {
        this.directory = directory;
        this.store = store;
        this.collections = collections;
    }

    /** Opens the catalog of {@code directory} (creating it), importing {@value #FILE_NAME} if there is one. */
    static Catalog open(Path directory) throws IOException {
        CatalogStore store = CatalogStore.open(directory);
        try {
            Map<String, CollectionSchema> imported = readFile(directory);
            for (Map.Entry<String, CollectionSchema> entry : imported.entrySet()) {
                store.putCollection(entry.getKey(), JSON.writeValueAsBytes(Entry.of(entry.getKey(), entry.getValue())));
            }
            Map<String, CollectionSchema> collections = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> entry : store.collections().entrySet()) {
                try {
                    collections.put(entry.getKey(), JSON.readValue(entry.getValue(), Entry.class).schema());
                } catch (IOException e) {
                    throw new CorruptFileException(store + ": the description of collection '" + entry.getKey()
                            + "' cannot be read: " + e.getMessage());
                }
            }
            return new Catalog(directory, store, collections);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The collections of a catalog file, or none if {@code directory} has no {@value #FILE_NAME}. */
    static Map<String, CollectionSchema> readFile(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        Map<String, CollectionSchema> collections = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return collections;
        }
        Document document;
        try {
            document = JSON.readValue(file.toFile(), Document.class);
        } catch (IOException e) {
            throw new IOException(file + ": the catalog cannot be read: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(document.format()) || document.version() != VERSION) {
            throw new IOException(file + ": format '" + document.format() + "' version " + document.version()
                    + " is not a catalog this build reads (" + FORMAT + " version " + VERSION + ")");
        }
        for (Entry entry : document.collections()) {
            collections.put(entry.name(), entry.schema());
        }
        return collections;
    }

    /** Writes {@code collections} as the catalog file of {@code directory} (the portable form a snapshot carries). */
    static void writeFile(Path directory, Map<String, CollectionSchema> collections) throws IOException {
        List<Entry> entries = collections.entrySet().stream().map(e -> Entry.of(e.getKey(), e.getValue())).toList();
        DurableFiles.writeAtomically(directory.resolve(FILE_NAME),
                JSON.writeValueAsBytes(new Document(FORMAT, VERSION, entries)));
    }

    /** Deletes the imported catalog file, once every collection has imported its part. */
    void finishImport() throws IOException {
        if (Files.deleteIfExists(directory.resolve(FILE_NAME))) {
            DurableFiles.forceDirectory(directory);
        }
    }

    CatalogStore store() {
        return store;
    }

    synchronized Map<String, CollectionSchema> collections() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(collections));
    }

    synchronized void put(String name, CollectionSchema schema) throws IOException {
        store.putCollection(name, JSON.writeValueAsBytes(Entry.of(name, schema)));
        collections.put(name, schema);
    }

    /**
     * Replaces the schema of collection {@code name} (an index change), unless it was dropped
     * meanwhile: a drop removes the entry before the collection's calls finish.
     */
    synchronized void update(String name, CollectionSchema schema) throws IOException {
        if (!collections.containsKey(name)) {
            throw new IOException("collection '" + name + "' was dropped");
        }
        put(name, schema);
    }

    synchronized void remove(String name) throws IOException {
        store.dropCollection(name);
        collections.remove(name);
    }

    @Override
    public void close() {
        store.close();
    }
}
