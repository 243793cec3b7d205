package io.akasha.core.collection;

/**
 * Latencies of one kind of call since the collection was opened.
 *
 * @param calls         calls made
 * @param recentPerSecond operations (query vectors for search, rows for writes) per second over
 *                      the last few full seconds
 * @param p50Micros     median latency of a call, in microseconds
 * @param p95Micros     95th percentile
 * @param p99Micros     99th percentile
 * @param p999Micros    99.9th percentile
 * @param maxMicros     slowest call
 */
public record LatencySummary(long calls, double recentPerSecond, double p50Micros, double p95Micros,
                             double p99Micros, double p999Micros, double maxMicros) {
}
