package dev.taskflow.seed;

import dev.taskflow.config.EnvReader;
import dev.taskflow.config.SettingsException;
import dev.taskflow.db.DatabaseSettings;
import dev.taskflow.db.DatabaseUrl;
import dev.taskflow.db.JdbcConnections;
import dev.taskflow.security.AuthSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code taskflow seed --users N --tasks-per-user M --tokens-out FILE}: data for load
 * tests, written fast over the direct URL (as the {@code db} commands read it), and a
 * bearer token per user for the load generators. Exit codes: 0 done, 2 failure (one line
 * on stderr).
 */
// Picocli requires none of the options, so an unknown one is named before a missing one;
// SeedOptions requires them all.
@Command(name = "seed", customSynopsis = "taskflow seed --users=N --tasks-per-user=M --tokens-out=FILE [-h]",
		sortOptions = false,
		description = "Write users, tasks and one bearer token per user for load tests, over the direct URL (as db reads it), without starting the server.",
		exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:done",
				"2:bad arguments or settings, a database error, or the tokens could not be written" })
public class SeedCommand implements Callable<Integer> {

	@Option(names = "--users", paramLabel = "N",
			description = "Accounts to create, 1 to 10,000,000 (digit groups as 1_000 or 1,000 allowed).")
	private String users;

	@Option(names = "--tasks-per-user", paramLabel = "M",
			description = "Tasks each account gets, 0 to 100,000; at most 100,000,000 in all.")
	private String tasksPerUser;

	@Option(names = "--tokens-out", paramLabel = "FILE",
			description = "Where the bearer tokens go: one per line in ascending user id, readable by the owner only.")
	private String tokensOut;

	private final Map<String, String> environment;

	private final PrintStream out;

	private final PrintStream err;

	private final boolean terminal;

	public SeedCommand(Map<String, String> environment, PrintStream out, PrintStream err, boolean terminal) {
		this.environment = environment;
		this.out = out;
		this.err = err;
		this.terminal = terminal;
	}

	/** With the progress bar when the process runs on a terminal. */
	public SeedCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
		this(environment, out, err, Progress.onTerminal());
	}

	@Override
	public Integer call() {
		try {
			SeedOptions options = SeedOptions.of(users, tasksPerUser, tokensOut);
			EnvReader env = new EnvReader(environment::get);
			DatabaseUrl direct = DatabaseSettings.loadDirectOnly(env);
			AuthSettings auth = AuthSettings.load(env);
			return seed(options, direct, auth);
		}
		catch (SeedOptions.InvalidOptionsException e) {
			err.println("taskflow seed: " + e.getMessage());
		}
		catch (SettingsException e) {
			err.println("taskflow seed: invalid setting " + e.getMessage());
		}
		catch (SQLException e) {
			err.println("taskflow seed: database error: " + DatabaseUrl.mask(oneLine(e.getMessage())));
		}
		catch (IOException e) {
			err.println("taskflow seed: cannot write the tokens: " + oneLine(String.valueOf(e.getMessage())));
		}
		return 2;
	}

	private int seed(SeedOptions options, DatabaseUrl direct, AuthSettings auth) throws SQLException, IOException {
		long started = System.nanoTime();
		String passwordHash = SeedPassword.hash();
		Progress progress = new Progress(err, terminal, 2L * options.users() + options.tasks());
		long[] userIds;
		try (Connection connection = JdbcConnections.open(direct)) {
			Seeder seeder = new Seeder(connection, progress);
			userIds = seeder.seed(options, passwordHash);
			double seconds = (System.nanoTime() - started) / 1e9;
			writeTokens(options.tokensOut(), userIds, new SeedTokens(auth), progress);
			progress.finish();
			out.println(String.format(Locale.ROOT, "Seeded %,d users and %,d tasks into %s in %.1f s (%,.0f rows/s).",
					options.users(), options.tasks(), direct.database(), seconds,
					(options.users() + options.tasks()) / seconds));
			seeder.analyze();
		}
		out.println("Every seeded user (seed_<id>, seed-<id>@seed.example.com) has the password '"
				+ SeedPassword.PASSWORD + "': one BCrypt hash, computed once and shared.");
		out.println(String.format(Locale.ROOT,
				"Wrote %,d bearer tokens (HS256, valid %d s) to %s, one per line in ascending user id.", userIds.length,
				auth.tokenTtl().toSeconds(), options.tokensOut()));
		return 0;
	}

	/**
	 * Written next to the target and moved into place, so a reader never sees half a
	 * file. Owner-only: tokens are secrets.
	 */
	private static void writeTokens(Path target, long[] userIds, SeedTokens tokens, Progress progress)
			throws IOException {
		progress.phase("tokens");
		Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), ".tokens-", ".tmp");
		try {
			try {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException notPosix) {
				// Windows: the file keeps the directory's permissions.
			}
			try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
				for (int i = 0; i < userIds.length; i++) {
					writer.write(tokens.mint(userIds[i]));
					writer.newLine();
					if ((i + 1) % 1000 == 0 || i + 1 == userIds.length) {
						progress.advance(i % 1000 + 1);
					}
				}
			}
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static String oneLine(String message) {
		return message == null ? "(no detail)" : message.replaceAll("\\s*\\R\\s*", "; ").strip();
	}

}
