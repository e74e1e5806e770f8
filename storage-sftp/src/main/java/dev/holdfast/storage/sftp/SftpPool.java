package dev.holdfast.storage.sftp;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Up to {@code max} SSH sessions, each with one SFTP channel, shared by the threads of one
 * storage: a call borrows an idle channel or opens a new session, so transfers run in parallel.
 * A channel whose connection failed is dropped and replaced on the next call, so a caller that
 * retries reconnects.
 */
final class SftpPool implements AutoCloseable {
    /** One operation on a channel. */
    interface Op<T> {
        T apply(SftpClient sftp) throws IOException;
    }

    private final SshConnector connector;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<SftpClient> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    SftpPool(SshConnector connector, int max) {
        this.connector = connector;
        this.permits = new Semaphore(max);
    }

    <T> T call(Op<T> op) throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an SFTP connection");
        }
        SftpClient c = null;
        try {
            c = idle.pollFirst();
            while (c != null && !c.isOpen()) {
                discard(c);
                c = idle.pollFirst();
            }
            if (c == null) c = connector.open();
            T result = op.apply(c);
            idle.addFirst(c);
            c = null;
            return result;
        } catch (SftpException e) {
            // The server answered with a status: the channel is fine.
            if (c != null && c.isOpen()) {
                idle.addFirst(c);
                c = null;
            }
            throw e;
        } finally {
            if (c != null) discard(c);
            permits.release();
            if (closed) closeIdle();
        }
    }

    /** Closes the channel and its session. */
    private static void discard(SftpClient c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // The connection is gone already.
        }
        c.getClientSession().close(true);
    }

    private void closeIdle() {
        for (SftpClient c = idle.pollFirst(); c != null; c = idle.pollFirst()) discard(c);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        closeIdle();
        connector.close();
    }
}
