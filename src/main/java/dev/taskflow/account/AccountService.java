package dev.taskflow.account;

import dev.taskflow.security.UserStatusLookup;
import dev.taskflow.web.FieldErrors;
import dev.taskflow.web.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/** Registration, sign-in and a user's own account. */
@Service
class AccountService {

	private final UserRepository users;

	private final PasswordHasher passwords;

	private final LoginThrottle throttle;

	private final TokenIssuer tokens;

	private final UserStatusLookup statuses;

	AccountService(UserRepository users, PasswordHasher passwords, LoginThrottle throttle, TokenIssuer tokens,
			UserStatusLookup statuses) {
		this.users = users;
		this.passwords = passwords;
		this.throttle = throttle;
		this.tokens = tokens;
		this.statuses = statuses;
	}

	Mono<UserView> register(RegisterRequest request) {
		return Mono.defer(() -> {
			String email = AccountRules.normalizeEmail(request.email());
			String fullName = strip(request.fullName());
			FieldErrors errors = new FieldErrors();
			AccountRules.email(errors, email);
			AccountRules.username(errors, request.username());
			AccountRules.password(errors, "password", request.password());
			AccountRules.fullName(errors, fullName);
			errors.throwIfAny();
			return passwords.hash(request.password())
				.flatMap(hash -> users.insert(new NewUser(email, request.username(), hash, fullName)))
				.onErrorMap(UniqueViolation.class, AccountService::taken);
		});
	}

	/**
	 * Every way of failing (no such account, wrong password, deactivated, deleted) takes
	 * the same steps and gives the same answer, so a caller cannot learn which accounts
	 * exist.
	 */
	Mono<TokenResponse> login(LoginRequest request, String clientAddress) {
		return Mono.defer(() -> {
			String login = AccountRules.normalizeLogin(request.login());
			FieldErrors errors = new FieldErrors();
			AccountRules.login(errors, login);
			if (request.password() == null || request.password().isEmpty()) {
				errors.reject("password", "is required");
			}
			errors.throwIfAny();
			return users.findForLogin(login).defaultIfEmpty(LoginCandidate.nobody()).flatMap(candidate -> {
				String accountKey = candidate.throttleKey(login);
				String addressKey = addressKey(clientAddress);
				return throttle.enter(accountKey, addressKey)
					.then(passwords.matches(request.password(), candidate.passwordHash()))
					.flatMap(
							matches -> matches && candidate.active()
									? throttle.succeeded(accountKey, addressKey)
										.then(users.recordLogin(candidate.id()))
										.then(Mono
											.fromSupplier(() -> tokens.issue(candidate.id(), candidate.tokenVersion())))
									: Mono.error(AccountService::loginFailed));
			});
		});
	}

	Mono<UserView> me(long userId) {
		return users.find(userId).switchIfEmpty(Mono.error(AccountService::gone));
	}

	/**
	 * A new password needs the current one; a wrong current one counts as a failed
	 * sign-in.
	 */
	Mono<UserView> update(long userId, ProfileUpdateRequest request, String clientAddress) {
		return Mono.defer(() -> {
			String fullName = strip(request.fullName());
			FieldErrors errors = new FieldErrors();
			if (fullName != null) {
				AccountRules.fullName(errors, fullName);
			}
			if (request.password() != null) {
				AccountRules.password(errors, "password", request.password());
				if (request.currentPassword() == null || request.currentPassword().isEmpty()) {
					errors.reject("currentPassword", "is required to change the password");
				}
			}
			errors.throwIfAny();
			if (fullName == null && request.password() == null) {
				return me(userId);
			}
			if (request.password() == null) {
				return users.updateProfile(userId, fullName, null).switchIfEmpty(Mono.error(AccountService::gone));
			}
			return checkCurrentPassword(userId, request.currentPassword(), clientAddress)
				.then(passwords.hash(request.password()))
				.flatMap(hash -> users.updateProfile(userId, fullName, hash))
				.doOnNext(changed -> statuses.forget(userId))
				.switchIfEmpty(Mono.error(AccountService::gone));
		});
	}

	Mono<Void> delete(long userId) {
		return users.softDelete(userId).doOnNext(deleted -> statuses.forget(userId)).then();
	}

	private Mono<Void> checkCurrentPassword(long userId, String currentPassword, String clientAddress) {
		String accountKey = "user:" + userId;
		String addressKey = addressKey(clientAddress);
		return users.passwordHash(userId)
			.switchIfEmpty(Mono.error(AccountService::gone))
			.flatMap(hash -> throttle.enter(accountKey, addressKey).then(passwords.matches(currentPassword, hash)))
			.flatMap(matches -> matches ? throttle.succeeded(accountKey, addressKey)
					: Mono.error(() -> new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT,
							"The request has invalid fields.",
							Map.of("errors", List.of(Map.of("field", "currentPassword", "message", "is not correct"))),
							HttpHeaders.EMPTY)));
	}

	private static String addressKey(String clientAddress) {
		return "address:" + clientAddress;
	}

	private static String strip(String value) {
		return value == null ? null : value.strip();
	}

	private static ProblemException taken(UniqueViolation violation) {
		String field = switch (violation.constraint()) {
			case "users_email_key" -> "email";
			case "users_username_key" -> "username";
			default -> null;
		};
		if (field == null) {
			return new ProblemException(HttpStatus.CONFLICT, "The account conflicts with an existing one.");
		}
		return new ProblemException(HttpStatus.CONFLICT, "The " + field + " is already taken.",
				Map.of("errors", List.of(Map.of("field", field, "message", "is already taken"))), HttpHeaders.EMPTY);
	}

	private static ProblemException loginFailed() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		return new ProblemException(HttpStatus.UNAUTHORIZED, "The login or the password is wrong.", Map.of(), headers);
	}

	/** The caller was authenticated a moment ago; its account went away since. */
	private static ProblemException gone() {
		return new ProblemException(HttpStatus.NOT_FOUND, "The account no longer exists.");
	}

}
