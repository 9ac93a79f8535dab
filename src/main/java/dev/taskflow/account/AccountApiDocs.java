package dev.taskflow.account;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.springdoc.core.fn.builders.operation.Builder;

import static dev.taskflow.web.ApiDocs.JSON;
import static dev.taskflow.web.ApiDocs.badRequest;
import static dev.taskflow.web.ApiDocs.bearer;
import static dev.taskflow.web.ApiDocs.bodyTooSlow;
import static dev.taskflow.web.ApiDocs.invalidTokenSent;
import static dev.taskflow.web.ApiDocs.problem;
import static dev.taskflow.web.ApiDocs.query;
import static dev.taskflow.web.ApiDocs.tooLarge;
import static dev.taskflow.web.ApiDocs.unauthorized;
import static dev.taskflow.web.ApiDocs.unavailable;
import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;

/**
 * The OpenAPI description of each account route, kept beside {@link AccountRouter}. The
 * request records themselves carry no annotations, so their documented shapes (with which
 * fields are required) are the records below; each has exactly the fields of the request
 * record it stands for.
 */
final class AccountApiDocs {

	private static final String ACCOUNTS = "Accounts";

	private static final String ADMIN = "Administration";

	private static final String PASSWORD_RULES = AccountRules.PASSWORD_MIN + " to " + AccountRules.PASSWORD_MAX
			+ " characters, with an upper-case letter, a digit and one of " + AccountRules.PASSWORD_SPECIALS;

	private static final String ANY_PARAMETER = "Any query parameter: this route takes none (`parameter` names it)";

	/** Hashing and checking passwords runs on a bounded pool of its own. */
	private static final String HASHING_BUSY = ", or too many passwords are being hashed or checked at once";

	private static final String FIELD_ERRORS = "Invalid or unknown fields, or values of the wrong type, each listed in "
			+ "errors[] with what is wrong";

	private static final String FULL_NAME_RULES = "Trimmed; 1 to " + AccountRules.FULL_NAME_MAX
			+ " characters, not blank, no control characters";

	private AccountApiDocs() {
	}

	@Schema(name = "RegisterRequest")
	record Registration(
			@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = AccountRules.EMAIL_MAX,
					description = "Trimmed and lower-cased; unique") String email,
			@Schema(requiredMode = RequiredMode.REQUIRED, pattern = "^[A-Za-z0-9_.-]{3,50}$",
					description = "3 to 50 letters, digits, '_', '.' or '-'; unique whatever its case") String username,
			@Schema(requiredMode = RequiredMode.REQUIRED, minLength = AccountRules.PASSWORD_MIN,
					maxLength = AccountRules.PASSWORD_MAX, description = PASSWORD_RULES) String password,
			@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = AccountRules.FULL_NAME_MAX,
					description = FULL_NAME_RULES) String fullName) {
	}

	@Schema(name = "LoginRequest")
	record Credentials(
			@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = AccountRules.LOGIN_MAX,
					description = "The email or the username, in any case") String login,
			@Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1) String password) {
	}

	@Schema(name = "ProfileUpdateRequest", description = "Absent or null fields stay as they are.")
	record ProfileChange(
			@Schema(nullable = true, maxLength = AccountRules.FULL_NAME_MAX,
					description = FULL_NAME_RULES) String fullName,
			@Schema(nullable = true, minLength = AccountRules.PASSWORD_MIN, maxLength = AccountRules.PASSWORD_MAX,
					description = "The new password: " + PASSWORD_RULES + ". Needs currentPassword, and ends "
							+ "every token issued before it, the one sending it included") String password,
			@Schema(nullable = true, description = "Required with password") String currentPassword) {
	}

	@Schema(name = "UserUpdateRequest", description = "Absent or null fields stay as they are.")
	record AccountChange(
			@Schema(nullable = true,
					description = "False deactivates the account: its tokens stop working at once") Boolean isActive,
			@Schema(nullable = true, allowableValues = {
					"user", "admin" }) String role){
	}

	static void register(Builder operation) {
		operation.operationId("register")
			.tag(ACCOUNTS)
			.summary("Create an account")
			.description("Open to anyone; the account gets role user. Every invalid field is reported at once.")
			.requestBody(body(Registration.class))
			.response(responseBuilder().responseCode("201")
				.description("Created")
				.header(headerBuilder().name("Location")
					.description("/api/v1/users/me")
					.schema(schemaBuilder().type("string")))
				.content(json(UserView.class)))
			.response(invalidTokenSent())
			.response(problem("409", "The email or the username is already taken; errors[] names which"))
			.response(unavailable(HASHING_BUSY));
		bodyProblems(operation, FIELD_ERRORS);
	}

	static void login(Builder operation) {
		operation.operationId("login")
			.tag(ACCOUNTS)
			.summary("Sign in for a bearer token")
			.description("Open to anyone. At most " + LoginThrottle.MAX_FAILURES + " failed attempts per account and "
					+ "per client address in " + LoginThrottle.WINDOW.toMinutes() + " minutes; then 429 until the "
					+ "window ends.")
			.requestBody(body(Credentials.class))
			.response(responseBuilder().responseCode("200")
				.description("A token, sent with Cache-Control: no-store")
				.content(json(TokenResponse.class)))
			.response(unauthorized("The login or the password is wrong: the same answer for an unknown, deactivated "
					+ "or deleted account; or a bearer token was sent and is not valid"))
			.response(throttled("Too many failed attempts for the account or from the address"))
			.response(unavailable(HASHING_BUSY));
		bodyProblems(operation, FIELD_ERRORS);
	}

	static void me(Builder operation) {
		bearer(operation).operationId("getMe")
			.tag(ACCOUNTS)
			.summary("The caller's account")
			.response(responseBuilder().responseCode("200").description("The account").content(json(UserView.class)))
			.response(badRequest(ANY_PARAMETER))
			.response(problem("404", "The account was deleted while the request was under way"))
			.response(unavailable());
	}

	static void update(Builder operation) {
		bearer(operation).operationId("updateMe")
			.tag(ACCOUNTS)
			.summary("Change the caller's name or password")
			.description("A new password needs the current one, and a wrong current one counts as a failed sign-in "
					+ "(429 after too many). The new password ends every token issued before it, the one making the "
					+ "change included: sign in again.")
			.requestBody(body(ProfileChange.class))
			.response(responseBuilder().responseCode("200")
				.description("The account as it is now")
				.content(json(UserView.class)))
			.response(problem("404", "The account was deleted while the request was under way"))
			.response(throttled("Too many wrong current passwords"))
			.response(unavailable(HASHING_BUSY));
		bodyProblems(operation, FIELD_ERRORS + "; or a wrong currentPassword");
	}

	static void delete(Builder operation) {
		bearer(operation).operationId("deleteMe")
			.tag(ACCOUNTS)
			.summary("Delete the caller's account")
			.description("Its tokens stop working at once, and it can no longer sign in.")
			.response(responseBuilder().responseCode("204").description("Deleted"))
			.response(badRequest(ANY_PARAMETER))
			.response(unavailable());
	}

	static void list(Builder operation) {
		admin(operation).operationId("listUsers")
			.summary("List the accounts")
			.description("In id order; deleted accounts are left out. An unknown or out-of-range parameter is 400 "
					+ "naming it.")
			.parameter(query("limit", "Page size.").schema(schemaBuilder().type("integer")
				.minimum("1")
				.maximum(String.valueOf(AdminUserHandler.MAX_LIMIT))
				.defaultValue(String.valueOf(AdminUserHandler.DEFAULT_LIMIT))))
			.parameter(query("offset", "Accounts to skip.")
				.schema(schemaBuilder().type("integer").minimum("0").defaultValue("0")))
			.response(responseBuilder().responseCode("200").description("A page").content(json(UserPage.class)))
			.response(badRequest("An unknown, repeated or invalid query parameter (`parameter` names it)"))
			.response(unavailable());
	}

	static void adminUpdate(Builder operation) {
		admin(operation).operationId("updateUser")
			.summary("Activate, deactivate, promote or demote an account")
			.description("An administrator cannot deactivate or demote themselves (422). The change applies to the "
					+ "account's next request, whatever its tokens say.")
			.parameter(parameterBuilder().in(ParameterIn.PATH)
				.name("id")
				.required(true)
				.schema(schemaBuilder().type("integer").format("int64")))
			.requestBody(body(AccountChange.class))
			.response(responseBuilder().responseCode("200")
				.description("The account as it is now")
				.content(json(UserView.class)))
			.response(problem("404", "No such account, or a deleted one"))
			.response(unavailable());
		bodyProblems(operation, FIELD_ERRORS + "; or the caller deactivating or demoting themselves");
	}

	private static Builder admin(Builder operation) {
		return bearer(operation).tag(ADMIN).response(problem("403", "The caller is not an administrator"));
	}

	private static org.springdoc.core.fn.builders.requestbody.Builder body(Class<?> type) {
		return requestBodyBuilder().required(true).content(json(type));
	}

	private static org.springdoc.core.fn.builders.content.Builder json(Class<?> type) {
		return contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(type));
	}

	/** The login throttle's answer: 429 with the seconds until its window ends. */
	private static org.springdoc.core.fn.builders.apiresponse.Builder throttled(String description) {
		return problem("429", description).header(headerBuilder().name("Retry-After")
			.description("Seconds until the window ends")
			.schema(schemaBuilder().type("integer")));
	}

	/**
	 * A JSON body bound to a request record, on a route that takes no query parameters.
	 */
	private static void bodyProblems(Builder operation, String unprocessable) {
		operation.response(badRequest("Malformed JSON, a body that is not a JSON object, or any query parameter"))
			.response(bodyTooSlow())
			.response(tooLarge(""))
			.response(problem("415", "A body sent as another content type than " + JSON))
			.response(problem("422", unprocessable));
	}

}
