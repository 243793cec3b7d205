package io.akasha.server;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.akasha.core.Akasha;
import io.akasha.server.auth.AuthInterceptor;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

/**
 * The gRPC server around an engine: {@code akasha.v1.Collections} and {@code akasha.v1.Data},
 * standard health checking ({@code grpc.health.v1}) and server reflection, bearer-token
 * authentication ({@link AuthInterceptor}) when users are configured, TLS when a certificate is,
 * a bound on calls in flight ({@link InFlightLimit}) and on request size.
 *
 * <p>Threads: reads (get, query, search, describe, list, stats) run on the transport's own event
 * loop threads (two per core), straight into the engine with no hand-off, which is what their
 * latency needs; a very long search holds up the other connections on its loop while it runs.
 * Calls that wait on the device (writes, which wait for their fsync) or on other work (flush,
 * creating and dropping) run on a fixed pool of platform threads, so they never stall a loop.
 *
 * <p>{@link #close()} drains: health turns NOT_SERVING, new calls are refused with UNAVAILABLE,
 * running calls finish (up to 30 s); the engine is the caller's to close after.
 */
public final class AkashaServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AkashaServer.class.getName());

    /** Methods that wait on the device (fsync) or on other work: they run on the pool, not the transport's threads. */
    private static final Set<String> WAITING = Set.of("Insert", "Upsert", "BulkInsert", "Delete", "Flush",
            "CreateCollection", "DropCollection", "CreatePartition", "DropPartition", "CreateScalarIndex",
            "CreateIndex", "DropIndex");

    /** Seconds {@link #close()} waits for running calls before cancelling them. */
    private static final int GRACE_SECONDS = 30;

    private final Server server;
    private final HealthStatusManager health;
    private final ExecutorService executor;
    private final InFlightLimit inFlight;
    private final ServerMetrics metrics;

    private AkashaServer(Server server, HealthStatusManager health, ExecutorService executor, InFlightLimit inFlight,
                         ServerMetrics metrics) {
        this.server = server;
        this.health = health;
        this.executor = executor;
        this.inFlight = inFlight;
        this.metrics = metrics;
    }

    /**
     * Starts serving {@code engine} as {@code config} says: address, limits, TLS when it names a
     * certificate and key, bearer-token authentication when it lists users.
     *
     * @throws IOException if the address cannot be bound or the TLS files cannot be read
     */
    public static AkashaServer start(Akasha engine, ServerConfig config) throws IOException {
        int threads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "akasha-grpc-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HealthStatusManager health = new HealthStatusManager();
        List<ServerInterceptor> interceptors = new ArrayList<>();
        InFlightLimit inFlight = new InFlightLimit(config.maxInFlight());
        interceptors.add(inFlight);
        if (config.authenticated()) {
            interceptors.add(new AuthInterceptor(config.users())); // the last added runs first
        }
        ServerMetrics metrics = config.metricsPort() < 0 ? null
                : ServerMetrics.start(engine, config.host(), config.metricsPort());
        if (metrics != null) {
            interceptors.add(metrics); // outermost: counts refused calls too
        }
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
                .directExecutor()
                .callExecutor(new ServerCallExecutorSupplier() {
                    @Override
                    public <Q, A> Executor getExecutor(ServerCall<Q, A> call, Metadata headers) {
                        return WAITING.contains(call.getMethodDescriptor().getBareMethodName()) ? executor : null;
                    }
                })
                .maxInboundMessageSize(config.maxMessageMb() << 20)
                .addService(ServerInterceptors.intercept(new CollectionsService(engine), interceptors))
                .addService(ServerInterceptors.intercept(new DataService(engine, executor), interceptors))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        try {
            if (config.tls() != null) {
                builder.sslContext(GrpcSslContexts.forServer(new File(config.tls().cert()),
                        new File(config.tls().key())).build());
            }
        } catch (IOException | IllegalArgumentException e) {
            executor.shutdownNow();
            closeMetrics(metrics);
            throw new IOException("TLS: cannot use certificate " + config.tls().cert() + " and key "
                    + config.tls().key() + ": " + e.getMessage(), e);
        }
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            executor.shutdownNow();
            closeMetrics(metrics);
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
                io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        return new AkashaServer(server, health, executor, inFlight, metrics);
    }

    private static void closeMetrics(ServerMetrics metrics) {
        if (metrics != null) {
            metrics.close();
        }
    }

    /** The Prometheus endpoint's port, or -1 when metrics are off. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public int port() {
        return server.getPort();
    }

    /** Waits until the server has shut down. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Drains: health NOT_SERVING, new calls refused, running calls given up to 30 s to finish;
     * then connections are closed (an idle client connection does not hold the shutdown).
     */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
            while (inFlight.active() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (inFlight.active() > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0} calls still running after {1} s; cancelling them",
                        inFlight.active(), GRACE_SECONDS);
            }
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
        closeMetrics(metrics);
    }
}
