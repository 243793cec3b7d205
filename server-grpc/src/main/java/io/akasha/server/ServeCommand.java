package io.akasha.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.akasha.core.Akasha;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code akasha serve}: opens (or creates) a data directory and serves it over gRPC until
 * SIGTERM or Ctrl-C, then drains calls and closes the engine (every acknowledged write is
 * already durable). Settings come from {@link ServerConfig} (file, environment) and the flags.
 * Loopback only unless told otherwise: without users configured, binding to another address
 * needs {@code --insecure-remote} and logs a warning.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a data directory over gRPC (akasha.v1, health, reflection).")
public final class ServeCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    @Option(names = "--config", description = "YAML configuration file (see ServerConfig); flags override it")
    Path config;

    @Option(names = "--data-dir", description = "data directory (created if missing); default: data")
    String dataDir;

    @Option(names = "--host", description = "address to bind; default: 127.0.0.1 (loopback)")
    String host;

    @Option(names = "--port", description = "port; 0 picks a free one; default: 7700")
    Integer port;

    @Option(names = "--metrics-port", description = "Prometheus /metrics port; 0: any free one; -1: off; default: 9464")
    Integer metricsPort;

    @Option(names = "--log-format", defaultValue = "json",
            description = "json (one object per line, for log shippers) or text; default: ${DEFAULT-VALUE}")
    String logFormat;

    @Option(names = "--insecure-remote", description = "allow binding to a non-loopback address without authentication")
    boolean insecureRemote;

    /** Written once the server listens, for tests and scripts that start it with port 0. */
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile int boundPort;
    private volatile Runnable stop = () -> { };

    @Override
    public Integer call() throws Exception {
        configureLogging(logFormat);
        ServerConfig settings = ServerConfig.load(config, System.getenv());
        if (dataDir != null) {
            settings = settings.withDataDir(dataDir);
        }
        if (host != null) {
            settings = settings.withHost(host);
        }
        if (port != null) {
            settings = settings.withPort(port);
        }
        if (metricsPort != null) {
            settings = settings.withMetricsPort(metricsPort);
        }
        boolean loopback = isLoopback(settings.host());
        if (!loopback && !settings.authenticated() && !insecureRemote) {
            System.err.println("akasha serve: refusing to bind " + settings.host() + " without authentication; "
                    + "configure users (see akasha token), bind 127.0.0.1, or pass --insecure-remote");
            return 2;
        }
        Path directory = Path.of(settings.dataDir()).toAbsolutePath().normalize();
        Akasha engine = Akasha.open(directory);
        AkashaServer server;
        try {
            server = AkashaServer.start(engine, settings);
        } catch (Exception e) {
            engine.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            shutDown(server, engine);
            stopped.countDown();
        }, "akasha-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop = () -> {
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.start();
        };
        boundPort = server.port();
        if (!loopback && !settings.authenticated()) {
            LOG.log(System.Logger.Level.WARNING, "serving {0} without authentication: anyone who can reach it can "
                    + "read, write and drop every collection", settings.host());
        }
        System.out.printf("akasha: serving akasha.v1 on %s:%d (%s, %s, %s), data directory %s; Ctrl-C or SIGTERM "
                        + "stops%n", settings.host(), boundPort, loopback ? "loopback only" : "reachable from other hosts",
                settings.authenticated() ? settings.users().size() + " users with tokens" : "no authentication",
                settings.tls() != null ? "TLS" : "plaintext", directory);
        if (server.metricsPort() >= 0) {
            System.out.printf("akasha: Prometheus metrics on http://%s:%d/metrics%n", settings.host(), server.metricsPort());
        }
        System.out.flush();
        started.countDown();
        stopped.await();
        return 0;
    }

    private static void shutDown(AkashaServer server, Akasha engine) {
        System.out.println("akasha: stopping: draining calls, then closing the data directory");
        try {
            server.close();
        } finally {
            engine.close();
        }
        System.out.println("akasha: stopped");
        System.out.flush();
    }

    /** The port once listening (waits for it). */
    int awaitPort() throws InterruptedException {
        started.await();
        return boundPort;
    }

    /** Stops as SIGTERM does. */
    void stop() {
        stop.run();
    }

    /** Sends the JDK's logging (the engine's System.Logger, gRPC's) to stderr in the chosen format. */
    private static void configureLogging(String format) {
        java.util.logging.Formatter formatter = switch (format) {
            case "json" -> new JsonLogFormatter();
            case "text" -> new java.util.logging.SimpleFormatter();
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new ServeCommand()),
                    "--log-format must be json or text, got '" + format + "'");
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (java.util.logging.Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
        console.setFormatter(formatter);
        root.addHandler(console);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
