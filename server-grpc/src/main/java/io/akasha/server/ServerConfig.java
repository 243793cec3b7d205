package io.akasha.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.akasha.server.auth.User;

/**
 * The server's configuration: defaults, then a YAML file ({@code --config}), then environment
 * variables ({@code AKASHA_<KEY>}: {@code AKASHA_PORT=7701}, {@code AKASHA_TLS_CERT=...}), then
 * command-line flags. An unknown key or a value of the wrong type is an error naming it.
 *
 * <pre>
 * data_dir: data
 * host: 127.0.0.1
 * port: 7700
 * max_in_flight: 1024
 * max_message_mb: 64
 * metrics_port: 9464                             # Prometheus /metrics on the same host; 0: any free port; -1: off
 * tls: {cert: server.crt, key: server.key}      # PEM files; absent: plaintext
 * users:                                         # absent or empty: no authentication (loopback only)
 *   - name: alice
 *     token_sha256: 3f1a...                      # from: akasha token
 *     grants: [{role: ADMIN, collection: "*"}]
 * </pre>
 *
 * @param dataDir      data directory
 * @param host         address to bind
 * @param port         port (0: any free one)
 * @param maxInFlight  calls running or waiting before RESOURCE_EXHAUSTED
 * @param maxMessageMb largest request, MiB
 * @param metricsPort  Prometheus metrics port on {@code host} (0: any free one, -1: none)
 * @param tls          certificate and key, or null for plaintext
 * @param users        users and their grants; empty: no authentication
 */
public record ServerConfig(String dataDir, String host, int port, int maxInFlight, int maxMessageMb,
                           int metricsPort, Tls tls, List<User> users) {

    /** PEM certificate chain and PKCS#8 private key files. */
    public record Tls(String cert, String key) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Keys an environment variable may set, as {@code AKASHA_} and the key in capitals. */
    private static final List<String> ENVIRONMENT_KEYS = List.of("data_dir", "host", "port", "max_in_flight",
            "max_message_mb", "metrics_port");

    public ServerConfig {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public static ServerConfig defaults() {
        return new ServerConfig("data", "127.0.0.1", 7700, 1024, 64, 9464, null, List.of());
    }

    /** Defaults overlaid by {@code file} (if not null), then by the {@code AKASHA_*} variables of {@code env}. */
    public static ServerConfig load(Path file, Map<String, String> env) throws IOException {
        ObjectNode tree = YAML.valueToTree(defaults());
        String source = "defaults";
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IOException("config file " + file + " does not exist");
            }
            JsonNode fromFile = YAML.readTree(file.toFile());
            if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
                if (!fromFile.isObject()) {
                    throw new IOException("config file " + file + ": expected keys and values at the top level");
                }
                tree.setAll((ObjectNode) fromFile);
            }
            source = "config file " + file;
        }
        for (String key : ENVIRONMENT_KEYS) {
            String variable = "AKASHA_" + key.toUpperCase(Locale.ROOT);
            if (env.containsKey(variable)) {
                tree.put(key, env.get(variable));
                source += ", " + variable;
            }
        }
        if (env.containsKey("AKASHA_TLS_CERT") != env.containsKey("AKASHA_TLS_KEY")) {
            throw new IOException("AKASHA_TLS_CERT and AKASHA_TLS_KEY go together: set both or neither");
        }
        if (env.containsKey("AKASHA_TLS_CERT")) {
            tree.putObject("tls").put("cert", env.get("AKASHA_TLS_CERT")).put("key", env.get("AKASHA_TLS_KEY"));
        }
        try {
            return YAML.treeToValue(tree, ServerConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    public boolean authenticated() {
        return !users.isEmpty();
    }

    ServerConfig withDataDir(String dir) {
        return new ServerConfig(dir, host, port, maxInFlight, maxMessageMb, metricsPort, tls, users);
    }

    ServerConfig withHost(String address) {
        return new ServerConfig(dataDir, address, port, maxInFlight, maxMessageMb, metricsPort, tls, users);
    }

    ServerConfig withPort(int number) {
        return new ServerConfig(dataDir, host, number, maxInFlight, maxMessageMb, metricsPort, tls, users);
    }

    ServerConfig withMetricsPort(int number) {
        return new ServerConfig(dataDir, host, port, maxInFlight, maxMessageMb, number, tls, users);
    }
}
