package io.akasha.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.akasha.core.collection.Collection;
import io.akasha.core.collection.CollectionInfo;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Names;

/**
 * The engine an application embeds: a set of named collections.
 *
 * <pre>{@code
 * try (Akasha akasha = Akasha.inMemory()) {
 *     Collection docs = akasha.createCollection("docs", schema);
 *     docs.insert(rows);
 *     List<List<Hit>> hits = docs.search(SearchRequest.builder().vector(q).limit(10).filter("year > 2000").build());
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} frees every collection's memory and stops the engine's threads.
 */
public final class Akasha implements AutoCloseable {

    private final AkashaOptions options;
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();
    private final ExecutorService background;
    private volatile boolean closed;

    private Akasha(AkashaOptions options) {
        this.options = options;
        AtomicInteger threads = new AtomicInteger();
        this.background = Executors.newFixedThreadPool(options.indexThreads(), task -> {
            Thread thread = new Thread(task, "akasha-index-" + threads.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** An engine that keeps everything in memory, with default options. */
    public static Akasha inMemory() {
        return inMemory(AkashaOptions.defaults());
    }

    public static Akasha inMemory(AkashaOptions options) {
        return new Akasha(options);
    }

    /**
     * Creates a collection.
     *
     * @throws AkashaException ALREADY_EXISTS if the name is taken; INVALID_ARGUMENT for a bad name or index spec
     */
    public Collection createCollection(String name, CollectionSchema schema) {
        checkOpen();
        Names.check("collection", name);
        Collection created = Collection.create(name, schema, options.segmentRows(), options.indexThreads(), background);
        if (collections.putIfAbsent(name, created) != null) {
            throw AkashaException.alreadyExists("collection '" + name + "' already exists");
        }
        return created;
    }

    /** The collection called {@code name}. @throws AkashaException NOT_FOUND if there is none */
    public Collection collection(String name) {
        checkOpen();
        Collection collection = collections.get(name);
        if (collection == null) {
            throw AkashaException.notFound("no collection '" + name + "'");
        }
        return collection;
    }

    public boolean hasCollection(String name) {
        checkOpen();
        return collections.containsKey(name);
    }

    /** Collection names, sorted. */
    public List<String> listCollections() {
        checkOpen();
        return collections.keySet().stream().sorted().toList();
    }

    public CollectionInfo describeCollection(String name) {
        return collection(name).describe();
    }

    /** Drops a collection and frees its memory once calls running on it have finished. */
    public void dropCollection(String name) {
        checkOpen();
        Collection removed = collections.remove(name);
        if (removed == null) {
            throw AkashaException.notFound("no collection '" + name + "'");
        }
        removed.close();
    }

    /** Closes every collection and stops the background threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        collections.values().forEach(Collection::close);
        collections.clear();
        background.shutdown();
        try {
            if (!background.awaitTermination(1, TimeUnit.MINUTES)) {
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            background.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "the engine is closed");
        }
    }
}
