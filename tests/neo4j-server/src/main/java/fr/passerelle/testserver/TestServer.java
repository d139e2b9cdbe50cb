package fr.passerelle.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts an in-process Neo4j for Passerelle's tests.
 *
 * <p>Bolt binds to 127.0.0.1 on a free port (or on {@code --port N}). Once Bolt accepts
 * connections, one line {@code NEO4J_READY bolt://127.0.0.1:PORT} is printed. The server stops on
 * SIGTERM (shutdown hook), when standard input closes, or when the parent process goes away, so a
 * crashed test runner never leaves a server behind.
 */
public final class TestServer {

    private TestServer() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            if ("--port".equals(args[i]) && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            }
        }
        if (port == 0) {
            port = freePort();
        }
        Path workDir = Files.createTempDirectory("passerelle-neo4j-");

        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .withConfig(HttpConnector.enabled, false)
                .withConfig(HttpsConnector.enabled, false)
                .withConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            neo4j.close();
            stopped.countDown();
        }, "neo4j-shutdown"));

        System.out.println("NEO4J_READY " + neo4j.boltURI());
        System.out.flush();

        Thread stdinWatch = new Thread(() -> waitForEof(System.in), "stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();

        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        while (stdinWatch.isAlive() && (parent == null || parent.isAlive())) {
            Thread.sleep(500);
        }
        System.exit(0); // runs the shutdown hook
    }

    private static void waitForEof(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Discard: standard input only signals that the parent is still there.
            }
        } catch (IOException ignored) {
            // A broken pipe means the parent is gone, which is the signal we wait for.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
