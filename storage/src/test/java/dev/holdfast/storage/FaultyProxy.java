package dev.holdfast.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback for fault-injection tests of network backends. Each new connection is
 * either passed through to the target, cut after the client has sent a given number of bytes (a
 * server that drops the connection mid-upload), or, for HTTP, answered with a canned response
 * after the request has been read (throttling: 503 SlowDown). Faults apply to the first
 * {@code n} new connections only, so a client that retries gets through (a connection the
 * client keeps open from before is not affected).
 */
public final class FaultyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private volatile int faultyConnections;
    private volatile long cutAfter = -1;
    private volatile String httpResponse;

    public FaultyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("faulty-proxy").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The first n connections from now on are cut once the client has sent bytes bytes. */
    public FaultyProxy cutAfter(long bytes, int n) {
        cutAfter = bytes;
        httpResponse = null;
        faultyConnections = connections.get() + n;
        return this;
    }

    /** The first n HTTP connections from now on get this status, error code and a closed connection. */
    public FaultyProxy answerHttp(int status, String code, int n) {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>injected by the test</Message></Error>";
        httpResponse = "HTTP/1.1 " + status + " Injected\r\nContent-Type: application/xml\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;
        cutAfter = -1;
        faultyConnections = connections.get() + n;
        return this;
    }

    /** Faults injected so far (connections cut or answered). */
    public int injected() {
        return injected.get();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                int number = connections.incrementAndGet();
                sockets.add(client);
                boolean faulty = number <= faultyConnections;
                if (faulty) injected.incrementAndGet();
                Thread.ofPlatform().daemon().start(() -> serve(client, faulty));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client, boolean faulty) {
        try (client) {
            if (faulty && httpResponse != null) {
                readHttpRequest(client.getInputStream());
                client.getOutputStream().write(httpResponse.getBytes(StandardCharsets.ISO_8859_1));
                client.getOutputStream().flush();
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                sockets.add(upstream);
                long limit = faulty ? cutAfter : -1;
                Thread back = Thread.ofPlatform().daemon().start(() -> pipe(upstream, client, -1));
                pipe(client, upstream, limit);
                if (limit >= 0) {
                    client.setSoLinger(true, 0);
                    return;
                }
                back.join();
            }
        } catch (IOException | InterruptedException ignored) {
            // The connection ends; the client sees it closed.
        }
    }

    private static void pipe(Socket from, Socket to, long limit) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[16 << 10];
            long sent = 0;
            while (true) {
                int want = limit < 0 ? buf.length : (int) Math.min(buf.length, limit - sent);
                if (want == 0) return;
                int n = in.read(buf, 0, want);
                if (n < 0) break;
                out.write(buf, 0, n);
                out.flush();
                sent += n;
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // One side closed.
        }
    }

    /** Reads one request: headers, then Content-Length bytes of body. */
    private static void readHttpRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) return;
            head.write(c);
            state = c == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : c == '\r' ? 1 : 0;
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Long.parseLong(line.substring(15).strip());
        }
        in.skipNBytes(length);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }
}
