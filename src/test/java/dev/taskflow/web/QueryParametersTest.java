package dev.taskflow.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one reading of a query string every route uses: 400 naming the parameter. */
class QueryParametersTest {

	@Test
	void aRouteThatTakesNoneRefusesAnyNamingIt() {
		assertRefused(() -> QueryParameters.none(query("debug", "1")), "debug", "this route takes none");
		QueryParameters.none(query());
	}

	@Test
	void anUnknownParameterIsRefusedNamingWhatIsExpected() {
		assertRefused(() -> QueryParameters.of(query("limt", "5"), Set.of("limit", "offset")), "limt",
				"expected one of [limit, offset]");
	}

	@Test
	void aRepeatedParameterOrOneWithoutValueIsRefused() {
		assertRefused(() -> QueryParameters.of(query("limit", "5", "limit", "50"), Set.of("limit")), "limit",
				"more than once");
		MultiValueMap<String, String> bare = new LinkedMultiValueMap<>();
		bare.add("limit", null);
		assertRefused(() -> QueryParameters.of(bare, Set.of("limit")), "limit", "has no value");
	}

	@Test
	void integersAreReadWithinTheirRangeOrRefused() {
		QueryParameters query = QueryParameters.of(query("limit", "100", "offset", "9000000000"),
				Set.of("limit", "offset", "absent"));
		assertThat(query.integer("limit", 20, 1, 100)).isEqualTo(100);
		assertThat(query.integer("absent", 20, 1, 100)).isEqualTo(20);
		assertThat(query.whole("offset", 0, 0, Long.MAX_VALUE)).isEqualTo(9_000_000_000L);
		assertRefused(() -> query.integer("offset", 0, 0, 10_000), "offset", "integer from 0 to 10000");
		assertRefused(
				() -> QueryParameters.of(query("offset", "-1"), Set.of("offset")).whole("offset", 0, 0, Long.MAX_VALUE),
				"offset", "integer of at least 0");
		assertRefused(() -> QueryParameters.of(query("limit", "ten"), Set.of("limit")).integer("limit", 20, 1, 100),
				"limit", "from 1 to 100");
	}

	@Test
	void booleansChoicesAndTimestampsAreExact() {
		QueryParameters query = QueryParameters.of(query("done", "TRUE", "count", "none", "at", "2026-05-01T12:00:00Z"),
				Set.of("done", "count", "at"));
		assertRefused(() -> query.bool("done"), "done", "true or false");
		assertThat(query.choice("count", "exact", List.of("exact", "none"))).isEqualTo("none");
		assertThat(query.instant("at")).hasToString("2026-05-01T12:00:00Z");
		assertRefused(() -> QueryParameters.of(query("at", "2026-05-01"), Set.of("at")).instant("at"), "at",
				"ISO-8601");
	}

	private static void assertRefused(Runnable read, String parameter, String detail) {
		assertThatThrownBy(read::run).isInstanceOfSatisfying(ProblemException.class, problem -> {
			assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(problem.properties()).containsEntry("parameter", parameter);
			assertThat(problem.detail()).contains(detail);
		});
	}

	private static MultiValueMap<String, String> query(String... namesAndValues) {
		MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
		List<String> list = Arrays.asList(namesAndValues);
		for (int i = 0; i < list.size(); i += 2) {
			values.add(list.get(i), list.get(i + 1));
		}
		return values;
	}

}
