package dev.taskflow.support;

import dev.taskflow.security.UserStatus;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Users for tests of features other than accounts: a row written straight into the
 * database and a token signed with the suite's secret, the way another service sharing
 * {@code BETTER_AUTH_SECRET} would mint one.
 */
public final class TestUsers {

	private TestUsers() {
	}

	public record TestUser(long id, String username, String token) {
		public String bearer() {
			return "Bearer " + token;
		}
	}

	public static TestUser create(TestDatabase database) {
		return create(database, "user");
	}

	public static TestUser create(TestDatabase database, String role) {
		String username = "u_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		String sql = """
				INSERT INTO users (email, username, password_hash, full_name, role)
				VALUES (?, ?, 'not-a-usable-hash', 'Test User', ?)
				RETURNING id""";
		try (var connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, username + "@example.test");
			statement.setString(2, username);
			statement.setString(3, role);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				long id = result.getLong(1);
				return new TestUser(id, username, token(id, Duration.ofHours(1)));
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * An HS256 token for {@code userId}, valid for {@code ttl} from now (negative for an
	 * expired one).
	 */
	public static String token(long userId, Duration ttl) {
		return sign(TestServer.AUTH_SECRET, userId, ttl);
	}

	public static String sign(String secret, long userId, Duration ttl) {
		Instant now = Instant.now();
		return sign(secret,
				new JWTClaimsSet.Builder().subject(Long.toString(userId))
					.issueTime(Date.from(now.minusSeconds(ttl.isNegative() ? 7200 : 0)))
					.expirationTime(Date.from(now.plus(ttl)))
					.build());
	}

	/**
	 * A token valid for an hour that carries {@code tokenVersion}, as this server's
	 * sign-in issues them.
	 */
	public static String tokenWithVersion(long userId, Object tokenVersion) {
		Instant now = Instant.now();
		return sign(TestServer.AUTH_SECRET,
				new JWTClaimsSet.Builder().subject(Long.toString(userId))
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
					.claim(UserStatus.TOKEN_VERSION_CLAIM, tokenVersion)
					.build());
	}

	private static String sign(String secret, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

}
