package dev.holdfast.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageContractTest extends StorageContract {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return new LocalStorage(dir.resolve("repo"));
    }
}
