package dev.inkwell.tenancy.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;

/**
 * {@code inkwell <noun> <verb>}: the command line of the control API (see tenancy/CLI.md). Exit codes: 0 done, 1 the API
 * or the user's input said no, 2 the command line itself is wrong, 3 the server could not be reached.
 */
@Command(name = "inkwell", mixinStandardHelpOptions = true, version = "inkwell 0.1.0",
    description = "Manage Inkwell apps, functions, buckets, limits, keys, auth and env through the control API.",
    subcommands = {AppCommand.class, FnCommand.class, BucketCommand.class, LimitsCommand.class, KeysCommand.class,
        AuthCommand.class, EnvCommand.class})
public final class Cli {

  Cli() {
  }

  public static void main(String[] args) {
    System.exit(run(Context.system(), args));
  }

  /** Runs one command line and returns its exit code; never exits the JVM. */
  public static int run(Context ctx, String... args) {
    CommandLine cli = new CommandLine(new Cli(), factory(ctx));
    cli.setOut(ctx.out());
    cli.setErr(ctx.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((e, ignored) -> usageError(ctx, e));
    cli.setExecutionExceptionHandler((e, cmd, ignored) -> failed(ctx, e));
    int code = cli.execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }

  private static IFactory factory(Context ctx) {
    IFactory defaults = CommandLine.defaultFactory();
    return new IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K made = defaults.create(type);
        if (made instanceof Action a) {
          a.ctx = ctx;
        }
        return made;
      }
    };
  }

  private static int usageError(Context ctx, ParameterException e) {
    String command = e.getCommandLine().getCommandSpec().qualifiedName();
    ctx.err().println("inkwell: " + e.getMessage() + " (see: " + command + " --help)");
    return Failure.USAGE;
  }

  private static int failed(Context ctx, Exception e) {
    if (e instanceof ParameterException p) {
      return usageError(ctx, p);
    }
    if (e instanceof Failure f) {
      ctx.err().println("inkwell: " + f.getMessage());
      return f.exitCode();
    }
    IOException io = e instanceof UncheckedIOException u ? u.getCause() : e instanceof IOException i ? i : null;
    if (io instanceof NoSuchFileException n) {
      ctx.err().println("inkwell: " + n.getFile() + ": no such file");
      return Failure.USER;
    }
    if (io != null) {
      ctx.err().println("inkwell: " + io.getMessage());
      return Failure.USER;
    }
    // A bug rather than a user's mistake: keep the type, it is what a report needs.
    ctx.err().println("inkwell: unexpected " + e.getClass().getName() + ": " + e.getMessage());
    return Failure.USER;
  }
}
