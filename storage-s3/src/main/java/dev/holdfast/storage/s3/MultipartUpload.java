package dev.holdfast.storage.s3;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One multipart upload of a file: create, send the parts in order (each read into one buffer,
 * so memory is one part per upload), complete. The object appears only at completion; any
 * failure aborts the upload so no parts linger.
 */
final class MultipartUpload {
    private final S3Client client;
    private final S3Storage storage;
    private final String key, name;
    private final Path file;
    private final long size;
    private final int partSize;

    MultipartUpload(S3Client client, S3Storage storage, String key, String name, Path file, long size, int partSize) {
        this.client = client;
        this.storage = storage;
        this.key = key;
        this.name = name;
        this.file = file;
        this.size = size;
        this.partSize = partSize;
    }

    /** Uploads the file; headers (user metadata) go with the request that creates the upload. */
    void run(Map<String, String> headers) throws IOException {
        S3Client.Response created = client.send("POST", key, Map.of("uploads", ""), headers, S3Client.Body.EMPTY);
        String uploadId = created.status() == 200 ? tag(created.body(), "UploadId") : null;
        if (uploadId == null) throw storage.failure("writing", name, created);
        boolean done = false;
        try {
            List<String> etags = sendParts(uploadId);
            StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
            for (int i = 0; i < etags.size(); i++) {
                xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>").append(etags.get(i)).append("</ETag></Part>");
            }
            byte[] body = xml.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
            S3Client.Response r = client.send("POST", key, Map.of("uploadId", uploadId), Map.of(), S3Client.Body.of(body, 0, body.length));
            // S3 may answer 200 and still report an error in the body.
            if (r.status() != 200 || tag(r.body(), "Code") != null) throw storage.failure("writing", name, r);
            done = true;
        } finally {
            if (!done) abort(uploadId);
        }
    }

    private List<String> sendParts(String uploadId) throws IOException {
        List<String> etags = new ArrayList<>();
        byte[] buf = new byte[(int) Math.min(partSize, size)];
        try (FileChannel ch = FileChannel.open(file)) {
            for (long off = 0; off < size; off += partSize) {
                int len = (int) Math.min(partSize, size - off);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
                while (bb.hasRemaining()) {
                    if (ch.read(bb, off + bb.position()) < 0) throw new EOFException(file + " shrank while being uploaded");
                }
                Map<String, String> q = Map.of("partNumber", Integer.toString(etags.size() + 1), "uploadId", uploadId);
                S3Client.Response r = client.send("PUT", key, q, Map.of(), S3Client.Body.of(buf, 0, len));
                String etag = r.headers().firstValue("ETag").orElse(null);
                if (r.status() != 200 || etag == null) throw storage.failure("writing", name, r);
                etags.add(etag);
            }
        }
        return etags;
    }

    private void abort(String uploadId) {
        try {
            client.send("DELETE", key, Map.of("uploadId", uploadId), Map.of(), S3Client.Body.EMPTY);
        } catch (IOException ignored) {
            // The upload failed already; a lingering upload is invisible and expires by bucket policy.
        }
    }

    private static String tag(byte[] xml, String name) {
        String s = new String(xml, StandardCharsets.UTF_8);
        int a = s.indexOf("<" + name + ">"), b = s.indexOf("</" + name + ">");
        return a < 0 || b < a ? null : s.substring(a + name.length() + 2, b);
    }
}
