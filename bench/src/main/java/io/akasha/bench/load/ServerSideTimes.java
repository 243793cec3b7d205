package io.akasha.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own account of its calls, read from its Prometheus endpoint: per method, the
 * total time from the interceptor to the call's close and the number of calls. Two readings
 * taken around a load run give the server-side mean of that run's calls, which is how the time a
 * call spends in the server is told apart from the time it spends in the transport and client.
 */
final class ServerSideTimes {

    private static final Pattern SERIES =
            Pattern.compile("akasha_grpc_call_duration_seconds_(sum|count)\\{method=\"(\\w+)\"} (\\S+)");

    /** Per method: seconds in total, calls. */
    private final Map<String, double[]> totals;

    private ServerSideTimes(Map<String, double[]> totals) {
        this.totals = totals;
    }

    /** Reads the totals now. */
    static ServerSideTimes read(HttpClient http, int metricsPort) throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, double[]> totals = new TreeMap<>();
        Matcher m = SERIES.matcher(text);
        while (m.find()) {
            totals.computeIfAbsent(m.group(2), k -> new double[2])[m.group(1).equals("sum") ? 0 : 1] =
                    Double.parseDouble(m.group(3));
        }
        return new ServerSideTimes(totals);
    }

    /** The mean server-side time in microseconds of {@code method}'s calls since {@code before}. */
    private double meanMicrosSince(ServerSideTimes before, String method) {
        double[] now = totals.getOrDefault(method, new double[2]);
        double[] then = before.totals.getOrDefault(method, new double[2]);
        double calls = now[1] - then[1];
        return calls == 0 ? Double.NaN : 1e6 * (now[0] - then[0]) / calls;
    }

    /** Every method's mean server-side time since {@code before}, one line. */
    String summarySince(ServerSideTimes before) {
        StringBuilder out = new StringBuilder();
        totals.forEach((method, now) -> {
            double[] then = before.totals.getOrDefault(method, new double[2]);
            if (now[1] > then[1]) {
                out.append(String.format(" %s %.1f µs over %,.0f calls;", method, meanMicrosSince(before, method),
                        now[1] - then[1]));
            }
        });
        return out.toString();
    }
}
