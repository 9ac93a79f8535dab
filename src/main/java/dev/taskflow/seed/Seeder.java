package dev.taskflow.seed;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes the users and their tasks with PostgreSQL's COPY, in one transaction: all or
 * nothing, and a rate of hundreds of thousands of rows a second where single INSERTs
 * manage a few thousand. The content is varied (titles, descriptions, priorities, due
 * dates, completion, creation times over 90 days) so that indexes and plans look like
 * real data, and reproducible: the same options give the same rows.
 */
final class Seeder {

	private static final int FLUSH_BYTES = 1 << 20;

	private static final String[] VERBS = { "Write", "Review", "Fix", "Plan", "Call", "Email", "Prepare", "Update",
			"Check", "Book", "Order", "Clean", "Draft", "Test", "Ship", "Renew" };

	private static final String[] THINGS = { "the report", "the budget", "invoice", "slides", "dentist", "the release",
			"groceries", "car insurance", "the garden", "onboarding notes", "the roadmap", "flight tickets",
			"the backup", "team lunch", "the contract", "passport" };

	private static final String[] WORDS = { "before", "friday", "with", "alex", "urgent", "follow", "up", "quarterly",
			"numbers", "draft", "final", "version", "remember", "to", "attach", "receipts", "ask", "about", "pricing" };

	private static final String[] TAGS = { "work", "home", "errand", "finance", "health", "later", "waiting",
			"urgent" };

	private final Connection connection;

	private final Progress progress;

	private final SplittableRandom random = new SplittableRandom(20_261_123L);

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	Seeder(Connection connection, Progress progress) {
		this.connection = connection;
		this.progress = progress;
	}

	/**
	 * Creates the users and their tasks and commits; returns the new users' ids,
	 * ascending.
	 */
	long[] seed(SeedOptions options, String passwordHash) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try {
			long[] userIds = reserveUserIds(options.users());
			copyUsers(userIds, passwordHash);
			copyTasks(userIds, options.tasksPerUser());
			connection.commit();
			return userIds;
		}
		catch (SQLException | RuntimeException e) {
			connection.rollback();
			throw e;
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	/**
	 * Fresh statistics, so the benchmark that follows gets the plans production would.
	 */
	void analyze() throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("ANALYZE users, tasks");
		}
	}

	/**
	 * Ids drawn from the users' identity sequence, as an INSERT would draw them, so the
	 * seeded rows never collide with rows written before or after. COPY writes given
	 * values into an identity column.
	 */
	private long[] reserveUserIds(int count) throws SQLException {
		long[] ids = new long[count];
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT nextval(pg_get_serial_sequence('users', 'id')) FROM generate_series(1, ?)")) {
			statement.setInt(1, count);
			statement.setFetchSize(100_000);
			try (ResultSet result = statement.executeQuery()) {
				for (int i = 0; result.next(); i++) {
					ids[i] = result.getLong(1);
				}
			}
		}
		Arrays.sort(ids);
		return ids;
	}

	private void copyUsers(long[] userIds, String passwordHash) throws SQLException {
		progress.phase("users");
		try (Copy copy = new Copy(
				"COPY users (id, email, username, password_hash, full_name, email_verified, created_at, updated_at) FROM STDIN")) {
			String created = now.toString();
			for (long id : userIds) {
				copy.row("%d\tseed-%d@seed.example.com\tseed_%d\t%s\tSeed User %d\tt\t%s\t%s\n".formatted(id, id, id,
						passwordHash, id, created, created));
			}
			copy.finish();
		}
	}

	/**
	 * Zero to two tags, as a COPY array literal, so tag filters have something to find.
	 */
	private String tags() {
		int count = random.nextInt(3);
		if (count == 0) {
			return "{}";
		}
		String first = TAGS[random.nextInt(TAGS.length)];
		String second = TAGS[random.nextInt(TAGS.length)];
		return count == 1 || first.equals(second) ? "{" + first + "}"
				: "{" + (first.compareTo(second) < 0 ? first + "," + second : second + "," + first) + "}";
	}

	private void copyTasks(long[] userIds, int tasksPerUser) throws SQLException {
		progress.phase("tasks");
		try (Copy copy = new Copy(
				"COPY tasks (user_id, title, description, completed, priority, due_at, created_at, updated_at, completed_at, tags) FROM STDIN")) {
			StringBuilder row = new StringBuilder(256);
			for (long userId : userIds) {
				for (int n = 1; n <= tasksPerUser; n++) {
					row.setLength(0);
					Instant created = now.minusSeconds(random.nextLong(90L * 24 * 3600));
					Instant updated = created.plusSeconds(random
						.nextLong(1 + Math.min(2L * 24 * 3600, now.getEpochSecond() - created.getEpochSecond())));
					row.append(userId)
						.append('\t')
						.append(VERBS[random.nextInt(VERBS.length)])
						.append(' ')
						.append(THINGS[random.nextInt(THINGS.length)])
						.append(" #")
						.append(n)
						.append('\t');
					if (random.nextInt(2) == 0) {
						row.append("\\N");
					}
					else {
						for (int w = 0, words = 3 + random.nextInt(10); w < words; w++) {
							row.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
						}
					}
					boolean completed = random.nextInt(4) == 0;
					row.append('\t')
						.append(completed ? 't' : 'f')
						.append('\t')
						.append(1 + random.nextInt(3))
						.append('\t');
					if (random.nextInt(5) < 2) {
						row.append("\\N");
					}
					else {
						row.append(created.plusSeconds(random.nextLong(-5L * 24 * 3600, 30L * 24 * 3600)));
					}
					row.append('\t')
						.append(created)
						.append('\t')
						.append(updated)
						.append('\t')
						.append(completed ? updated.toString() : "\\N")
						.append('\t')
						.append(tags())
						.append('\n');
					copy.row(row);
				}
			}
			copy.finish();
		}
	}

	/**
	 * One COPY … FROM STDIN, fed in large chunks; each chunk advances the progress by its
	 * rows. Closed without {@link #finish()} (an error on the way), it cancels, so the
	 * connection stays usable for the rollback.
	 */
	private final class Copy implements AutoCloseable {

		private final CopyIn copyIn;

		private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);

		private int rows;

		Copy(String sql) throws SQLException {
			this.copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
		}

		void row(CharSequence line) throws SQLException {
			buffer.append(line);
			rows++;
			if (buffer.length() >= FLUSH_BYTES) {
				flush();
			}
		}

		private void flush() throws SQLException {
			byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
			copyIn.writeToCopy(bytes, 0, bytes.length);
			progress.advance(rows);
			buffer.setLength(0);
			rows = 0;
		}

		void finish() throws SQLException {
			flush();
			copyIn.endCopy();
		}

		@Override
		public void close() throws SQLException {
			if (copyIn.isActive()) {
				copyIn.cancelCopy();
			}
		}

	}

}
