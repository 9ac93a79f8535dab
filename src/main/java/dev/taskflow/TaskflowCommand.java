package dev.taskflow;

import dev.taskflow.config.ProcessEnvironment;
import dev.taskflow.db.DbCommand;
import dev.taskflow.seed.SeedCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The jar's command line: {@code --help}, {@code --version}, {@code db …} and
 * {@code seed …}. {@link TaskflowApplication} comes here only for arguments that are not
 * Spring Boot's {@code --name=value} properties, so the server never loads picocli.
 */
@Command(name = "taskflow", versionProvider = TaskflowCommand.Version.class,
		description = "Task API server. With no command it serves HTTP; arguments of the form --name=value (e.g. --server.port=9000) then go to Spring Boot unchanged.",
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:done", "1:the server failed to start (db status: changesets pending)",
				"2:bad arguments or settings, or a command failed" })
public final class TaskflowCommand {

	@Option(names = { "-h", "--help" }, usageHelp = true, scope = ScopeType.INHERIT,
			description = "Show this help and exit.")
	private boolean help;

	@Option(names = { "-V", "--version" }, versionHelp = true, description = "Print the version and exit.")
	private boolean version;

	private TaskflowCommand() {
	}

	/** Runs a command with the settings of this process; returns its exit code. */
	static int run(String... args) {
		Map<String, String> environment = ProcessEnvironment.load();
		return execute(args, System.out, System.err, new DbCommand(environment, System.out, System.err),
				new SeedCommand(environment, System.out, System.err));
	}

	/**
	 * Parses {@code args} against the root command with the given subcommands and runs
	 * what they name, as the jar does.
	 */
	public static int execute(String[] args, PrintStream out, PrintStream err, Object... subcommands) {
		CommandLine commandLine = new CommandLine(new TaskflowCommand());
		for (Object subcommand : subcommands) {
			commandLine.addSubcommand(subcommand);
		}
		return commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
			.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
			.setParameterExceptionHandler(TaskflowCommand::refuse)
			.execute(args);
	}

	/**
	 * One line on stderr naming the problem; after an unknown command or option, or a
	 * missing one, the usage of the command it was given to.
	 */
	private static int refuse(ParameterException problem, String[] args) {
		CommandLine command = problem.getCommandLine();
		PrintWriter err = command.getErr();
		err.println(command.getCommandSpec().qualifiedName() + ": " + describe(problem));
		if (problem instanceof UnmatchedArgumentException || !command.getSubcommands().isEmpty()) {
			command.usage(err);
		}
		err.flush();
		return command.getCommandSpec().exitCodeOnInvalidInput();
	}

	private static String describe(ParameterException problem) {
		if (problem instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
			// Spring Boot's --name=value properties are fine alone; name what is not one.
			String first = unmatched.getUnmatched()
				.stream()
				.filter((arg) -> !TaskflowApplication.isSpringProperty(arg))
				.findFirst()
				.orElse(unmatched.getUnmatched().getFirst());
			if (unmatched.isUnknownOption()) {
				return "unknown option '" + first + "'";
			}
			boolean hasCommands = !problem.getCommandLine().getSubcommands().isEmpty();
			return (hasCommands ? "unknown command '" : "unexpected argument '") + first + "'";
		}
		String message = String.valueOf(problem.getMessage());
		return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
	}

	/** The version the build wrote into the jar's manifest. */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = TaskflowCommand.class.getPackage().getImplementationVersion();
			return new String[] { "taskflow " + (version != null ? version : "(development build, not packaged)") };
		}

	}

}
