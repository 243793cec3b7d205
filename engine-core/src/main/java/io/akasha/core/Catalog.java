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

import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.storage.DurableFiles;

/**
 * The collections of a data directory and their schemas, in {@value #FILE_NAME}: JSON, so that a
 * person can read it, replaced atomically (written aside, forced, renamed) on every change, so
 * that a crash leaves the old catalog or the new one.
 *
 * <pre>
 * {"format": "akasha-catalog", "version": 1,
 *  "collections": [{"name": ..., "dynamicField": ..., "partitionKeyPartitions": ..., "fields": [Field...]}]}
 * </pre>
 */
final class Catalog {

    static final String FILE_NAME = "catalog.json";
    private static final String FORMAT = "akasha-catalog";
    private static final int VERSION = 1;
    // Records serialize their components; is-getters such as Field.isVector() are not stored.
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);

    /** The file's shape. */
    record Document(String format, int version, List<Entry> collections) {
    }

    /** One collection. */
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

    private final Path file;
    private final Map<String, CollectionSchema> collections;

    private Catalog(Path file, Map<String, CollectionSchema> collections) {
        this.file = file;
        this.collections = collections;
    }

    /** Reads the catalog of {@code directory}, or starts an empty one. */
    static Catalog load(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        Map<String, CollectionSchema> collections = new LinkedHashMap<>();
        if (Files.exists(file)) {
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
        }
        return new Catalog(file, collections);
    }

    Map<String, CollectionSchema> collections() {
        return Collections.unmodifiableMap(collections);
    }

    void put(String name, CollectionSchema schema) throws IOException {
        Map<String, CollectionSchema> updated = new LinkedHashMap<>(collections);
        updated.put(name, schema);
        save(updated);
    }

    void remove(String name) throws IOException {
        Map<String, CollectionSchema> updated = new LinkedHashMap<>(collections);
        updated.remove(name);
        save(updated);
    }

    private void save(Map<String, CollectionSchema> updated) throws IOException {
        List<Entry> entries = updated.entrySet().stream().map(e -> Entry.of(e.getKey(), e.getValue())).toList();
        DurableFiles.writeAtomically(file, JSON.writeValueAsBytes(new Document(FORMAT, VERSION, entries)));
        collections.clear();
        collections.putAll(updated);
    }
}
