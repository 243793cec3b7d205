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
 * already durable). Loopback only unless told otherwise: without authentication, binding to
 * another address needs {@code --insecure-remote} and logs a warning.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a data directory over gRPC (akasha.v1, health, reflection).")
public final class ServeCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    @Option(names = "--data-dir", defaultValue = "data", description = "data directory (created if missing); default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind; default: ${DEFAULT-VALUE} (loopback)")
    String host;

    @Option(names = "--port", defaultValue = "7700", description = "port; 0 picks a free one; default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--max-in-flight", defaultValue = "1024",
            description = "calls running or waiting before RESOURCE_EXHAUSTED; default: ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--max-message-mb", defaultValue = "64", description = "largest request in MiB; default: ${DEFAULT-VALUE}")
    int maxMessageMb;

    @Option(names = "--insecure-remote", description = "allow binding to a non-loopback address without authentication")
    boolean insecureRemote;

    /** Written once the server listens, for tests and scripts that start it with port 0. */
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile int boundPort;
    private volatile Runnable stop = () -> { };

    @Override
    public Integer call() throws Exception {
        boolean loopback = isLoopback(host);
        if (!loopback && !insecureRemote) {
            System.err.println("akasha serve: refusing to bind " + host + " without authentication; bind 127.0.0.1, "
                    + "or pass --insecure-remote to serve every host that can reach this one");
            return 2;
        }
        AkashaServer.Options options = AkashaServer.Options.defaults().withHost(host).withPort(port)
                .withMaxInFlight(maxInFlight).withMaxMessageBytes(maxMessageMb << 20);
        Path directory = dataDir.toAbsolutePath().normalize();
        Akasha engine = Akasha.open(directory);
        AkashaServer server;
        try {
            server = AkashaServer.start(engine, options);
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
        if (!loopback) {
            LOG.log(System.Logger.Level.WARNING, "serving {0} without authentication: anyone who can reach it can "
                    + "read, write and drop every collection", host);
        }
        System.out.printf("akasha: serving %s on %s:%d (%s), data directory %s; Ctrl-C or SIGTERM stops%n",
                "akasha.v1", host, boundPort, loopback ? "loopback only" : "ALL INTERFACES, NO AUTH", directory);
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

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
