package dev.taskflow.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * HS256 tokens signed with {@code BETTER_AUTH_SECRET}: Spring Security's Nimbus support,
 * not hand-rolled parsing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthSettings.class)
class JwtConfiguration {

	/**
	 * A token's subject is a user id; compiled once, since every authenticated request
	 * checks it.
	 */
	private static final Pattern USER_ID = Pattern.compile("\\d{1,18}");

	@Bean
	VerifiedTokenCache jwtDecoder(AuthSettings settings) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(key(settings))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		OAuth2TokenValidator<Jwt> expiresAndHasSubject = new DelegatingOAuth2TokenValidator<>(
				new JwtTimestampValidator(Duration.ofSeconds(5)),
				new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull), new JwtClaimValidator<String>(
						JwtClaimNames.SUB, subject -> subject != null && USER_ID.matcher(subject).matches()));
		decoder.setJwtValidator(expiresAndHasSubject);
		// A remembered token passed every validator once; only time can change its
		// verdict.
		return new VerifiedTokenCache(decoder, new JwtTimestampValidator(Duration.ofSeconds(5)));
	}

	@Bean
	JwtEncoder jwtEncoder(AuthSettings settings) {
		return NimbusJwtEncoder.withSecretKey(key(settings)).algorithm(MacAlgorithm.HS256).build();
	}

	private static SecretKey key(AuthSettings settings) {
		return new SecretKeySpec(settings.secret(), "HmacSHA256");
	}

}
