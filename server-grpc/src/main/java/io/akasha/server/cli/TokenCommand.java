package io.akasha.server.cli;

import java.util.concurrent.Callable;

import io.akasha.server.auth.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code akasha token NAME}: makes a bearer token for a new user and prints the configuration
 * entry holding only its SHA-256 (the token is shown once; the server never stores it).
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Make a bearer token and its config entry.")
public final class TokenCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the user's name")
    String name;

    @Override
    public Integer call() {
        String token = Tokens.generate();
        System.out.println("token for " + name + " (give it to the client; it is not stored anywhere):");
        System.out.println("  " + token);
        System.out.println("entry for the server's config file (users:), with the grants you choose:");
        System.out.println("  - name: " + name);
        System.out.println("    token_sha256: " + Tokens.sha256(token));
        System.out.println("    grants: [{role: READ, collection: \"*\"}]   # READ, WRITE or ADMIN; \"*\" or a collection");
        return 0;
    }
}
