package dev.holdfast.cli;

import dev.holdfast.repo.io.FormatException;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: parses the command line and maps failures to exit codes and one-line messages. */
@Command(name = "holdfast", mixinStandardHelpOptions = true, version = "holdfast 0.1.0",
        description = "Deduplicating, encrypted backups.",
        footerHeading = "%nEnvironment:%n",
        footer = {"  HOLDFAST_REPOSITORY        repository location (like -r)",
                "  HOLDFAST_PASSWORD          repository password",
                "  HOLDFAST_PASSWORD_FILE     file whose first line is the password",
                "  HOLDFAST_NEW_PASSWORD      the new password of key add and key passwd",
                "  HOLDFAST_CACHE_DIR         cache directory (default ~/.cache/holdfast)",
                "  HOLDFAST_HOST              host name to record (default: this machine's)",
                "  HOLDFAST_REST_PASSWORD     the user's password in a rest: location",
                "  HOLDFAST_REST_FINGERPRINT  the server certificate's SHA-256 to pin",
                "  HOLDFAST_SSH_PASSPHRASE    passphrase of the SSH key of an sftp: location",
                "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE,",
                "  AWS_REGION                 credentials and region of an s3: location",
                "  HOLDFAST_FROM_REPOSITORY, HOLDFAST_FROM_PASSWORD, HOLDFAST_FROM_PASSWORD_FILE",
                "                             the source of copy and init --copy-chunker-params",
                "  HOLDFAST_TO_PASSWORD, HOLDFAST_TO_PASSWORD_FILE",
                "                             the replicas of snapshots --replicas --to",
                "",
                "Exit codes: 0 success, 1 error, 2 usage error, 3 backup saved but some",
                "files could not be read, 10 no repository at that location, 12 wrong password."})
public final class Main implements Runnable {
    /** The commands, in the order help lists them. Only the one invoked is built, to start fast. */
    static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("init", InitCommand.class);
        COMMANDS.put("backup", BackupCommand.class);
        COMMANDS.put("snapshots", SnapshotsCommand.class);
        COMMANDS.put("ls", LsCommand.class);
        COMMANDS.put("restore", RestoreCommand.class);
        COMMANDS.put("check", CheckCommand.class);
        COMMANDS.put("stats", StatsCommand.class);
        COMMANDS.put("cat", CatCommand.class);
        COMMANDS.put("key", KeyCommand.class);
        COMMANDS.put("serve", ServeCommand.class);
        COMMANDS.put("copy", CopyCommand.class);
        COMMANDS.put("forget", ForgetCommand.class);
        COMMANDS.put("prune", PruneCommand.class);
        COMMANDS.put("protect", ProtectCommand.class);
        COMMANDS.put("unprotect", UnprotectCommand.class);
        COMMANDS.put("help", CommandLine.HelpCommand.class);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Commands that run long enough, and allocate enough, for {@link HeapGovernor}. */
    private static final java.util.Set<String> LONG_COMMANDS = java.util.Set.of("backup", "restore", "check", "copy", "prune", "forget");

    public static void main(String[] args) {
        String[] ordered = globalOptionsAfterCommand(RawArgs.of(args));
        if (ordered.length > 0 && LONG_COMMANDS.contains(ordered[0])) {
            Thread.ofPlatform().daemon().name("heap-governor").start(HeapGovernor::start);
        }
        System.exit(run(ordered, Env.system()));
    }

    /** Runs one command line in the given environment and returns the exit code. */
    public static int run(String[] args, Env env) {
        args = globalOptionsAfterCommand(args);
        dev.holdfast.crypto.LibCrypto.prepareInBackground(); // every command but help unlocks a key file
        boolean debug = Arrays.asList(args).contains("--debug");
        Factory factory = new Factory(env, EarlyOpen.start(args, env));
        CommandLine cl = new CommandLine(new Main(), factory);
        Class<?> invoked = args.length > 0 && !args[0].equals("help") ? COMMANDS.get(args[0]) : null;
        if (invoked != null) {
            cl.addSubcommand(args[0], new CommandLine(invoked, factory));
        } else {
            COMMANDS.forEach((name, cls) -> cl.addSubcommand(name, new CommandLine(cls, factory)));
        }
        cl.setOut(new java.io.PrintWriter(env.out(), true));
        cl.setErr(new java.io.PrintWriter(env.err(), true));
        for (CommandLine sub : cl.getSubcommands().values()) sub.getCommandSpec().mixinStandardHelpOptions(true);
        cl.setParameterExceptionHandler((e, parsed) -> usageError(e, env));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (debug) e.printStackTrace(env.err());
            return report(e, env);
        });
        return cl.execute(args);
    }

    /**
     * Moves global options given before the command ({@code holdfast -r REPO snapshots}, as restic
     * users type it) to just after it, where the command parses them.
     */
    static String[] globalOptionsAfterCommand(String[] args) {
        if (args.length == 0 || !args[0].startsWith("-")) return args;
        Map<String, Boolean> takesValue = new java.util.HashMap<>();
        for (CommandLine.Model.OptionSpec o : CommandLine.Model.CommandSpec.forAnnotatedObject(new GlobalOptions()).options()) {
            for (String n : o.names()) takesValue.put(n, o.arity().max() > 0);
        }
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (takesValue.containsKey(name)) {
                i += takesValue.get(name) && eq < 0 ? 2 : 1;
            } else if (a.length() > 2 && !a.startsWith("--") && Boolean.TRUE.equals(takesValue.get(a.substring(0, 2)))) {
                i++; // -rVALUE
            } else {
                break;
            }
        }
        if (i == 0 || i >= args.length || args[i].startsWith("-")) return args;
        String[] out = new String[args.length];
        out[0] = args[i];
        System.arraycopy(args, 0, out, 1, i);
        System.arraycopy(args, i + 1, out, i + 1, args.length - i - 1);
        return out;
    }

    /** A bad command line: one line naming the problem and where the help is, no usage dump. */
    static int usageError(CommandLine.ParameterException e, Env env) {
        String name = e.getCommandLine().getCommandSpec().qualifiedName();
        String msg = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && e.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            msg = "unknown command '" + u.getUnmatched().getFirst() + "'";
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            msg += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        env.err().println("holdfast: " + msg + " (see '" + name + " --help')");
        return ExitCodes.USAGE;
    }

    static int report(Throwable e, Env env) {
        if (e instanceof UserException u) {
            env.err().println("holdfast: " + u.getMessage());
            return u.exitCode();
        }
        if (e instanceof dev.holdfast.engine.snapshots.NotFoundException) {
            env.err().println("holdfast: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        if (e instanceof IllegalArgumentException) {
            env.err().println("holdfast: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof FormatException) {
            env.err().println("holdfast: " + e.getMessage() + "; run 'holdfast check' for details");
            return ExitCodes.ERROR;
        }
        if (e instanceof IOException) {
            env.err().println("holdfast: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        env.err().println("holdfast: internal error: " + e + " (run with --debug for details)");
        return ExitCodes.ERROR;
    }

    /** Gives every command the environment it runs in, and the repository being opened early. */
    private record Factory(Env env, EarlyOpen early) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (BaseCommand.class.isAssignableFrom(cls)) {
                K k = CommandLine.defaultFactory().create(cls);
                ((BaseCommand) k).env = env;
                ((BaseCommand) k).early = early;
                return k;
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
