package dev.taskflow.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvFileTest {

	@Test
	void readsAssignmentsCommentsExportsAndQuotes() {
		Map<String, String> values = EnvFile.parse("""
				# a comment
				DATABASE_URL=postgresql://u:p@localhost/db?sslmode=disable
				export DB_POOL_SIZE=7
				BETTER_AUTH_SECRET="a quoted value with = signs"
				ALLOWED_ORIGINS='http://localhost:3000'

				not an assignment
				""");

		assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("DATABASE_URL",
				"postgresql://u:p@localhost/db?sslmode=disable", "DB_POOL_SIZE", "7", "BETTER_AUTH_SECRET",
				"a quoted value with = signs", "ALLOWED_ORIGINS", "http://localhost:3000"));
	}

}
