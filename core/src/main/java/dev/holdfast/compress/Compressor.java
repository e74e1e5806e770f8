package dev.holdfast.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.holdfast.memory.ScratchBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * zstd compression with incompressible-data detection. Data larger than {@link #PROBE_MIN} bytes
 * is first probed: {@code SLICE}-byte slices, one in every {@link #PROBE_STRIDE} bytes (at least
 * four), are compressed at level 1, and if none of them saves 3% the data is stored uncompressed
 * without compressing the rest. Probing every stride means a compressible region of a stride or
 * more is never missed, whatever surrounds it. Whole results that save less than 1% are also
 * dropped. Thread-safe: a small pool of compression contexts, each with its output buffer, is
 * shared by all threads.
 */
public final class Compressor {
    public static final int SLICE = 4 * 1024;
    public static final int PROBE_STRIDE = 128 * 1024;
    public static final int PROBE_MIN = 64 * 1024;

    /** What to do with the result: {@code compressed} tells whether buf holds a zstd frame or the input itself. */
    @FunctionalInterface
    public interface Result<T> {
        T apply(byte[] buf, int off, int len, boolean compressed);
    }

    /**
     * A compression context and its output buffer, taken by one thread at a time. The buffer is
     * kept up to {@code compressBound(2 MiB)} bytes; output for larger data gets a buffer of its own.
     */
    private static final class Slot {
        final ZstdCompressCtx ctx = new ZstdCompressCtx();
        final ScratchBuffer out = new ScratchBuffer((int) Zstd.compressBound(2 << 20));
    }

    /**
     * Compression contexts hold megabytes of native tables each: a few shared by all threads bound
     * that memory (and the CPU work) however many threads read files.
     */
    private static final BlockingQueue<Slot> SLOTS = new ArrayBlockingQueue<>(Runtime.getRuntime().availableProcessors() + 1);

    static {
        for (int i = 0; i < Runtime.getRuntime().availableProcessors() + 1; i++) SLOTS.add(new Slot());
    }

    private static final ThreadLocal<ZstdDecompressCtx> DCTX = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    private final int level;

    /** @param level a zstd level from 1 to 19; 0 disables compression. */
    public Compressor(int level) {
        if (level < 0 || level > 19) throw new IllegalArgumentException("compression level must be 0 to 19, not " + level);
        this.level = level;
    }

    public int level() { return level; }

    /** The compressed form of data[off, off+len), or null when it is not worth storing compressed. */
    public byte[] compress(byte[] data, int off, int len) {
        return compress(data, off, len, (buf, o, n, compressed) -> compressed ? Arrays.copyOfRange(buf, o, o + n) : null);
    }

    /**
     * Compresses data[off, off+len) when it pays and hands the result to then: a frame in a
     * buffer that is only valid during the call (no copy is made), or the input itself.
     */
    public <T> T compress(byte[] data, int off, int len, Result<T> then) {
        if (level == 0 || len < 64) return then.apply(data, off, len, false);
        Slot slot;
        try {
            slot = SLOTS.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a compression context");
        }
        try {
            byte[] out = slot.out.atLeast((int) Zstd.compressBound(len));
            int n = compress(slot, data, off, len, out);
            return n < 0 ? then.apply(data, off, len, false) : then.apply(out, 0, n, true);
        } finally {
            SLOTS.add(slot);
        }
    }

    /** The frame's length in out, or -1 when the data is better stored as it is. */
    private int compress(Slot slot, byte[] data, int off, int len, byte[] out) {
        ZstdCompressCtx ctx = slot.ctx;
        if (len > PROBE_MIN && !probeSaves(slot.ctx, data, off, len, out)) return -1;
        ctx.setLevel(level);
        int n = ctx.compressByteArray(out, 0, out.length, data, off, len);
        return n > len - len / 100 ? -1 : n;
    }

    private static boolean probeSaves(ZstdCompressCtx ctx, byte[] data, int off, int len, byte[] out) {
        // consecutive slices start at most PROBE_STRIDE - SLICE apart, so every PROBE_STRIDE-byte region holds one
        int slices = Math.max(4, (len - SLICE + PROBE_STRIDE - SLICE - 1) / (PROBE_STRIDE - SLICE) + 1);
        long step = (long) (len - SLICE) / (slices - 1);
        ctx.setLevel(1);
        for (int i = 0; i < slices; i++) {
            int n = ctx.compressByteArray(out, 0, out.length, data, off + (int) (i * step), SLICE);
            if (n <= SLICE - SLICE / 32) return true;
        }
        return false;
    }
    /** Decompresses a zstd frame whose original length is known. */
    public static byte[] decompress(byte[] data, int off, int len, int rawLength) {
        byte[] out = new byte[rawLength];
        decompress(data, off, len, out, rawLength);
        return out;
    }

    /** Decompresses a zstd frame whose original length is known into out[0, rawLength). */
    public static void decompress(byte[] data, int off, int len, byte[] out, int rawLength) {
        int n = DCTX.get().decompressByteArray(out, 0, rawLength, data, off, len);
        if (n != rawLength) throw new IllegalStateException("decompressed " + n + " bytes, expected " + rawLength);
    }
}
