package io.akasha.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.akasha.core.Akasha;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

/**
 * The gRPC server around an engine: {@code akasha.v1.Collections} and {@code akasha.v1.Data},
 * standard health checking ({@code grpc.health.v1}) and server reflection, a bound on calls in
 * flight ({@link InFlightLimit}) and on request size. Calls run on a fixed pool of platform
 * threads, one hand-off from the transport, then straight into the engine.
 *
 * <p>{@link #close()} drains: health turns NOT_SERVING, new calls are refused with UNAVAILABLE,
 * running calls finish (up to the grace period); the engine is the caller's to close after.
 */
public final class AkashaServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AkashaServer.class.getName());

    /**
     * How the server listens.
     *
     * @param host            address to bind (loopback by default)
     * @param port            TCP port (0 picks a free one)
     * @param threads         threads running calls
     * @param maxInFlight     calls running or waiting at once before RESOURCE_EXHAUSTED
     * @param maxMessageBytes largest request accepted (larger: RESOURCE_EXHAUSTED)
     * @param graceSeconds    how long {@link #close()} waits for running calls
     */
    public record Options(String host, int port, int threads, int maxInFlight, int maxMessageBytes,
                          int graceSeconds) {

        public static Options defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Options("127.0.0.1", 7700, Math.max(8, 4 * cores), 1024, 64 << 20, 30);
        }

        public Options withPort(int port) {
            return new Options(host, port, threads, maxInFlight, maxMessageBytes, graceSeconds);
        }

        public Options withHost(String host) {
            return new Options(host, port, threads, maxInFlight, maxMessageBytes, graceSeconds);
        }

        public Options withMaxInFlight(int calls) {
            return new Options(host, port, threads, calls, maxMessageBytes, graceSeconds);
        }

        public Options withMaxMessageBytes(int bytes) {
            return new Options(host, port, threads, maxInFlight, bytes, graceSeconds);
        }
    }

    private final Server server;
    private final HealthStatusManager health;
    private final ExecutorService executor;
    private final Options options;

    private AkashaServer(Server server, HealthStatusManager health, ExecutorService executor, Options options) {
        this.server = server;
        this.health = health;
        this.executor = executor;
        this.options = options;
    }

    /** Starts serving {@code engine}. @throws IOException if the address cannot be bound */
    public static AkashaServer start(Akasha engine, Options options) throws IOException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(options.threads(), task -> {
            Thread thread = new Thread(task, "akasha-grpc-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HealthStatusManager health = new HealthStatusManager();
        InFlightLimit limit = new InFlightLimit(options.maxInFlight());
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(options.host(), options.port()))
                .executor(executor)
                .maxInboundMessageSize(options.maxMessageBytes())
                .addService(ServerInterceptors.intercept(new CollectionsService(engine), limit))
                .addService(ServerInterceptors.intercept(new DataService(engine), limit))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        return new AkashaServer(server, health, executor, options);
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public int port() {
        return server.getPort();
    }

    /** Waits until the server has shut down. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(options.graceSeconds(), TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "calls still running after {0} s; cancelling them",
                        options.graceSeconds());
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
    }
}
