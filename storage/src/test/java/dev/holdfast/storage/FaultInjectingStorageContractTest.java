package dev.holdfast.storage;

/** With no faults programmed the decorator must be invisible. */
class FaultInjectingStorageContractTest extends StorageContract {
    @Override
    protected Storage newStorage() {
        return new FaultInjectingStorage(new MemoryStorage());
    }
}
