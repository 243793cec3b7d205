package io.akasha.server.auth;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user of the server: a name, the SHA-256 of its bearer token (the token itself is never
 * stored), and its grants.
 *
 * @param name        shown in logs and errors
 * @param tokenSha256 lowercase hex SHA-256 of the UTF-8 token ({@code akasha token} makes both)
 * @param grants      roles per collection ({@code *}: every collection)
 */
public record User(String name, @JsonProperty("token_sha256") String tokenSha256, List<Grant> grants) {

    /** A role on a collection, or on every collection ({@code *}). */
    public record Grant(Role role, String collection) {

        public Grant {
            Objects.requireNonNull(role, "grant role");
            collection = collection == null ? "*" : collection;
        }

        boolean covers(Role needed, String name) {
            return role.includes(needed) && (collection.equals("*") || collection.equals(name));
        }
    }

    public User {
        Objects.requireNonNull(name, "user name");
        if (tokenSha256 == null || !tokenSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("user '" + name + "': token_sha256 must be 64 lowercase hex digits "
                    + "(make one with: akasha token)");
        }
        grants = grants == null ? List.of() : List.copyOf(grants);
    }

    /** Whether this user may do what {@code needed} allows on collection {@code collection}. */
    public boolean allows(Role needed, String collection) {
        return grants.stream().anyMatch(grant -> grant.covers(needed, collection));
    }
}
