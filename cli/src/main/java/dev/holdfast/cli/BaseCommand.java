package dev.holdfast.cli;

import dev.holdfast.repo.io.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** What every command shares: global options, the environment and JSON output. */
abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    Env env;

    EarlyOpen early;

    RepoAccess access() {
        return new RepoAccess(global, env, global.isDefault() ? early : null);
    }

    /** Prints maps, lists, strings and numbers as one line of JSON. */
    void printJson(Object o) {
        env.out().println(Json.writeString(o, false));
    }
}
