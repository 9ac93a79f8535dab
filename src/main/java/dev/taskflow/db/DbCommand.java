package dev.taskflow.db;

import dev.taskflow.config.EnvReader;
import dev.taskflow.config.SettingsException;

import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * {@code taskflow db upgrade | downgrade N | history | status | stamp}: schema management
 * over the direct URL only, for production machines that have the jar and no build tools.
 * Exit codes: 0 done (or up to date), 1 migrations pending ({@code status}), 2 failure.
 */
public class DbCommand {

	private static final String USAGE = "usage: taskflow db upgrade | downgrade N | history | status | stamp";

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

	public int run(String... args) {
		if (args.length == 0) {
			err.println(USAGE);
			return 2;
		}
		try {
			Migrations migrations = new Migrations(DatabaseSettings.loadDirectOnly(new EnvReader(environment::get)));
			return switch (args[0]) {
				case "upgrade" -> upgrade(migrations);
				case "downgrade" -> downgrade(migrations, args);
				case "history" -> history(migrations);
				case "status" -> status(migrations);
				case "stamp" -> stamp(migrations);
				default -> {
					err.println("taskflow db: unknown command '" + args[0] + "'; " + USAGE);
					yield 2;
				}
			};
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

	private int upgrade(Migrations migrations) {
		int pending = migrations.pending().size();
		migrations.upgrade();
		out.println(pending == 0 ? "Already up to date." : "Applied " + pending + " changeset(s).");
		return 0;
	}

	private int downgrade(Migrations migrations, String[] args) {
		if (args.length != 2 || !args[1].matches("\\d{1,6}")) {
			err.println("taskflow db: downgrade needs the number of changesets to roll back, e.g. 'db downgrade 1'");
			return 2;
		}
		int count = Integer.parseInt(args[1]);
		int applied = migrations.history().size();
		if (count > applied) {
			err.println("taskflow db: cannot roll back " + count + " changeset(s): only " + applied + " applied");
			return 2;
		}
		migrations.downgrade(count);
		out.println("Rolled back " + count + " changeset(s).");
		return 0;
	}

	private int history(Migrations migrations) {
		List<RanChangeSet> ran = migrations.history();
		if (ran.isEmpty()) {
			out.println("No changesets applied.");
		}
		for (RanChangeSet changeSet : ran) {
			out.println(TIME.format(changeSet.getDateExecuted().toInstant()) + "  " + changeSet.getId() + "  ("
					+ changeSet.getAuthor() + ", " + changeSet.getChangeLog() + ")");
		}
		return 0;
	}

	private int status(Migrations migrations) {
		int applied = migrations.history().size();
		List<ChangeSet> pending = migrations.pending();
		if (pending.isEmpty()) {
			out.println("Up to date: " + applied + " changeset(s) applied, none pending.");
			return 0;
		}
		out.println(applied + " changeset(s) applied, " + pending.size() + " pending:");
		for (ChangeSet changeSet : pending) {
			out.println(
					"  " + changeSet.getId() + "  (" + changeSet.getAuthor() + ", " + changeSet.getFilePath() + ")");
		}
		return 1;
	}

	private int stamp(Migrations migrations) {
		int pending = migrations.pending().size();
		migrations.stamp();
		out.println("Marked " + pending + " changeset(s) as applied without running them.");
		return 0;
	}

}
