package dev.holdfast.storage;

class MemoryStorageContractTest extends StorageContract {
    @Override
    protected Storage newStorage() {
        return new MemoryStorage();
    }
}
