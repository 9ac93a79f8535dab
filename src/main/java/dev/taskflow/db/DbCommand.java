package dev.taskflow.db;

import dev.taskflow.config.EnvReader;
import dev.taskflow.config.SettingsException;

import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * {@code taskflow db upgrade | downgrade N | history | status | stamp}: schema management
 * over the direct URL only, for production machines that have the jar and no build tools.
 * Each subcommand is one method; picocli parses the arguments.
 */
@Command(name = "db",
		description = "Manage the database schema over the direct URL (MIGRATION_DATABASE_URL, else derived from DATABASE_URL), without starting the server.",
		exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:done, or already up to date",
				"1:status: changesets are pending", "2:bad arguments or settings, or the migration failed" })
public class DbCommand {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Map<String, String> environment;

	private final PrintStream out;

	private final PrintStream err;

	public DbCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
		this.environment = environment;
		this.out = out;
		this.err = err;
	}

	@Command(name = "upgrade", description = "Apply every pending changeset.")
	int upgrade() {
		return withMigrations((migrations) -> {
			int pending = migrations.pending().size();
			migrations.upgrade();
			out.println(pending == 0 ? "Already up to date." : "Applied " + pending + " changeset(s).");
			return 0;
		});
	}

	@Command(name = "downgrade", description = "Roll back the last N applied changesets.")
	int downgrade(
			@Parameters(paramLabel = "N", description = "How many changesets to roll back (at least 1).") int count) {
		if (count < 1) {
			err.println("taskflow db: downgrade needs the number of changesets to roll back, at least 1, got " + count);
			return 2;
		}
		return withMigrations((migrations) -> {
			int applied = migrations.history().size();
			if (count > applied) {
				err.println("taskflow db: cannot roll back " + count + " changeset(s): only " + applied + " applied");
				return 2;
			}
			migrations.downgrade(count);
			out.println("Rolled back " + count + " changeset(s).");
			return 0;
		});
	}

	@Command(name = "history", description = "List the applied changesets, oldest first.")
	int history() {
		return withMigrations((migrations) -> {
			List<RanChangeSet> ran = migrations.history();
			if (ran.isEmpty()) {
				out.println("No changesets applied.");
			}
			for (RanChangeSet changeSet : ran) {
				out.println(TIME.format(changeSet.getDateExecuted().toInstant()) + "  " + changeSet.getId() + "  ("
						+ changeSet.getAuthor() + ", " + changeSet.getChangeLog() + ")");
			}
			return 0;
		});
	}

	@Command(name = "status",
			description = "Count the applied changesets and list the pending ones; exit 1 while any are pending.")
	int status() {
		return withMigrations((migrations) -> {
			int applied = migrations.history().size();
			List<ChangeSet> pending = migrations.pending();
			if (pending.isEmpty()) {
				out.println("Up to date: " + applied + " changeset(s) applied, none pending.");
				return 0;
			}
			out.println(applied + " changeset(s) applied, " + pending.size() + " pending:");
			for (ChangeSet changeSet : pending) {
				out.println("  " + changeSet.getId() + "  (" + changeSet.getAuthor() + ", " + changeSet.getFilePath()
						+ ")");
			}
			return 1;
		});
	}

	@Command(name = "stamp",
			description = "Mark every pending changeset as applied without running it (for a schema made by hand).")
	int stamp() {
		return withMigrations((migrations) -> {
			int pending = migrations.pending().size();
			migrations.stamp();
			out.println("Marked " + pending + " changeset(s) as applied without running them.");
			return 0;
		});
	}

	/** Settings are read only once a subcommand runs, so {@code --help} needs none. */
	private int withMigrations(ToIntFunction<Migrations> action) {
		try {
			return action.applyAsInt(new Migrations(DatabaseSettings.loadDirectOnly(new EnvReader(environment::get))));
		}
		catch (SettingsException e) {
			err.println("taskflow db: invalid setting " + e.getMessage());
			return 2;
		}
		catch (Migrations.MigrationException e) {
			err.println("taskflow db: " + e.getMessage());
			return 2;
		}
	}

}
