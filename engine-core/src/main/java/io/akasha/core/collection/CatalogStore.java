package io.akasha.core.collection;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.akasha.storage.lmdb.LmdbEnv;
import io.akasha.storage.lmdb.LmdbTxn;

/**
 * A data directory's catalog: an LMDB environment in {@value #FOLDER}/ holding the collections
 * and their descriptions, each collection's last checkpoint manifest, and each collection's
 * primary keys as of that checkpoint ({@link StoredKeys}).
 *
 * <pre>
 * database "collections"      name → description (JSON, the schema; written by the engine)
 * database "manifests"        name → {@link Manifest} (JSON)
 * database "keys:&lt;name&gt;"       primary key → (segment id, row) of the live rows the manifest lists
 * </pre>
 *
 * A checkpoint writes its files, forces them, then commits its manifest and its keys in one
 * transaction ({@link #commit}): the catalog never names a file that is not durable, and the
 * keys always describe the segments the manifest lists.
 */
public final class CatalogStore implements AutoCloseable {

    /** The environment's folder in the data directory. */
    public static final String FOLDER = "catalog";
    private static final String KEYS_PREFIX = "keys:";

    /** Changes a checkpoint makes to the stored keys, inside its commit. */
    @FunctionalInterface
    interface KeyChanges {
        void apply(LmdbTxn txn, LmdbEnv.Dbi keys) throws IOException;
    }

    private final LmdbEnv env;
    private final LmdbEnv.Dbi collections;
    private final LmdbEnv.Dbi manifests;

    private CatalogStore(LmdbEnv env) throws IOException {
        this.env = env;
        this.collections = env.database("collections");
        this.manifests = env.database("manifests");
    }

    /**
     * Opens (creating if needed) the catalog of {@code dataDirectory}.
     *
     * @throws io.akasha.storage.lmdb.LmdbUnavailableException if the LMDB library is not installed
     */
    public static CatalogStore open(Path dataDirectory) throws IOException {
        LmdbEnv env = LmdbEnv.open(dataDirectory.resolve(FOLDER), LmdbEnv.Options.defaults());
        try {
            return new CatalogStore(env);
        } catch (IOException | RuntimeException e) {
            env.close();
            throw e;
        }
    }

    /** The collections and their descriptions, in name order. */
    public Map<String, byte[]> collections() throws IOException {
        Map<String, byte[]> found = new LinkedHashMap<>();
        try (LmdbTxn txn = env.read()) {
            txn.forEach(collections, (key, value) -> found.put(string(key), value.toArray(ValueLayout.JAVA_BYTE)));
        }
        return found;
    }

    /** Adds or replaces a collection's description. */
    public void putCollection(String name, byte[] description) throws IOException {
        env.write(txn -> {
            txn.put(collections, bytes(name), description);
            return null;
        });
    }

    /** Removes a collection: its description, manifest and keys, in one transaction. */
    public void dropCollection(String name) throws IOException {
        LmdbEnv.Dbi keys = env.database(KEYS_PREFIX + name);
        env.write(txn -> {
            txn.delete(collections, bytes(name));
            txn.delete(manifests, bytes(name));
            txn.drop(keys);
            return null;
        });
    }

    /** The manifest of the collection's last checkpoint, or null before its first. */
    Manifest manifest(String name) throws IOException {
        try (LmdbTxn txn = env.read()) {
            MemorySegment json = txn.get(manifests, bytes(name));
            return json == null ? null
                    : Manifest.parse(json.toArray(ValueLayout.JAVA_BYTE), env.directory() + " manifest of " + name);
        }
    }

    /** The collection's stored primary keys (its database created if needed). */
    StoredKeys keys(String name) throws IOException {
        return new StoredKeys(env, env.database(KEYS_PREFIX + name));
    }

    /** Commits a checkpoint: its manifest and its key changes in one forced transaction. */
    void commit(String name, Manifest manifest, StoredKeys keys, KeyChanges changes) throws IOException {
        byte[] json = manifest.toJson();
        env.write(txn -> {
            changes.apply(txn, keys.dbi());
            txn.put(manifests, bytes(name), json);
            return null;
        });
        keys.refreshBounds();
    }

    @Override
    public String toString() {
        return "catalog " + env.directory();
    }

    @Override
    public void close() {
        env.close();
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(MemorySegment bytes) {
        return new String(bytes.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
