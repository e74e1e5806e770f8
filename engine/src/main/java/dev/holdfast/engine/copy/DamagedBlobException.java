package dev.holdfast.engine.copy;

import dev.holdfast.repo.pack.BlobRef;
import java.io.IOException;

/** A source blob that is missing, cannot be read, or fails verification. */
final class DamagedBlobException extends IOException {
    DamagedBlobException(BlobRef ref, String problem) {
        super(ref == null ? problem : ref.type().name().toLowerCase() + " blob " + ref.id().shortHex() + " " + problem);
    }
}
