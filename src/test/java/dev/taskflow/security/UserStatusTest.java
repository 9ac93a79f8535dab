package dev.taskflow.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which tokens a user's current token version lets through. */
class UserStatusTest {

	private static final AuthenticatedUser USER = new AuthenticatedUser(7, "user");

	@Test
	void aTokenCarryingTheCurrentVersionIsAccepted() {
		assertThat(new UserStatus(USER, 3).accepts(token(3L))).isTrue();
	}

	@Test
	void aTokenCarryingAnEarlierVersionIsRefused() {
		assertThat(new UserStatus(USER, 3).accepts(token(2L))).isFalse();
	}

	@Test
	void aTokenWithoutTheClaimCountsAsVersionZero() {
		assertThat(new UserStatus(USER, 0).accepts(token(null))).isTrue();
		assertThat(new UserStatus(USER, 1).accepts(token(null))).isFalse();
	}

	@Test
	void aClaimThatIsNotANumberIsRefused() {
		assertThat(new UserStatus(USER, 0).accepts(token("0"))).isFalse();
	}

	private static Jwt token(Object version) {
		Jwt.Builder builder = Jwt.withTokenValue("token")
			.header("alg", "HS256")
			.subject("7")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		if (version != null) {
			builder.claim(UserStatus.TOKEN_VERSION_CLAIM, version);
		}
		return builder.build();
	}

}
