package io.akasha.core.schema;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a vector field is indexed in sealed segments: an index type found through
 * {@link io.akasha.core.index.IndexProvider} and its build parameters.
 *
 * @param type       a provider name such as {@code flat} or {@code hnsw}, or {@link #AUTO} for
 *                   the most preferred provider on the class path (Milvus's {@code AUTOINDEX})
 * @param parameters build parameters by name, for example {@code M=16}
 */
public record IndexSpec(String type, Map<String, String> parameters) {

    public static final String AUTO = "AUTOINDEX";

    public IndexSpec {
        Objects.requireNonNull(type, "index type");
        parameters = Map.copyOf(new TreeMap<>(parameters));
    }

    /** The most preferred index with its default parameters. */
    public static IndexSpec auto() {
        return new IndexSpec(AUTO, Map.of());
    }

    public static IndexSpec of(String type, Map<String, String> parameters) {
        return new IndexSpec(type, parameters);
    }

    public boolean isAuto() {
        return type.equalsIgnoreCase(AUTO);
    }
}
