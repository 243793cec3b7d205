package io.akasha.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.server.v1.CollectionName;
import io.akasha.server.v1.CollectionsGrpc;
import io.akasha.server.v1.CreateCollectionRequest;
import io.akasha.server.v1.DataGrpc;
import io.akasha.server.v1.GetRequest;
import io.akasha.server.v1.Ids;
import io.akasha.server.v1.Int64Values;
import io.akasha.server.v1.WriteRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * {@code akasha serve} in a child JVM gets SIGTERM while a client inserts as fast as it can: the
 * server drains and exits by itself, and after a restart every row whose insert was acknowledged
 * is there.
 */
class GracefulShutdownTest {

    private static final Pattern LISTENING = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    Path dir;

    /** A server child process and the port it listens on. */
    private record Child(Process process, int port) {
    }

    private Child serve() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.akasha.server.cli.AkashaCli", "serve",
                "--data-dir", dir.resolve("data").toString(), "--port", "0", "--metrics-port", "0");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                Thread.ofPlatform().daemon().start(() -> drain(out));
                return new Child(process, Integer.parseInt(listening.group(1)));
            }
        }
        throw new AssertionError("the server exited without listening: exit " + process.waitFor());
    }

    /** Reads the child's output until it exits, so that it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discarded
            }
        } catch (java.io.IOException closed) {
            // the process ended
        }
    }

    @Test
    void sigtermWhileInsertingLosesNoAcknowledgedRow() throws Exception {
        Child first = serve();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", first.port()).usePlaintext().build();
        CollectionsGrpc.newBlockingStub(channel).createCollection(CreateCollectionRequest.newBuilder()
                .setCollection("books").setSchema(ServerEndToEndTest.schema()).build());
        DataGrpc.DataBlockingStub data = DataGrpc.newBlockingStub(channel);
        AtomicLong acknowledged = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (long batch = 0; ; batch++) {
                    data.insert(WriteRequest.newBuilder().setCollection("books")
                            .setRows(ServerEndToEndTest.rows(batch * 100, 100)).build());
                    acknowledged.set((batch + 1) * 100);
                }
            } catch (StatusRuntimeException stopped) {
                // UNAVAILABLE once the server stops taking calls.
            }
        });
        while (acknowledged.get() < 2_000) {
            Thread.sleep(10);
        }
        first.process().destroy(); // SIGTERM
        assertTrue(first.process().waitFor(60, TimeUnit.SECONDS), "the server exits after SIGTERM");
        writer.join();
        channel.shutdownNow();
        long acked = acknowledged.get();

        Child second = serve();
        ManagedChannel again = NettyChannelBuilder.forAddress("127.0.0.1", second.port()).usePlaintext().build();
        try {
            List<Long> ids = new ArrayList<>();
            for (long id = 0; id < acked; id++) {
                ids.add(id);
            }
            long found = 0;
            for (int from = 0; from < ids.size(); from += 10_000) {
                found += DataGrpc.newBlockingStub(again).get(GetRequest.newBuilder().setCollection("books")
                        .setIds(Ids.newBuilder().setInt64Ids(Int64Values.newBuilder()
                                .addAllValues(ids.subList(from, Math.min(ids.size(), from + 10_000)))))
                        .addOutputFields("id").build()).getRows().getCount();
            }
            assertEquals(acked, found, "every acknowledged row survived the SIGTERM");
            assertTrue(CollectionsGrpc.newBlockingStub(again).getCollectionStats(CollectionName.newBuilder()
                    .setCollection("books").build()).getRows() >= acked);
        } finally {
            again.shutdownNow();
            second.process().destroy();
            second.process().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
