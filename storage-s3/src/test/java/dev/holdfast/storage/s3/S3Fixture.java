package dev.holdfast.storage.s3;

import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Opens s3: storages on a test server with its credentials and extra settings. */
final class S3Fixture {
    private S3Fixture() {}

    static StorageOptions options(Map<String, String> env, Map<String, String> settings) {
        Map<String, String> e = new HashMap<>(S3ProxyServer.credentials());
        e.putAll(env);
        return new StorageOptions(e::get, Path.of("/nonexistent-home"), settings);
    }

    static Storage open(String endpoint, String bucketAndPrefix, Map<String, String> settings) throws Exception {
        return new S3Provider().open("s3:" + endpoint + "/" + bucketAndPrefix, options(Map.of(), settings));
    }
}
