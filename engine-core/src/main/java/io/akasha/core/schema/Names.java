package io.akasha.core.schema;

import java.util.regex.Pattern;

import io.akasha.core.AkashaException;

/** The rule for collection, partition and field names, which is Milvus's. */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    private Names() {
    }

    /**
     * Rejects a name that is not a letter or underscore followed by at most 254 letters, digits
     * and underscores.
     *
     * @param kind what is named, for the message: "collection", "partition", "field"
     */
    public static void check(String kind, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw AkashaException.invalid(kind + " name '" + name
                    + "' is not valid: use a letter or '_' then letters, digits or '_' (at most 255)");
        }
    }
}
