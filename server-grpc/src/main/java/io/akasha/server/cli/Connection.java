package io.akasha.server.cli;

import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import picocli.CommandLine.Option;

/** Where the client commands find the server: {@code --host} and {@code --port}, as {@code serve} defaults them. */
public final class Connection {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "server address; default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "7700", description = "server port; default: ${DEFAULT-VALUE}")
    int port;

    /** A plaintext channel to the server (messages up to 64 MiB). */
    ManagedChannel open() {
        return NettyChannelBuilder.forAddress(host, port).usePlaintext().maxInboundMessageSize(64 << 20).build();
    }

    static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
