package dev.holdfast.other;

import dev.holdfast.storage.MemoryStorage;
import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageContract;

/**
 * Guards that {@link StorageContract} works when extended from another package, as the SFTP, S3
 * and HTTP backends will do: its inherited tests and lifecycle methods must all run.
 */
class ContractFromOtherPackageTest extends StorageContract {
    @Override
    protected Storage newStorage() {
        return new MemoryStorage();
    }
}
