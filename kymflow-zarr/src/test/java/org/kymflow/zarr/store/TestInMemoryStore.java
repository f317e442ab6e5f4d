package org.kymflow.zarr.store;

/** The in-memory store (ZarrDataset.inMemory, tests, embedding): the KeyValueStore contract. */
class TestInMemoryStore extends KeyValueStoreContract {
    @Override
    protected KeyValueStore newStore(String name) {
        return new InMemoryStore();
    }
}
