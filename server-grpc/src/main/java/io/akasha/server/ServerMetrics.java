package io.akasha.server;

import java.io.IOException;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.collection.CollectionStats;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Prometheus metrics on an HTTP port ({@code /metrics}): calls per method and status, call
 * latency per method (histogram), and per collection rows, memory, growing and sealed segments,
 * index build progress (indexed rows against stored rows), write-ahead log fsyncs and the time
 * they took; plus the JVM's own (memory, GC, threads).
 */
final class ServerMetrics implements ServerInterceptor, AutoCloseable {

    private final Counter calls;
    private final Histogram latency;
    private final HTTPServer http;

    private ServerMetrics(PrometheusRegistry registry, Akasha engine, String host, int port) throws IOException {
        calls = Counter.builder().name("akasha_grpc_calls_total").help("gRPC calls by method and status")
                .labelNames("method", "code").register(registry);
        latency = Histogram.builder().name("akasha_grpc_call_duration_seconds").help("gRPC call latency by method")
                .labelNames("method").classicOnly()
                .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                        1, 2.5, 5, 10)
                .register(registry);
        collectionGauge(registry, engine, "akasha_collection_rows", "live rows", CollectionStats::rows);
        collectionGauge(registry, engine, "akasha_collection_memory_bytes", "memory held by the collection",
                CollectionStats::memoryBytes);
        collectionGauge(registry, engine, "akasha_collection_growing_segments",
                "segments still taking rows (not fully indexed)", CollectionStats::growingSegments);
        collectionGauge(registry, engine, "akasha_collection_sealed_segments", "full, indexed segments",
                CollectionStats::sealedSegments);
        collectionGauge(registry, engine, "akasha_collection_segment_rows", "rows stored in segments, deleted included",
                CollectionStats::segmentRows);
        collectionGauge(registry, engine, "akasha_collection_indexed_rows",
                "rows in segments whose vector indexes are built (build progress against segment_rows)",
                CollectionStats::indexedRows);
        collectionGauge(registry, engine, "akasha_wal_fsyncs", "write-ahead log fsyncs so far",
                CollectionStats::walFsyncs);
        collectionGauge(registry, engine, "akasha_wal_fsync_seconds", "time spent in acknowledging fsyncs so far",
                stats -> stats.walFsyncNanos() / 1e9);
        JvmMetrics.builder().register(registry);
        http = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
    }

    /** Starts the metrics endpoint on {@code host:port} (0: any free port). */
    static ServerMetrics start(Akasha engine, String host, int port) throws IOException {
        try {
            return new ServerMetrics(new PrometheusRegistry(), engine, host, port);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return http.getPort();
    }

    private static void collectionGauge(PrometheusRegistry registry, Akasha engine, String name, String help,
                                        ToDoubleFunction<CollectionStats> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("collection").callback(callback -> {
            List<String> names;
            try {
                names = engine.listCollections();
            } catch (AkashaException closed) {
                return;
            }
            for (String collection : names) {
                try {
                    callback.call(value.applyAsDouble(engine.collection(collection).stats()), collection);
                } catch (AkashaException dropped) {
                    // dropped between the listing and now
                }
            }
        }).register(registry);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        long start = System.nanoTime();
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                latency.labelValues(method).observe((System.nanoTime() - start) / 1e9);
                calls.labelValues(method, status.getCode().name()).inc();
                super.close(status, trailers);
            }
        }, headers);
    }

    @Override
    public void close() {
        http.close();
    }
}
