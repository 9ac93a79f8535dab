package dev.taskflow.account;

import io.r2dbc.postgresql.api.PostgresqlException;

/** A unique index refused a row: which one says which field is taken. */
class UniqueViolation extends RuntimeException {

	private static final String UNIQUE_VIOLATION = "23505";

	private final String constraint;

	private UniqueViolation(String constraint) {
		super("unique violation on " + constraint, null, false, false);
		this.constraint = constraint;
	}

	String constraint() {
		return constraint;
	}

	static boolean matches(Throwable error) {
		return find(error) != null;
	}

	static UniqueViolation from(Throwable error) {
		PostgresqlException postgres = find(error);
		return new UniqueViolation(postgres == null ? "" : postgres.getErrorDetails().getConstraintName().orElse(""));
	}

	private static PostgresqlException find(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof PostgresqlException postgres
					&& UNIQUE_VIOLATION.equals(postgres.getErrorDetails().getCode())) {
				return postgres;
			}
		}
		return null;
	}

}
