package dev.taskflow.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathIdsTest {

	@Test
	void theIdIsReadFromThePath() {
		assertThat(PathIds.id(MockServerRequest.builder().pathVariable("id", "42").build(), "No such task."))
			.isEqualTo(42);
		assertThat(PathIds.id(MockServerRequest.builder().pathVariable("id", "0009").build(), "No such task."))
			.isEqualTo(9);
	}

	@Test
	void aNumberTooLargeForAnIdNamesNothing() {
		assertThatThrownBy(() -> PathIds.parse("9223372036854775808", "No such user."))
			.isInstanceOfSatisfying(ProblemException.class, problem -> {
				assertThat(problem.status()).isEqualTo(HttpStatus.NOT_FOUND);
				assertThat(problem.detail()).isEqualTo("No such user.");
			});
	}

	@Test
	void theRouteSegmentAdmitsDigitsOnly() {
		String pattern = PathIds.SEGMENT.substring("{id:".length(), PathIds.SEGMENT.length() - 1);
		assertThat("123").matches(pattern);
		assertThat("+7").doesNotMatch(pattern);
		assertThat("-1").doesNotMatch(pattern);
		assertThat("").doesNotMatch(pattern);
	}

}
