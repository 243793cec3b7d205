package io.akasha.core.dataset;

import java.nio.file.Path;

/**
 * Where benchmark data sets live: the system property {@code akasha.data.dir}, else the
 * environment variable {@code AKASHA_DATA_DIR}, else {@code ../shared/data} relative to the
 * working directory. Data is read from there in place, never copied.
 */
public final class DataDirectory {

    public static final String PROPERTY = "akasha.data.dir";
    public static final String ENVIRONMENT = "AKASHA_DATA_DIR";

    private DataDirectory() {
    }

    public static Path resolve() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT);
        }
        if (configured == null || configured.isBlank()) {
            configured = "../shared/data";
        }
        return Path.of(configured).toAbsolutePath().normalize();
    }

    /** How to point Akasha at data, for messages where a data set is missing. */
    public static String howToConfigure() {
        return "set -D" + PROPERTY + "=DIR or " + ENVIRONMENT + "=DIR to a folder holding <name>/<name>_base.fvecs[.gz], "
                + "<name>_query.fvecs[.gz] and <name>_groundtruth.ivecs[.gz], or <name>.hdf5";
    }
}
