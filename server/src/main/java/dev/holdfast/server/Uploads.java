package dev.holdfast.server;

import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stores uploaded objects atomically. The body goes to a temporary file in the storage's staging
 * directory while its SHA-256 is computed; only when all Content-Length bytes arrived and the
 * digest matches the client's is the file moved into place (renamed, for a local repository). A
 * connection that drops mid-upload leaves nothing. Whether an object exists is decided and acted on
 * under a lock per name, so two uploads cannot both find a name free and the second replace the
 * first behind an append-only user's back.
 */
final class Uploads {
    /** What became of an upload. */
    enum Outcome { CREATED, REPLACED, UNCHANGED, FORBIDDEN, DIGEST_MISMATCH }

    private final Storage storage;
    private final ReentrantLock[] locks = new ReentrantLock[64];

    Uploads(Storage storage) {
        this.storage = storage;
        for (int i = 0; i < locks.length; i++) locks[i] = new ReentrantLock();
    }

    /**
     * Receives length bytes from body and stores them as name.
     * @param expectedSha256 lowercase hex, or null when the client sent none
     * @throws IOException when the body ends early (the connection dropped) or the storage fails
     */
    Outcome put(String name, Role role, InputStream body, long length, String expectedSha256) throws IOException {
        Path temp = Files.createTempFile(storage.stagingDirectory(), "upload-", ".tmp");
        try {
            byte[] digest = receive(body, temp, length);
            if (expectedSha256 != null && !expectedSha256.equals(HexFormat.of().formatHex(digest))) {
                return Outcome.DIGEST_MISMATCH;
            }
            ReentrantLock lock = locks[Math.floorMod(name.hashCode(), locks.length)];
            lock.lock();
            try {
                Optional<BlobInfo> existing = storage.stat(name);
                if (existing.isPresent() && !role.canReplaceOrDelete()) {
                    return existing.get().size() == length && MessageDigest.isEqual(digest, digestOf(name))
                            ? Outcome.UNCHANGED : Outcome.FORBIDDEN;
                }
                storage.putFile(name, temp);
                temp = null;
                return existing.isPresent() ? Outcome.REPLACED : Outcome.CREATED;
            } finally {
                lock.unlock();
            }
        } finally {
            if (temp != null) Files.deleteIfExists(temp);
        }
    }

    private static byte[] receive(InputStream body, Path temp, long length) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[ObjectReads.SLICE];
            long done = 0;
            while (done < length) {
                int n = body.read(buf, 0, (int) Math.min(buf.length, length - done));
                if (n < 0) throw new IOException("the upload ended after " + done + " of " + length + " bytes");
                sha.update(buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) ch.write(bb);
                done += n;
            }
        }
        return sha.digest();
    }

    private byte[] digestOf(String name) throws IOException {
        MessageDigest sha = sha256();
        try (ObjectReads.Opened o = ObjectReads.open(storage, name);
             OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            o.transfer(0, o.size(), out);
        }
        return sha.digest();
    }

    /** True if s could be a SHA-256 as the protocol writes it. */
    static boolean isSha256(String s) {
        return s.length() == 64 && s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
