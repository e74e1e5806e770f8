package dev.holdfast.server;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.holdfast.storage.LocalStorage;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A repository's storage served over HTTPS: the JDK's HTTP server, one virtual thread per request,
 * TLS 1.2 or 1.3. Closing it stops accepting requests and closes the connections.
 */
public final class RepositoryServer implements AutoCloseable {
    private final HttpsServer server;
    private final ExecutorService executor;

    private RepositoryServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving storage on address (port 0: any free port).
     * @param log where problems with single requests are reported
     */
    public static RepositoryServer start(Storage storage, InetSocketAddress address, Authenticator auth,
                                         ServerCertificate certificate, Consumer<String> log) throws IOException {
        tune();
        if (storage instanceof LocalStorage local) local.removeStaleTemporaryFiles(Duration.ofDays(1));
        SSLContext ssl = certificate.context();
        HttpsServer server = HttpsServer.create(address, 256);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ssl.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", new RequestHandler(storage, auth, log));
        server.start();
        return new RepositoryServer(server, executor);
    }

    /**
     * The JDK server reads its settings once, from system properties: answer small requests without
     * Nagle's delay, and keep idle connections longer than clients do (the JDK client drops them
     * after 30 s), so a client never sends on a connection the server is closing.
     */
    private static void tune() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
        if (System.getProperty("sun.net.httpserver.idleInterval") == null) System.setProperty("sun.net.httpserver.idleInterval", "90");
    }

    /** The address the server listens on, with the port chosen when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
