package io.akasha.bench.ann;

/**
 * One measured point of a recall-vs-QPS curve: a system at one search-parameter value, with the
 * median of its repetitions and the spread (min, max) of the single-thread QPS.
 *
 * @param point         the search-parameter value (for example an {@code ef}), or {@code default}
 * @param recall        recall@k against the ground truth, computed by the runner from the ids
 * @param qps           median single-thread QPS, one query per call
 * @param qpsMin        lowest single-thread QPS of the repetitions
 * @param qpsMax        highest single-thread QPS of the repetitions
 * @param qpsThreads    median QPS with the job's thread count
 * @param p50Micros     median of the repetitions' p50 latency, microseconds
 * @param p95Micros     likewise p95
 * @param p99Micros     likewise p99
 * @param p999Micros    likewise p99.9
 */
public record CurvePoint(String point, double recall, double qps, double qpsMin, double qpsMax, double qpsThreads,
                         double p50Micros, double p95Micros, double p99Micros, double p999Micros) {
}
