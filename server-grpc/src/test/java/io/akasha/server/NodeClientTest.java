package io.akasha.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.akasha.core.Akasha;
import io.akasha.server.v1.CollectionsGrpc;
import io.akasha.server.v1.CreateCollectionRequest;
import io.akasha.server.v1.DataGrpc;
import io.akasha.server.v1.WriteRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * A client in another language, written by nobody here: Node's {@code @grpc/grpc-js} with the
 * npm reflection client {@code grpc-js-reflection-client} (pinned in
 * {@code src/test/node/package-lock.json}, installed with {@code npm ci}), which lists the services
 * through reflection, checks health and runs a search, with no {@code .proto} file.
 */
class NodeClientTest {

    private static final Path SCRIPT_DIR = Path.of("src", "test", "node");

    @TempDir
    Path dir;

    private static boolean available(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static String run(Path workDir, long timeoutSeconds, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", command) + " finished");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
        return text;
    }

    @Test
    void nodeClientDiscoversTheApiThroughReflectionAndSearches() throws Exception {
        Assumptions.assumeTrue(available("node") && available("npm"),
                "Node.js and npm are not installed; install them (Debian: apt-get install nodejs npm) to run this test");
        Path client = dir.resolve("client");
        Files.createDirectories(client);
        for (String file : List.of("package.json", "package-lock.json", "reflect-and-search.js")) {
            Files.copy(SCRIPT_DIR.resolve(file), client.resolve(file));
        }
        run(client, 600, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");

        try (Akasha engine = Akasha.open(dir.resolve("data"))) {
            AkashaServer server = AkashaServer.start(engine, new ServerConfig("data", "127.0.0.1", 0, 1024, 64, -1,
                    null, List.of()));
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                CollectionsGrpc.newBlockingStub(channel).createCollection(CreateCollectionRequest.newBuilder()
                        .setCollection("books").setSchema(ServerEndToEndTest.schema()).build());
                DataGrpc.newBlockingStub(channel).insert(WriteRequest.newBuilder().setCollection("books")
                        .setRows(ServerEndToEndTest.rows(0, 50)).build());

                String output = run(client, 120, "node", "reflect-and-search.js", "127.0.0.1:" + server.port());
                String json = output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElseThrow();
                @SuppressWarnings("unchecked")
                Map<String, Object> found = new ObjectMapper().readValue(json, Map.class);
                assertTrue(((List<?>) found.get("services")).containsAll(List.of("akasha.v1.Collections",
                        "akasha.v1.Data", "grpc.health.v1.Health")), output);
                assertEquals("SERVING", found.get("health"), output);
                assertEquals(List.of("10", "11", "9"), found.get("ids"), output);
                assertEquals(List.of("t10", "t11", "t9"), found.get("titles"), output);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                server.close();
            }
        }
    }
}
