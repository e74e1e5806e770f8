package dev.holdfast.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** What every command shares: global options, the environment and JSON output. */
abstract class BaseCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    @Mixin
    GlobalOptions global;

    Env env;

    RepoAccess access() {
        return new RepoAccess(global, env);
    }

    void printJson(Object o) throws java.io.IOException {
        env.out().println(JSON.writeValueAsString(o));
    }
}
